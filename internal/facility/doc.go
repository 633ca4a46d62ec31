// Package facility keeps the facilities (部件) of each community — street
// lights, manhole covers, cameras, access gates, parking spaces, bins … —
// in the classes of GB/T 30428.2 (公用设施、道路交通、市容环境、园林绿化、
// 房屋土地、其他), each with a code, a point (its grid found by the
// locator), an owner (a real unit or a department) and a state (完好、
// 损坏、丢失). An order can name a facility by its code and take its
// location, grid and owner from it.
//
// Codes. GB/T 30428.2 numbers a facility with the 6-digit county code, a
// 2-digit class (大类), a 2-digit sub-kind (小类) and a 6-digit sequence. A
// civicgrid code puts the 12-digit community code in place of the county
// (so the code says whose facility it is), keeps class and sub-kind, and
// numbers 4 digits per community and sub-kind after a dash:
//
//	210504002001 01 09 - 0123   →   2105040020010109-0123
//	community    class sub-kind  sequence (streetlight 0123 of 东兴社区)
//
// The class codes are the standard's (01 公用设施 … 06 其他); the sub-kinds
// are the ones a community meets, numbered by civicgrid within each class
// (Kinds). Typed codes may leave out the dash or use full-width digits.
package facility
