package demo

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// CommunityDisplayName shortens an official committee name to what people
// call the place: 永光社区居委会 → 永光社区, 大峪村委会 / 大峪村民委员会 → 大峪村.
func CommunityDisplayName(official string) string {
	for _, s := range []struct{ suffix, village string }{
		{"村民委员会", "村"}, {"村委会", "村"}, {"居民委员会", ""}, {"居委会", ""},
	} {
		if base, ok := strings.CutSuffix(official, s.suffix); ok && base != "" {
			if strings.HasSuffix(base, s.village) {
				return base
			}
			return base + s.village
		}
	}
	return official
}

// isVillage reports whether the committee is a villagers' committee (村).
func isVillageCommittee(official string) bool {
	return strings.HasSuffix(official, "村民委员会") || strings.HasSuffix(official, "村委会")
}

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
