package classify

import (
	"math/rand/v2"
	"testing"
)

// The pair table sums like a map through its growth, and lays the pairs
// out by feature with classes ascending, with either key width.
func TestPairTableSumsLikeAMap(t *testing.T) {
	for _, wide := range []bool{false, true} {
		const features, classes = 3000, 70
		var tab pairSums = newPairTable[uint32](1, classes)
		if wide {
			tab = newPairTable[uint64](1, classes)
		}
		want := map[[2]int]float64{}
		r := rand.New(rand.NewPCG(1, 2))
		for i := 0; i < 200000; i++ {
			j, c, w := int32(r.IntN(features)), r.IntN(classes), float32(r.IntN(8))/8
			tab.add(j, c, w)
			want[[2]int{int(j), c}] += float64(w)
		}
		start, class, sum, perClass := tab.postings(features)
		if int(start[features]) != len(want) {
			t.Fatalf("wide %v: %d pairs, want %d", wide, start[features], len(want))
		}
		wantPer := make([]float64, classes)
		for k, w := range want {
			wantPer[k[1]] += w
		}
		for j := 0; j < features; j++ {
			for p := start[j]; p < start[j+1]; p++ {
				if p > start[j] && class[p] <= class[p-1] {
					t.Fatalf("feature %d: classes not ascending", j)
				}
				if got, w := float64(sum[p]), want[[2]int{j, int(class[p])}]; got != w {
					t.Fatalf("pair (%d, %d): %v, want %v", j, class[p], got, w)
				}
			}
		}
		for c := range perClass {
			if d := perClass[c] - wantPer[c]; d > 1e-6 || d < -1e-6 {
				t.Fatalf("class %d sums %v, want %v", c, perClass[c], wantPer[c])
			}
		}
	}
}
