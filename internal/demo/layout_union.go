package demo

import (
	"github.com/paulmach/orb"
)

// unionRings merges counter-clockwise rings that share edges exactly (same
// vertices, opposite directions): shared edges cancel and what remains is
// traced into one ring per edge-connected group. ok is false when a group's
// boundary is not a single simple counter-clockwise ring (a pinch or a hole);
// the caller then keeps the parts apart.
func unionRings(pieces []orb.Ring) (rings []orb.Ring, ok bool) {
	if len(pieces) == 1 {
		return pieces, true
	}
	owner := make(map[directedEdge]int)
	for pi, r := range pieces {
		for k := 0; k+1 < len(r); k++ {
			owner[directedEdge{r[k], r[k+1]}] = pi
		}
	}
	parent := make([]int, len(pieces))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for pi, r := range pieces {
		for k := 0; k+1 < len(r); k++ {
			if o, shared := owner[directedEdge{r[k+1], r[k]}]; shared {
				a, b := find(pi), find(o)
				parent[max(a, b)] = min(a, b)
			}
		}
	}

	// Boundary edges per group, groups in order of their first piece.
	groups := map[int][]directedEdge{}
	var order []int
	for pi, r := range pieces {
		root := find(pi)
		if _, seen := groups[root]; !seen {
			order = append(order, root)
			groups[root] = nil
		}
		for k := 0; k+1 < len(r); k++ {
			if _, shared := owner[directedEdge{r[k+1], r[k]}]; !shared {
				groups[root] = append(groups[root], directedEdge{r[k], r[k+1]})
			}
		}
	}
	for _, root := range order {
		traced, err := traceRings(groups[root])
		if err != nil || len(traced) != 1 || signedArea(traced[0]) <= 0 {
			return nil, false
		}
		rings = append(rings, traced[0])
	}
	return rings, true
}
