// Package mediation keeps the 人民调解 cases of the communities: a dispute
// between parties (sealed like everyone's personal data), its type, the
// mediator, the sittings (调解记录), the deadline and the outcome —
// 调解成功 with the agreement recorded, 调解不成功, or 转诉讼 — and the
// measures built on them (调解成功率, time to resolution).
//
// Levels follow "小事不出社区，大事不出街道": a case opens at its community;
// what the community cannot settle it escalates (转交街道综治中心) to its
// street, which then mediates it and closes it. A street never escalates
// further: its outcomes are the case's end (转诉讼 hands it to the court).
//
// A work order of a mediation category opens a case in one step
// (OpenFromOrder); closing the case writes the outcome to the order's
// timeline and, when the closer handles the order, resolves it (or gives
// its provisional reply when it is not yet signed for).
//
// Who may do what is decided here (MayRead, Actions): community staff work
// the cases of their community at community level, street staff those of
// their street at street level; leaders and supervisors read. Everything
// outside the actor's scope is NotFound. Every change is audited.
package mediation
