// Package consultation keeps 征询: residents deciding 改不改 (whether), 改什么
// (which work items, within a budget) and 怎么改 (which plan) for a
// renovation project's 小区 or some of its buildings. Ballots are per house
// (专有部分), cast at the community desk from a signed paper ballot (its
// photo attached, EXIF stripped) or by the owner with a one-time code. The
// result follows 民法典 第278条 or a household-consent share, computed with
// integer arithmetic on areas in dm² (0.01 m²) — never floats
// (docs/design.md §11a).
package consultation
