package auth_test

import (
	"context"
	"testing"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// The test org tree: city 3301 with districts 330102 (street 330102001,
// communities …001001 and …001002, grid …001001001) and 330103.
// Departments: cg serves 330102, sw serves 330103, gj serves the city.
const (
	city       = "3301"
	district   = "330102"
	street     = "330102001"
	community  = "330102001001"
	community2 = "330102001002"
	grid       = "330102001001001"
	grid2      = "330102001001002"
	district2  = "330103"
	street2    = "330103001"
	community3 = "330103001001"
	grid3      = "330103001001001"

	goodPassword = "correct horse battery"
)

var t0 = time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)

func seedOrg(t testing.TB, db *store.DB) {
	t.Helper()
	regions := []struct{ code, level, parent string }{
		{city, "city", ""}, {district, "district", city}, {street, "street", district},
		{community, "community", street}, {community2, "community", street},
		{district2, "district", city}, {street2, "street", district2}, {community3, "community", street2},
	}
	for _, r := range regions {
		var parent any
		if r.parent != "" {
			parent = r.parent
		}
		mustExec(t, db, `INSERT INTO regions (code, name, official_name, level, parent_code, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 1, 1)`, r.code, "r"+r.code, "r"+r.code, r.level, parent)
	}
	for _, d := range []struct{ code, region string }{{"cg", district}, {"sw", district2}, {"gj", city}} {
		mustExec(t, db, `INSERT INTO departments (code, name, region_code, created_at, updated_at) VALUES (?, ?, ?, 1, 1)`,
			d.code, "dept "+d.code, d.region)
	}
	for _, g := range []struct {
		code, community string
		seq             int
	}{{grid, community, 1}, {grid2, community, 2}, {grid3, community3, 1}} {
		mustExec(t, db, `INSERT INTO grids (code, community_code, seq, name, geometry, min_lng, min_lat, max_lng, max_lat, created_at, updated_at)
			VALUES (?, ?, ?, ?, '{}', 0, 0, 1, 1, 1, 1)`, g.code, g.community, g.seq, "grid "+g.code)
	}
}

func mustExec(t testing.TB, db *store.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func mustCreate(t *testing.T, db *store.DB, in auth.NewUser) auth.User {
	t.Helper()
	if in.Password == "" {
		in.Password = goodPassword
	}
	if in.Role == "" {
		in.Role = auth.RoleCommunity
	}
	u, err := auth.CreateUser(context.Background(), db, in, auth.Actor{})
	if err != nil {
		t.Fatalf("create %s: %v", in.Username, err)
	}
	return u
}

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func auditRows(t *testing.T, db *store.DB, f audit.Filter) []audit.Entry {
	t.Helper()
	got, err := audit.List(context.Background(), db, f)
	if err != nil {
		t.Fatal(err)
	}
	return got
}
