package demo

import (
	"cmp"
	"container/heap"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// regionSpec is one region to grow over the cell graph: its share of the
// cells, and how urban it is (urban regions are seeded nearest the hub, the
// centre of the urban core).
type regionSpec struct {
	weight   float64
	urbanity float64
}

// relaxRounds: how often seeds move to the middle of their region before
// the final growth (Lloyd-style), which keeps regions compact.
const relaxRounds = 4

// growRegions splits members, a connected set of cells, into one contiguous
// region per spec, sized in proportion to the weights. Seeds come from
// pickSeeds; regions are grown from them, each seed then moves to the cell
// nearest the middle of its region, and the regions are grown again.
func growRegions(members []int, nbr [][]int, centroid []orb.Point, hub orb.Point, specs []regionSpec) ([][]int, error) {
	if len(members) < len(specs) {
		return nil, fmt.Errorf("%w: %d cells cannot hold %d regions", ErrInvalidLayout, len(members), len(specs))
	}
	seeds := pickSeeds(members, centroid, hub, specs)
	for round := 0; ; round++ {
		regions, err := growFromSeeds(members, nbr, centroid, specs, seeds)
		if err != nil || round == relaxRounds {
			return regions, err
		}
		for r, cells := range regions {
			seeds[r] = middleCell(cells, centroid)
		}
	}
}

// growFromSeeds grows one region per seed: the region furthest below its
// quota takes the free neighbour of its area nearest its seed, until every
// member is taken. Every region keeps its seed, so none is empty, and grows
// only across shared edges, so each is contiguous.
func growFromSeeds(members []int, nbr [][]int, centroid []orb.Point, specs []regionSpec, seeds []int) ([][]int, error) {
	n, k := len(members), len(specs)
	owner := make(map[int]int, n) // member → region, -1 while free
	for _, c := range members {
		owner[c] = -1
	}
	total := 0.0
	for _, s := range specs {
		total += s.weight
	}
	regions := make([][]int, k)
	quota := make([]float64, k)
	fronts := make([]growthFrontier, k)
	take := func(r, c int) {
		owner[c] = r
		regions[r] = append(regions[r], c)
		for _, m := range nbr[c] {
			if o, member := owner[m]; member && o < 0 {
				heap.Push(&fronts[r], growthItem{cell: m, dist: metresBetween(centroid[m], centroid[seeds[r]])})
			}
		}
	}
	for r, s := range specs {
		quota[r] = float64(n) * s.weight / total
		owner[seeds[r]] = r
	}
	for r := range specs {
		take(r, seeds[r])
	}
	for taken := k; taken < n; taken++ {
		best, bestRatio := -1, 0.0
		for r := range fronts {
			f := &fronts[r]
			for f.Len() > 0 && owner[(*f)[0].cell] >= 0 {
				heap.Pop(f)
			}
			if f.Len() == 0 {
				continue
			}
			if ratio := float64(len(regions[r])) / quota[r]; best < 0 || ratio < bestRatio {
				best, bestRatio = r, ratio
			}
		}
		if best < 0 {
			return nil, fmt.Errorf("%w: %d cells are not connected to the rest", ErrInvalidLayout, n-taken)
		}
		take(best, heap.Pop(&fronts[best]).(growthItem).cell)
	}
	for r := range regions {
		slices.Sort(regions[r])
	}
	return regions, nil
}

// middleCell is the cell of a region nearest the mean of its centroids.
func middleCell(cells []int, centroid []orb.Point) int {
	var mean orb.Point
	for _, c := range cells {
		mean[0] += centroid[c][0] / float64(len(cells))
		mean[1] += centroid[c][1] / float64(len(cells))
	}
	best := cells[0]
	for _, c := range cells[1:] {
		if metresBetween(centroid[c], mean) < metresBetween(centroid[best], mean) {
			best = c
		}
	}
	return best
}

// urbanSeedThreshold: regions at least this urban are seeded in the city;
// the others (streets with many villages, villages) out in the country.
const urbanSeedThreshold = 0.75

// pickSeeds ranks members by distance from the hub. The inner part of the
// ranking, as large as the urban regions' share of the weight, is the city.
// Rural regions are seeded first, each on the outer cell farthest from the
// hub and from the seeds already placed, so they spread to the far corners;
// then urban regions: the first on the city cell nearest the hub, the rest
// on the city cells farthest from every seed so far.
func pickSeeds(members []int, centroid []orb.Point, hub orb.Point, specs []regionSpec) []int {
	n := len(members)
	ranked := slices.Clone(members)
	slices.SortFunc(ranked, func(a, b int) int {
		return cmp.Or(cmp.Compare(metresBetween(centroid[a], hub), metresBetween(centroid[b], hub)), cmp.Compare(a, b))
	})
	total, urbanWeight := 0.0, 0.0
	for _, s := range specs {
		total += s.weight
		if s.urbanity >= urbanSeedThreshold {
			urbanWeight += s.weight
		}
	}
	city := int(math.Round(urbanWeight / total * float64(n)))
	if urbanWeight > 0 {
		city = max(city, 1)
	}
	if urbanWeight < total {
		city = min(city, n-1)
	}

	seeds := make([]int, len(specs))
	taken := map[int]bool{}
	chosen := []orb.Point{hub}
	take := func(r, cell int) {
		seeds[r], taken[cell] = cell, true
		chosen = append(chosen, centroid[cell])
	}
	place := func(r int, candidates []int) {
		seed := farthestFrom(candidates, chosen, taken, centroid)
		if seed < 0 {
			seed = farthestFrom(ranked, chosen, taken, centroid)
		}
		take(r, seed)
	}
	for r, s := range specs {
		if s.urbanity < urbanSeedThreshold {
			place(r, ranked[city:])
		}
	}
	chosen = chosen[1:] // the first city seed goes at the hub, the rest keep away from every seed
	first := true
	for r, s := range specs {
		if s.urbanity < urbanSeedThreshold {
			continue
		}
		if first {
			first = false
			if i := slices.IndexFunc(ranked, func(c int) bool { return !taken[c] }); i >= 0 {
				take(r, ranked[i])
				continue
			}
		}
		place(r, ranked[:city])
	}
	return seeds
}

// farthestFrom picks the candidate not yet taken whose nearest chosen point
// is farthest away.
func farthestFrom(candidates []int, chosen []orb.Point, taken map[int]bool, centroid []orb.Point) int {
	best, bestDist := -1, -1.0
	for _, c := range candidates {
		if taken[c] {
			continue
		}
		d := math.Inf(1)
		for _, p := range chosen {
			d = math.Min(d, metresBetween(centroid[c], p))
		}
		if d > bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

func metresBetween(a, b orb.Point) float64 { return math.Hypot(a[0]-b[0], a[1]-b[1]) }

type growthItem struct {
	cell int
	dist float64
}

// growthFrontier is a min-heap of candidate cells by distance to a region's seed.
type growthFrontier []growthItem

func (f growthFrontier) Len() int { return len(f) }
func (f growthFrontier) Less(i, j int) bool {
	return f[i].dist < f[j].dist || (f[i].dist == f[j].dist && f[i].cell < f[j].cell)
}
func (f growthFrontier) Swap(i, j int) { f[i], f[j] = f[j], f[i] }
func (f *growthFrontier) Push(x any)   { *f = append(*f, x.(growthItem)) }
func (f *growthFrontier) Pop() any {
	old := *f
	x := old[len(old)-1]
	*f = old[:len(old)-1]
	return x
}
