package grid

import (
	"slices"
	"strings"

	"civicgrid/internal/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// readingOrder returns the positions of geoms in the order grids without a
// sequence are numbered: like reading a page, rows from north to south and
// west to east within a row.
//
// Rows are formed greedily by centroid: sorted from the northernmost down,
// a grid joins the current row while its centroid lies no more than half a
// typical grid height (the median bounding-box height) below the row's
// first, northernmost centroid; otherwise it starts the next row. Each row is
// then ordered by centroid longitude. Ties break by input position, so the
// same file always numbers the same way.
func readingOrder(geoms []orb.Geometry) []int {
	n := len(geoms)
	if n == 0 {
		return nil
	}
	cents := make([]orb.Point, n)
	heights := make([]float64, n)
	for i, g := range geoms {
		cents[i], _ = planar.CentroidArea(g)
		b := g.Bound()
		heights[i] = b.Max[1] - b.Min[1]
	}
	slices.Sort(heights)
	tol := heights[n/2] / 2

	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpFloat(cents[b][1], cents[a][1]) })

	out := make([]int, 0, n)
	for start := 0; start < n; {
		top := cents[order[start]][1]
		end := start + 1
		for end < n && top-cents[order[end]][1] <= tol {
			end++
		}
		row := order[start:end]
		slices.SortStableFunc(row, func(a, b int) int {
			if c := cmpFloat(cents[a][0], cents[b][0]); c != 0 {
				return c
			}
			return a - b
		})
		out = append(out, row...)
		start = end
	}
	return out
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// assignSeqs settles the seq of every feature of one community (see Import).
func assignSeqs(plan []planned, idxs []int, have *stored, verr *geo.ValidationError) {
	claimed := map[int]int{} // seq → feature position
	maxSeq := have.maxSeq
	for _, i := range idxs {
		f := plan[i].f
		if f.Seq == 0 {
			continue
		}
		if j, dup := claimed[f.Seq]; dup {
			verr.Addf(f.Index, f.Name, "seq %03d of community %s is also given to feature %d", f.Seq, f.CommunityCode, plan[j].f.Index)
			continue
		}
		claimed[f.Seq] = i
		plan[i].seq = f.Seq
		maxSeq = max(maxSeq, f.Seq)
	}
	names := map[string]int{}
	var fresh []int
	for _, i := range idxs {
		f := plan[i].f
		if f.Seq != 0 {
			continue
		}
		if j, dup := names[f.Name]; dup {
			verr.Addf(f.Index, f.Name, "name is also used by feature %d of the same community; give them seq to tell them apart", plan[j].f.Index)
			continue
		}
		names[f.Name] = i
		matches := have.byName[f.Name]
		if len(matches) > 1 {
			codes := make([]string, len(matches))
			for k, g := range matches {
				codes[k] = g.Code
			}
			slices.Sort(codes)
			verr.Addf(f.Index, f.Name, "name matches stored grids %s; give seq to say which", strings.Join(codes, ", "))
			continue
		}
		if len(matches) == 1 {
			if _, taken := claimed[matches[0].Seq]; !taken {
				claimed[matches[0].Seq] = i
				plan[i].seq = matches[0].Seq
				continue
			}
		}
		fresh = append(fresh, i)
	}
	geoms := make([]orb.Geometry, len(fresh))
	for k, i := range fresh {
		geoms[k] = plan[i].f.Geometry
	}
	next := maxSeq + 1
	for _, k := range readingOrder(geoms) {
		f := plan[fresh[k]].f
		if next > 999 {
			verr.Addf(f.Index, f.Name, "community %s has no grid sequence numbers left after %03d", f.CommunityCode, maxSeq)
			break
		}
		plan[fresh[k]].seq = next
		next++
	}
	for _, i := range idxs {
		if s := plan[i].seq; s != 0 {
			plan[i].existing = have.bySeq[s]
		}
	}
}
