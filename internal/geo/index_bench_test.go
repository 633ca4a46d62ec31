package geo_test

import (
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"

	"civicgrid/internal/geo"
	"civicgrid/internal/geo/geotest"

	"github.com/paulmach/orb"
)

// bench50k is 250×200 = 50,000 eight-vertex cells of about 80 m, some
// 20 km × 16 km: a big city's grids. Fixed seed, so runs compare.
func bench50k(b *testing.B) ([]geo.IndexEntry, orb.Bound) {
	b.Helper()
	polys := geotest.Lattice(200, 250, orb.Point{123.60, 41.20}, 80, 2024)
	entries := make([]geo.IndexEntry, len(polys))
	for i, p := range polys {
		entries[i] = geo.IndexEntry{Code: fmt.Sprintf("%012d%03d", 210504000000+i/250, i%250+1), Geometry: p}
	}
	return entries, latticeBound(polys)
}

func benchPoints(area orb.Bound) []orb.Point {
	rng := rand.New(rand.NewPCG(99, 1))
	pts := make([]orb.Point, 1<<16)
	for i := range pts {
		pts[i] = randomPoint(rng, area, 0.02)
	}
	return pts
}

func BenchmarkLocate50k(b *testing.B) {
	entries, area := bench50k(b)
	idx := geo.NewIndex(entries)
	pts := benchPoints(area)
	found := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pts[i&(len(pts)-1)]
		if _, ok := idx.Locate(p[0], p[1]); ok {
			found++
		}
	}
	b.StopTimer()
	if found == 0 {
		b.Fatal("no point found a grid")
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
}

func BenchmarkLocate50kParallel(b *testing.B) {
	entries, area := bench50k(b)
	idx := geo.NewIndex(entries)
	pts := benchPoints(area)
	var next, found atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := int(next.Add(1) * 7919)
		n := 0
		for pb.Next() {
			p := pts[i&(len(pts)-1)]
			if _, ok := idx.Locate(p[0], p[1]); ok {
				n++
			}
			i++
		}
		found.Add(int64(n))
	})
	b.StopTimer()
	if found.Load() == 0 {
		b.Fatal("no point found a grid")
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
}

func BenchmarkNewIndex50k(b *testing.B) {
	entries, _ := bench50k(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if geo.NewIndex(entries).Len() != len(entries) {
			b.Fatal("entries lost")
		}
	}
}

func BenchmarkFindOverlaps50k(b *testing.B) {
	entries, _ := bench50k(b)
	features := make([]geo.GridFeature, len(entries))
	for i, e := range entries {
		features[i] = geo.GridFeature{Index: i, Geometry: e.Geometry}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if got := geo.FindOverlaps(features, 100); len(got) != 0 {
			b.Fatalf("lattice overlaps: %v", got[0])
		}
	}
}
