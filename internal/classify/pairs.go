package classify

import (
	"math/bits"
	"runtime/debug"
	"slices"
)

// pairTable sums the weights of (feature, class) pairs during training: an
// open-addressing hash table of plain numbers (a pair's key is
// feature·classes + class + 1, 0 marks an empty slot; 32-bit keys when
// they fit, as they do for a million features over 4,000 classes). It
// replaces one Go map per class, whose growth left as much garbage as it
// kept: on a million orders over 1,000 categories (16 million pairs) the
// process peaked above 1 GB. It holds no pointers, so the collector never
// scans it, and it doubles at a load of 0.7, handing the old table back to
// the system at once rather than at the collector's leisure.
type pairTable[K uint32 | uint64] struct {
	keys    []K
	vals    []float32
	mask    uint64
	used    int
	classes uint64
}

// pairSums is a pairTable of either key width.
type pairSums interface {
	add(feature int32, class int, w float32)
	postings(features int) (start []int32, class []int32, sum []float32, perClass []float64)
}

// newPairSums makes a table for features × classes, first sized for
// about two pairs per feature (bounded by what the first pass allows).
func newPairSums(features, classes, bound int) pairSums {
	initial := min(bound, 2*features) + 1
	if uint64(features)*uint64(classes) < 1<<32-1 {
		return newPairTable[uint32](initial, classes)
	}
	return newPairTable[uint64](initial, classes)
}

func newPairTable[K uint32 | uint64](pairs, classes int) *pairTable[K] {
	size := uint64(1) << bits.Len64(uint64(pairs)*10/7+1)
	return &pairTable[K]{keys: make([]K, size), vals: make([]float32, size), mask: size - 1, classes: uint64(classes)}
}

func (t *pairTable[K]) slot(k K) uint64 {
	return (uint64(k) * 0x9E3779B97F4A7C15) >> 7 & t.mask
}

func (t *pairTable[K]) add(feature int32, class int, w float32) {
	k := K(uint64(feature)*t.classes + uint64(class) + 1)
	for h := t.slot(k); ; h = (h + 1) & t.mask {
		switch t.keys[h] {
		case 0:
			t.keys[h], t.vals[h] = k, w
			t.used++
			if uint64(t.used)*10 > (t.mask+1)*7 {
				t.grow()
			}
			return
		case k:
			t.vals[h] += w
			return
		}
	}
}

// grow doubles the table.
func (t *pairTable[K]) grow() {
	keys, vals := t.keys, t.vals
	size := 2 * (t.mask + 1)
	t.keys, t.vals, t.mask = make([]K, size), make([]float32, size), size-1
	for i, k := range keys {
		if k == 0 {
			continue
		}
		h := t.slot(k)
		for t.keys[h] != 0 {
			h = (h + 1) & t.mask
		}
		t.keys[h], t.vals[h] = k, vals[i]
	}
	keys, vals = nil, nil
	if size >= 1<<22 {
		debug.FreeOSMemory() // the old table, now, not at the next cycle
	}
}

// each calls f for every pair in the table's order.
func (t *pairTable[K]) each(f func(feature int32, class int, w float32)) {
	for i, k := range t.keys {
		if k != 0 {
			p := uint64(k) - 1
			f(int32(p/t.classes), int(p%t.classes), t.vals[i])
		}
	}
}

// postings lays the pairs out by feature, classes ascending within each
// (PostStart, PostClass and the per-pair sums), and the per-class sums.
func (t *pairTable[K]) postings(features int) (start []int32, class []int32, sum []float32, perClass []float64) {
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
