package grid_test

import (
	"context"
	"fmt"
	"testing"

	"civicgrid/internal/geo"
	"civicgrid/internal/store"

	"github.com/paulmach/orb"
)

const (
	street    = "210504002"
	communA   = "210504002001"
	communB   = "210504002002"
	village   = "210504002201"
	lng0      = 123.77
	lat0      = 41.30
	u         = 0.001 // one unit of the test shapes in degrees, ~84 m x 111 m
	otherCode = "210504003001"
)

// seedRegions writes a small org tree: province … street, two communities
// and a village under the street, and a community in another street.
func seedRegions(t testing.TB, db *store.DB) {
	t.Helper()
	rows := []struct{ code, name, level, parent string }{
		{"21", "辽宁省", "province", ""},
		{"2105", "本溪市", "city", "21"},
		{"210504", "明山区", "district", "2105"},
		{street, "东兴街道", "street", "210504"},
		{communA, "东兴社区", "community", street},
		{communB, "永丰社区", "community", street},
		{village, "卧龙村", "village", street},
		{"210504003", "新明街道", "street", "210504"},
		{otherCode, "新明社区", "community", "210504003"},
	}
	for _, r := range rows {
		var parent any
		if r.parent != "" {
			parent = r.parent
		}
		if _, err := db.ExecContext(context.Background(), `INSERT INTO regions (code, name, official_name, level, parent_code, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 1, 1)`, r.code, r.name, r.name, r.level, parent); err != nil {
			t.Fatal(err)
		}
	}
}

// addUser inserts a grid-role user and returns its id.
func addUser(t testing.TB, db *store.DB, username string) int64 {
	t.Helper()
	var id int64
	err := db.QueryRowContext(context.Background(), `INSERT INTO users (username, display_name, role, node_code, password_hash, created_at, updated_at)
		VALUES (?, ?, 'grid', ?, 'x', 1, 1) RETURNING id`, username, "名"+username, communA).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// rect is an axis-aligned rectangle in units from (lng0, lat0).
func rect(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{orb.Ring{
		{lng0 + x0*u, lat0 + y0*u}, {lng0 + x1*u, lat0 + y0*u},
		{lng0 + x1*u, lat0 + y1*u}, {lng0 + x0*u, lat0 + y1*u}, {lng0 + x0*u, lat0 + y0*u},
	}}
}

// at is a point in units.
func at(x, y float64) (lng, lat float64) { return lng0 + x*u, lat0 + y*u }

func feat(i int, community, name string, seq int, g orb.Geometry) geo.GridFeature {
	return geo.GridFeature{Index: i, CommunityCode: community, Name: name, Seq: seq, Geometry: g}
}

// featureCollection renders features as a GeoJSON file, as a user would
// upload it.
func featureCollection(t testing.TB, fs []geo.GridFeature) []byte {
	t.Helper()
	out := []byte(`{"type":"FeatureCollection","features":[`)
	for i, f := range fs {
		g, err := geo.MarshalGeometry(f.Geometry)
		if err != nil {
			t.Fatal(err)
		}
		seq := ""
		if f.Seq != 0 {
			seq = fmt.Sprintf(`,"seq":%d`, f.Seq)
		}
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, fmt.Sprintf(`{"type":"Feature","properties":{"community_code":%q,"name":%q%s},"geometry":%s}`,
			f.CommunityCode, f.Name, seq, g)...)
	}
	return append(out, "]}"...)
}

func countGrids(t testing.TB, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM grids`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
