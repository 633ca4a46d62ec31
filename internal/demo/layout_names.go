package demo

import (
	"cmp"
	"math"
	"slices"
)

// numberingOrder sorts one community's cells in grid numbering order: rows
// north to south, then west to east. A row is one typical cell height
// (square root of the median cell area) counted from the northmost centroid.
func gridNumberingOrder(ids []int, cells []tileCell) []int {
	if len(ids) == 0 {
		return nil
	}
	areas := make([]float64, len(ids))
	north := math.Inf(-1)
	for k, id := range ids {
		areas[k] = cells[id].area
		north = math.Max(north, cells[id].centroid[1])
	}
	slices.Sort(areas)
	rowHeight := math.Sqrt(areas[len(areas)/2])
	row := func(id int) int { return int(math.Round((north - cells[id].centroid[1]) / rowHeight)) }
	out := slices.Clone(ids)
	slices.SortFunc(out, func(a, b int) int {
		return cmp.Or(cmp.Compare(row(a), row(b)), cmp.Compare(cells[a].centroid[0], cells[b].centroid[0]), cmp.Compare(a, b))
	})
	return out
}
