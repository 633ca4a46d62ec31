// Package deliberation keeps a community's 议事协商: the topics residents,
// work orders and staff put forward (议题), the meetings of the
// 议事协商委员会 or 居民代表会议 that decide them (participants from the
// residents' representatives, party members, 物业, 业委会, units …, minutes,
// and per topic a decision with its votes), the follow-up tasks of adopted
// decisions (落实任务: owner, due date, result), and the publication of a
// meeting's results to the community.
//
// A topic goes proposed → scheduled (on a meeting) → decided (adopted,
// rejected or deferred; a deferred topic may be scheduled again), or is
// declined with a reason. A meeting goes planned → held (minutes required)
// → published (every topic on it decided). Only an adopted topic takes
// tasks. The public sees published meetings only: titles, decisions, votes,
// tasks and their progress, and how many of each kind took part — never a
// name or the minutes.
//
// Who may do what is decided here (MayRead, MayWork, the Actions functions):
// community and street staff and admins work the topics and meetings of the
// communities in their scope; leaders and supervisors read. Outside the
// scope is NotFound. Every change is audited (deliberation.<verb>).
package deliberation
