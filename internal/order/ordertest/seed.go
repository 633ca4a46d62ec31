package ordertest

import (
	"context"
	"testing"

	"civicgrid/internal/store"
)

// Community2 is the second community of the first street (no grid).
const Community2 = "210504002002"

// SeedOrg writes the fixture's org tree: 本溪市 (2105) with 明山区 and a
// neighbouring district (210505); two streets, three communities, grids
// A, B (Community1) and C (Community3); departments ranqi, chengguan,
// shuiwu and gongdian serving 明山区 and faraway serving the neighbour.
func SeedOrg(t testing.TB, db *store.DB) {
	t.Helper()
	regions := []struct{ code, level, parent string }{
		{"2105", "city", ""}, {District, "district", "2105"}, {"210505", "district", "2105"},
		{Street1, "street", District}, {Street2, "street", District},
		{Community1, "community", Street1}, {Community2, "community", Street1}, {Community3, "community", Street2},
	}
	for _, r := range regions {
		var parent any
		if r.parent != "" {
			parent = r.parent
		}
		mustExec(t, db, `INSERT INTO regions (code, name, official_name, level, parent_code, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 1, 1)`, r.code, "r"+r.code, "r"+r.code, r.level, parent)
	}
	for _, g := range []struct{ code, community string }{{GridA, Community1}, {GridB, Community1}, {GridC, Community3}} {
		mustExec(t, db, `INSERT INTO grids (code, community_code, seq, name, geometry, min_lng, min_lat, max_lng, max_lat, created_at, updated_at)
			VALUES (?, ?, ?, ?, '{}', 0, 0, 1, 1, 1, 1)`, g.code, g.community, int(g.code[14]-'0'), "grid "+g.code)
	}
	for _, d := range []string{"ranqi", "chengguan", "shuiwu", "gongdian"} {
		mustExec(t, db, `INSERT INTO departments (code, name, region_code, created_at, updated_at) VALUES (?, ?, ?, 1, 1)`, d, d, District)
	}
	mustExec(t, db, `INSERT INTO departments (code, name, region_code, created_at, updated_at) VALUES ('faraway', 'faraway', '210505', 1, 1)`)
}

func mustExec(t testing.TB, db *store.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
