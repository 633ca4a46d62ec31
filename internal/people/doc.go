// Package people keeps the register of 实有人口 (real people) of the grid's
// information base: people with their documents (GB 11643 resident ID
// numbers and other permits), phones, 户籍 and residence, the houses they
// live in, households (户) and house owners, and the changes 楼长/单元长
// report that the community confirms (docs/design.md §8).
//
// Names, document numbers and phones are sealed with internal/pii and found
// through keyed blind indexes; they are shown masked, and revealed only with
// a purpose, audited. A person is seen by name only by the staff of their
// community, grid or building; streets and leaders see counts.
package people
