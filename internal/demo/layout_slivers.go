package demo

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/paulmach/orb"
)

const (
	// sliverFraction: a clipped cell smaller than this share of its block's
	// nominal area is merged into the neighbour it shares most boundary with.
	sliverFraction = 0.12
	// minCellArea (m²): what cannot be merged and is smaller is dropped.
	minCellArea = 300
)

// mergeSlivers folds the small leftovers of clipping into their neighbours,
// smallest first, and drops unmergeable crumbs below minCellArea.
func mergeSlivers(cells []tileCell, frame localFrame) []tileCell {
	owner := make(map[directedEdge]int)
	for ci, c := range cells {
		for k := 0; k+1 < len(c.ring); k++ {
			owner[directedEdge{c.ring[k], c.ring[k+1]}] = ci
		}
	}
	setOwner := func(ci int, own bool) {
		r := cells[ci].ring
		for k := 0; k+1 < len(r); k++ {
			if own {
				owner[directedEdge{r[k], r[k+1]}] = ci
			} else {
				delete(owner, directedEdge{r[k], r[k+1]})
			}
		}
	}
	alive := make([]bool, len(cells))
	var small []int
	for ci, c := range cells {
		alive[ci] = true
		if c.area < sliverFraction*c.nominal*c.nominal {
			small = append(small, ci)
		}
	}
	slices.SortStableFunc(small, func(a, b int) int { return cmp.Compare(cells[a].area, cells[b].area) })

	for _, x := range small {
		if !alive[x] || cells[x].area >= sliverFraction*cells[x].nominal*cells[x].nominal {
			continue
		}
		shared := map[int]float64{}
		r := cells[x].ring
		for k := 0; k+1 < len(r); k++ {
			if y, ok := owner[directedEdge{r[k+1], r[k]}]; ok && y != x {
				shared[y] += frame.distance(r[k], r[k+1])
			}
		}
		best := -1
		for y, length := range shared {
			if best == -1 || length > shared[best] || (length == shared[best] && y < best) {
				best = y
			}
		}
		if best >= 0 {
			if merged, ok := unionRings([]orb.Ring{cells[best].ring, r}); ok && len(merged) == 1 {
				setOwner(x, false)
				setOwner(best, false)
				cells[best] = newTileCell(merged[0], cells[best].nominal, frame)
				setOwner(best, true)
				alive[x] = false
				continue
			}
		}
		if cells[x].area < minCellArea {
			setOwner(x, false)
			alive[x] = false
		}
	}
	out := cells[:0:0]
	for ci, c := range cells {
		if alive[ci] && c.area >= minCellArea {
			out = append(out, c)
		}
	}
	return out
}

// cellNeighbours lists, for every cell, the cells it shares at least one edge with (sorted).
func cellNeighbours(cells []tileCell) [][]int {
	owner := make(map[directedEdge]int)
	for ci, c := range cells {
		for k := 0; k+1 < len(c.ring); k++ {
			owner[directedEdge{c.ring[k], c.ring[k+1]}] = ci
		}
	}
	nbr := make([][]int, len(cells))
	for ci, c := range cells {
		for k := 0; k+1 < len(c.ring); k++ {
			if o, ok := owner[directedEdge{c.ring[k+1], c.ring[k]}]; ok && o != ci && !slices.Contains(nbr[ci], o) {
				nbr[ci] = append(nbr[ci], o)
			}
		}
		slices.Sort(nbr[ci])
	}
	return nbr
}

// largestComponent keeps the edge-connected group holding most of the area:
// streets and communities must be contiguous, so a crumb that touches the
// rest only at a point cannot be used. A sizeable detached part means the
// outline is not one piece, which Layout does not support.
func largestComponent(cells []tileCell) ([]tileCell, error) {
	nbr := cellNeighbours(cells)
	comp := make([]int, len(cells))
	for i := range comp {
		comp[i] = -1
	}
	var areas []float64
	total := 0.0
	for start := range cells {
		if comp[start] >= 0 {
			continue
		}
		id := len(areas)
		areas = append(areas, 0)
		queue := []int{start}
		comp[start] = id
		for len(queue) > 0 {
			c := queue[0]
			queue = queue[1:]
			areas[id] += cells[c].area
			for _, n := range nbr[c] {
				if comp[n] < 0 {
					comp[n] = id
					queue = append(queue, n)
				}
			}
		}
		total += areas[id]
	}
	main := 0
	for id, a := range areas {
		if a > areas[main] {
			main = id
		}
	}
	if total > 0 && (total-areas[main])/total > 0.01 {
		return nil, fmt.Errorf("%w: outline splits into separate parts (%.1f%% of the area is detached)",
			ErrInvalidLayout, 100*(total-areas[main])/total)
	}
	out := cells[:0:0]
	for ci, c := range cells {
		if comp[ci] == main {
			out = append(out, c)
		}
	}
	return out, nil
}
