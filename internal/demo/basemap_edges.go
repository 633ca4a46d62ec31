package demo

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Road classes of the base layer, from the grids either side of a block
// edge: a street (街道) boundary is a main road, a community boundary a
// road, an edge between two grids of one community a lane.
const (
	roadMain = "main"
	roadRoad = "road"
	roadLane = "lane"
)

// blockEdge is one edge of a grid's ring with the grids on its two sides.
type blockEdge struct {
	a, b        orb.Point
	left, right int // grid indices; right is -1 on the district's outline
}

// blockEdges lists every edge between two grids once. Neighbouring grids
// share the lattice's vertices, so most shared edges are found by their
// end points; where a large grid's edge runs along several small ones (a
// T-junction) the neighbour is the grid just across the edge's middle.
// Edges on the district's outline have no neighbour and are left out.
func blockEdges(grids []LayoutGrid) []blockEdge {
	type key [4]float64
	owners := map[key][]int{}
	var order []key
	for gi, g := range grids {
		for _, r := range g.Polygon {
			for i := 0; i+1 < len(r); i++ {
				a, b := r[i], r[i+1]
				if a == b {
					continue
				}
				if a[0] > b[0] || (a[0] == b[0] && a[1] > b[1]) {
					a, b = b, a
				}
				k := key{a[0], a[1], b[0], b[1]}
				if _, seen := owners[k]; !seen {
					order = append(order, k)
				}
				owners[k] = append(owners[k], gi)
			}
		}
	}
	bounds := make([]orb.Bound, len(grids))
	for i, g := range grids {
		bounds[i] = g.Polygon.Bound()
	}
	gridAt := func(p orb.Point, not int) int {
		for i, g := range grids {
			if i != not && bounds[i].Contains(p) && planar.PolygonContains(g.Polygon, p) {
				return i
			}
		}
		return -1
	}
	var out []blockEdge
	for _, k := range order {
		o := owners[k]
		e := blockEdge{a: orb.Point{k[0], k[1]}, b: orb.Point{k[2], k[3]}, left: o[0], right: -1}
		if len(o) > 1 {
			e.right = o[1]
		} else {
			// About a metre either side of the middle.
			mid := orb.Point{(e.a[0] + e.b[0]) / 2, (e.a[1] + e.b[1]) / 2}
			dx, dy := e.b[0]-e.a[0], e.b[1]-e.a[1]
			n := 1e-5 / max(1e-12, math.Hypot(dx, dy))
			for _, p := range []orb.Point{{mid[0] - dy*n, mid[1] + dx*n}, {mid[0] + dy*n, mid[1] - dx*n}} {
				if g := gridAt(p, e.left); g >= 0 {
					e.right = g
					break
				}
			}
		}
		if e.right >= 0 {
			out = append(out, e)
		}
	}
	return out
}

// roadClass names the road an edge between grids a and b stands for.
func roadClass(a, b LayoutGrid) string {
	switch {
	case a.CommunityCode == b.CommunityCode:
		return roadLane
	case a.CommunityCode[:9] == b.CommunityCode[:9]:
		return roadRoad
	}
	return roadMain
}

// chainEdges joins edges that meet end to end into as few lines as it can:
// a line runs on through every point where exactly two edges meet. The
// result is ordered, so the same edges always give the same file.
func chainEdges(edges [][2]orb.Point) []orb.LineString {
	adj := map[orb.Point][]int{}
	for i, e := range edges {
		adj[e[0]] = append(adj[e[0]], i)
		adj[e[1]] = append(adj[e[1]], i)
	}
	used := make([]bool, len(edges))
	walk := func(start orb.Point, first int) orb.LineString {
		line := orb.LineString{start}
		at, ei := start, first
		for ei >= 0 && !used[ei] {
			used[ei] = true
			e := edges[ei]
			next := e[0]
			if next == at {
				next = e[1]
			}
			line = append(line, next)
			at, ei = next, -1
			if nb := adj[at]; len(nb) == 2 {
				for _, j := range nb {
					if !used[j] {
						ei = j
					}
				}
			}
		}
		return line
	}
	var out []orb.LineString
	// Lines start at ends and junctions first, then what is left are loops.
	for pass := 0; pass < 2; pass++ {
		for i, e := range edges {
			if used[i] {
				continue
			}
			for _, p := range e {
				if used[i] {
					break
				}
				if pass == 1 || len(adj[p]) != 2 {
					out = append(out, walk(p, i))
				}
			}
		}
	}
	slices.SortStableFunc(out, func(x, y orb.LineString) int { return cmp.Compare(len(y), len(x)) })
	return out
}

// lineLength is a line's length in metres in frame.
func lineLength(l orb.LineString, frame localFrame) float64 {
	total := 0.0
	for i := 1; i < len(l); i++ {
		total += frame.distance(l[i-1], l[i])
	}
	return total
}

// alongLine is the point half way along a line (by length).
func alongLine(l orb.LineString, frame localFrame) orb.Point {
	half := lineLength(l, frame) / 2
	for i := 1; i < len(l); i++ {
		d := frame.distance(l[i-1], l[i])
		if d >= half && d > 0 {
			t := half / d
			return orb.Point{l[i-1][0] + t*(l[i][0]-l[i-1][0]), l[i-1][1] + t*(l[i][1]-l[i-1][1])}
		}
		half -= d
	}
	return l[len(l)/2]
}
