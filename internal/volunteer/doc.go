// Package volunteer keeps the volunteers of the communities (志愿服务):
// teams (队伍; 志愿巡逻队 are teams of kind patrol) of a street or a
// community; registered volunteers with skills and availability, their
// name and phone sealed with a blind index (one registration per phone),
// shown masked, revealed with an audited purpose; activities a community
// publishes with a time window, a place (a point and a radius) and a
// capacity; sign-ups (once each, never past the capacity); check-in on a
// phone by the QR code on the organiser's screen (a signed token that
// expires in minutes) or by GPS inside the radius, both only inside the
// time window; hours credited on check-out or on the organiser's
// confirmation; two append-only ledgers, service hours and 积分, whose
// totals are sums; and patrols of a patrol team with route, time, members
// and findings, each finding one step from a work order.
//
// Who may do what (Actions): community and street staff (and admins) keep
// the teams, volunteers, activities and patrols of their area; grid
// workers record patrols and read; leaders and supervisors read. Outside
// scope is NotFound. A volunteer acts on their own page through a personal
// card link (Card), with no account: sign up, check in and out, read their
// hours. The public sees published activities and places left, no person.
package volunteer
