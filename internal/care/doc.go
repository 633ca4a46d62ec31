// Package care keeps the care groups of the grid's information base
// (docs/design.md §13): 关爱对象 (独居/空巢/失能老人, 留守/困境儿童, 残疾人,
// 低保, 特困, 优抚对象) and 重点人群 (社区矫正, 刑满释放, 吸毒人员, 严重精神障碍
// 患者), the people enrolled in them, each group's visit plan (a frequency
// an admin may change), the visits (走访) grid workers record on their
// phones, the grid log (网格日志) of a worker's day, and the visit measures.
//
// Membership is sensitive personal information (PIPL art. 28). A member
// row keeps the person it names sealed and found by a keyed blind index,
// so the store shows how many members a grid has in a group, never who.
// Members are named (masked) only to the staff of the person's community
// and grid and to roles an admin grants per group, always within the
// viewer's scope; every other role sees counts. Out of scope is NotFound.
//
// Overdue visits become grid tasks (one open task per grid, like hot
// spots) when the background duty calls RaiseOverdue.
package care
