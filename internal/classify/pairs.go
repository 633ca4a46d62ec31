package classify

import (
	"math/bits"
	"slices"
)

// pairTable sums the weights of (feature, class) pairs during training: an
// open-addressing hash table of plain numbers, sized once from the first
// pass's bound (a feature seen in df documents pairs with at most
// min(df, classes) classes). It replaces one Go map per class, whose
// growth left as much garbage as it kept: on a million orders over 1,000
// categories (16 million pairs) the process then peaked above 1 GB.
// Holding no pointers, it is never scanned by the collector.
type pairTable struct {
	keys    []uint64 // pair + 1; 0 is an empty slot
	vals    []float32
	mask    uint64
	classes uint64
}

func newPairTable(bound, classes int) *pairTable {
	size := uint64(1) << bits.Len64(uint64(bound)*10/7+1) // load ≤ 0.7
	return &pairTable{keys: make([]uint64, size), vals: make([]float32, size), mask: size - 1, classes: uint64(classes)}
}

func (t *pairTable) add(feature int32, class int, w float32) {
	k := uint64(feature)*t.classes + uint64(class) + 1
	for h := (k * 0x9E3779B97F4A7C15) >> 7 & t.mask; ; h = (h + 1) & t.mask {
		switch t.keys[h] {
		case 0:
			t.keys[h], t.vals[h] = k, w
			return
		case k:
			t.vals[h] += w
			return
		}
	}
}

// each calls f for every pair in the table's order.
func (t *pairTable) each(f func(feature int32, class int, w float32)) {
	for i, k := range t.keys {
		if k != 0 {
			k--
			f(int32(k/t.classes), int(k%t.classes), t.vals[i])
		}
	}
}

// postings lays the pairs out by feature, classes ascending within each
// (PostStart, PostClass and the per-pair sums), and the per-class sums.
func (t *pairTable) postings(features int) (start []int32, class []int32, sum []float32, perClass []float64) {
	start = make([]int32, features+1)
	perClass = make([]float64, t.classes)
	t.each(func(j int32, c int, w float32) {
		start[j+1]++
		perClass[c] += float64(w)
	})
	for j := 1; j < len(start); j++ {
		start[j] += start[j-1]
	}
	n := start[features]
	class, sum = make([]int32, n), make([]float32, n)
	fill := slices.Clone(start[:features])
	t.each(func(j int32, c int, w float32) {
		at := fill[j]
		fill[j]++
		class[at], sum[at] = int32(c), w
	})
	// Classes ascending within a feature, as the per-class maps gave them.
	for j := 0; j < features; j++ {
		a, b := start[j], start[j+1]
		if b-a > 1 {
			sortPairs(class[a:b], sum[a:b])
		}
	}
	return start, class, sum, perClass
}

// sortPairs sorts cs ascending, moving ws along (insertion sort for the
// short runs, a permutation otherwise).
func sortPairs(cs []int32, ws []float32) {
	if len(cs) <= 16 {
		for i := 1; i < len(cs); i++ {
			for k := i; k > 0 && cs[k] < cs[k-1]; k-- {
				cs[k], cs[k-1] = cs[k-1], cs[k]
				ws[k], ws[k-1] = ws[k-1], ws[k]
			}
		}
		return
	}
	idx := make([]int, len(cs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return int(cs[a]) - int(cs[b]) })
	c2, w2 := slices.Clone(cs), slices.Clone(ws)
	for i, k := range idx {
		cs[i], ws[i] = c2[k], w2[k]
	}
}
