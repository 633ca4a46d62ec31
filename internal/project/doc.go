// Package project keeps old-neighbourhood renovation (老旧小区改造) and the
// yearly livelihood lists (民生实事): programmes (year, batch) → projects →
// the 小区 and buildings they cover, households counted from the houses of
// the grid's information base, work items from an admin-edited catalogue
// with their national class, funding and spending in fen, output
// indicators, 标段 with milestones and geotagged progress reports,
// acceptance and orders filed from a project page. Every total is computed
// from the records (docs/design.md §9).
package project
