// Package party keeps 党建 in the communities (docs/design.md §19): the
// party organisations (社区党委/党总支/党支部, 网格党小组) attached to
// communities and grids; the members, their name, phone and ID number
// sealed like everyone's personal data; 在职党员 "双报到" — a member of a
// unit reports to the community where they live and to the unit's paired
// community; the service tasks a community publishes, which members claim
// and complete for credited hours (and the 微心愿 they claim as themselves,
// through internal/wish); 党员结对联系 (households a member looks after,
// with visits); 机关干部下沉 (cadres assigned to a community, their duty
// schedule and service records); and 党代表接待日, where each matter a
// resident raises can become a work order in one step.
//
// Who may do what is decided here (MayRead, MayKeep, Actions): a community
// keeps its own, a street its communities', the district's admin the
// sending units; leaders read. A member is in a community's scope when they
// live there or their unit is paired with it. Outside scope is NotFound.
// Every change is audited as party.<verb>.
package party
