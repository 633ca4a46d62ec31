// Package geotest makes reproducible grid layouts for tests and benchmarks.
package geotest

import (
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
)

// Lattice returns rows×cols irregular octagon-like cells tiling a city-sized
// area whose south-west corner is origin, each roughly cellM metres across,
// row-major from the south-west. Lattice corners are jittered by up to 20%
// of a cell and every edge gets a midpoint pushed sideways by up to 10%;
// neighbours share those vertices exactly, so cells tile with no gap and no
// overlap. The same seed gives the same cells.
func Lattice(rows, cols int, origin orb.Point, cellM float64, seed uint64) []orb.Polygon {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	kx := 111320 * math.Cos(origin[1]*math.Pi/180) // metres per degree, near enough
	ky := 110574.0
	toLngLat := func(x, y float64) orb.Point {
		return orb.Point{origin[0] + x/kx, origin[1] + y/ky}
	}
	jitter := func(f float64) float64 { return (rng.Float64()*2 - 1) * f * cellM }

	corner := make([][][2]float64, rows+1)
	for r := range corner {
		corner[r] = make([][2]float64, cols+1)
		for c := range corner[r] {
			x, y := float64(c)*cellM, float64(r)*cellM
			if r > 0 && r < rows {
				y += jitter(0.2)
			}
			if c > 0 && c < cols {
				x += jitter(0.2)
			}
			corner[r][c] = [2]float64{x, y}
		}
	}
	// Midpoints of horizontal edges (r, c)→(r, c+1), pushed north/south,
	// and of vertical edges (r, c)→(r+1, c), pushed east/west; outer edges
	// stay straight.
	hmid := make([][][2]float64, rows+1)
	for r := range hmid {
		hmid[r] = make([][2]float64, cols)
		for c := range hmid[r] {
			a, b := corner[r][c], corner[r][c+1]
			m := [2]float64{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}
			if r > 0 && r < rows {
				m[1] += jitter(0.1)
			}
			hmid[r][c] = m
		}
	}
	vmid := make([][][2]float64, rows)
	for r := range vmid {
		vmid[r] = make([][2]float64, cols+1)
		for c := range vmid[r] {
			a, b := corner[r][c], corner[r+1][c]
			m := [2]float64{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}
			if c > 0 && c < cols {
				m[0] += jitter(0.1)
			}
			vmid[r][c] = m
		}
	}
	out := make([]orb.Polygon, 0, rows*cols)
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			pts := [][2]float64{ // counter-clockwise from the south-west
				corner[r][c], hmid[r][c], corner[r][c+1], vmid[r][c+1],
				corner[r+1][c+1], hmid[r+1][c], corner[r+1][c], vmid[r][c],
			}
			ring := make(orb.Ring, 0, len(pts)+1)
			for _, p := range pts {
				ring = append(ring, toLngLat(p[0], p[1]))
			}
			ring = append(ring, ring[0])
			out = append(out, orb.Polygon{ring})
		}
	}
	return out
}

// Square is an axis-aligned square ring-polygon with its south-west corner
// at (lng, lat) and sides of d degrees, counter-clockwise.
func Square(lng, lat, d float64) orb.Polygon {
	return orb.Polygon{orb.Ring{{lng, lat}, {lng + d, lat}, {lng + d, lat + d}, {lng, lat + d}, {lng, lat}}}
}
