// Package address keeps the standard addresses (标准地址) of each community —
// a door plate (街路巷 + 门牌号) and under it buildings, units and rooms
// (户室), each with a point and a grid — the houses (实有房屋) at the room
// addresses, and the estates (小区) they stand in. It owns their SQL, the
// scope rules for who may see and change them, and the in-memory search
// that turns what an operator or resident types into an address and its
// grid.
package address

// Address levels, from the door plate down.
const (
	LevelDoor     = "door"
	LevelBuilding = "building"
	LevelUnit     = "unit"
	LevelRoom     = "room"
)
