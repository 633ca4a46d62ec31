package geo

import (
	"encoding/json"
	"testing"

	"github.com/paulmach/orb"
)

// FuzzUnmarshalGeometry checks the fast path for stored geometry against
// encoding/json: whatever the fast path accepts, the general path must read
// identically.
func FuzzUnmarshalGeometry(f *testing.F) {
	for _, seed := range []string{
		`{"type":"Polygon","coordinates":[[[123.77,41.3],[123.78,41.3],[123.78,41.31],[123.77,41.3]]]}`,
		`{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,2],[3,2],[3,3],[2,2]]]]}`,
		`{"type":"Polygon","coordinates":[[[-0.5e-3,1E+2,7],[0,0]]]}`,
		`{"type":"Polygon","coordinates":[[[01,2]]]}`,
		`{"type":"Polygon","coordinates":[[[1.,2]]]}`,
		`{"type":"Polygon","coordinates":[[[+1,2]]]}`,
		`{"type":"Polygon","coordinates":[]}`,
		`{"type":"Polygon","coordinates":[[[1,2]]],"type":"Point"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fast, ok := unmarshalOwn(data)
		if !ok {
			return
		}
		if !json.Valid(data) {
			t.Fatalf("fast path accepted invalid JSON %q", data)
		}
		var raw rawGeometry
		if err := json.Unmarshal(data, &raw); err != nil {
			t.Fatalf("encoding/json refuses what the fast path read: %v", err)
		}
		slow, msgs := decodeGeometry(&raw)
		if len(msgs) > 0 {
			t.Fatalf("general path refuses %q: %v", data, msgs)
		}
		if !orb.Equal(fast, slow) {
			t.Fatalf("fast %v, general %v", fast, slow)
		}
		// And the coordinate reader against encoding/json's own decoding.
		var polys [][][][]float64
		if raw.Type == "Polygon" {
			var p [][][]float64
			if err := json.Unmarshal(raw.Coordinates, &p); err != nil {
				t.Fatalf("encoding/json: %v", err)
			}
			polys = [][][][]float64{p}
		} else if err := json.Unmarshal(raw.Coordinates, &polys); err != nil {
			t.Fatalf("encoding/json: %v", err)
		}
		mp, isMulti := fast.(orb.MultiPolygon)
		if !isMulti {
			mp = orb.MultiPolygon{fast.(orb.Polygon)}
		}
		if len(mp) != len(polys) {
			t.Fatalf("%d polygons, encoding/json %d", len(mp), len(polys))
		}
		for i, p := range polys {
			if len(p) != len(mp[i]) {
				t.Fatalf("polygon %d: %d rings, encoding/json %d", i, len(mp[i]), len(p))
			}
			for j, r := range p {
				if len(r) != len(mp[i][j]) {
					t.Fatalf("ring %d/%d: %d positions, encoding/json %d", i, j, len(mp[i][j]), len(r))
				}
				for k, pos := range r {
					if mp[i][j][k] != (orb.Point{pos[0], pos[1]}) {
						t.Fatalf("position %d/%d/%d: %v, encoding/json %v", i, j, k, mp[i][j][k], pos)
					}
				}
			}
		}
	})
}
