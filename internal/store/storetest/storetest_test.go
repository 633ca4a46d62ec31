package storetest_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

func addRegion(ctx context.Context, q store.Querier, code string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO regions (code, name, official_name, level, created_at, updated_at)
		VALUES (?, ?, ?, 'province', 1, 1)`, code, "n"+code, "n"+code)
	return err
}

func regions(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM regions`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A fixture is built once per store kind; every copy starts from what the
// build left, and what one test changes no other copy sees.
func TestFixtureCopiesAreIndependent(t *testing.T) {
	builds := map[store.Dialect]int{}
	f := storetest.NewFixture(func(ctx context.Context, db *store.DB) (string, error) {
		builds[db.Dialect()]++
		return "built on " + db.Dialect().String(), addRegion(ctx, db, "11")
	})
	again := func(t *testing.T, d store.Dialect) (*store.DB, string) {
		if d == store.SQLite {
			return f.SQLite(t)
		}
		return f.Postgres(t)
	}
	f.Each(t, func(t *testing.T, db *store.DB, v string) {
		ctx := context.Background()
		if v != "built on "+db.Dialect().String() {
			t.Fatalf("value %q", v)
		}
		if n := regions(t, db); n != 1 {
			t.Fatalf("copy holds %d regions, want the fixture's 1", n)
		}
		if err := addRegion(ctx, db, "12"); err != nil {
			t.Fatal(err)
		}
		other, _ := again(t, db.Dialect())
		if n := regions(t, other); n != 1 {
			t.Fatalf("a second copy holds %d regions, want 1: copies must not share changes", n)
		}
		if builds[db.Dialect()] != 1 {
			t.Fatalf("built %d times, want once", builds[db.Dialect()])
		}
	})
}

// CIVICGRID_TEST_PG=off runs SQLite only: the PostgreSQL half skips with
// the reason, even in CI, instead of failing.
func TestPostgresOffSkips(t *testing.T) {
	if os.Getenv("STORETEST_CHILD") == "1" {
		storetest.Postgres(t)
		t.Fatal("Postgres returned a store with CIVICGRID_TEST_PG=off")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestPostgresOffSkips$", "-test.v")
	cmd.Env = append(os.Environ(), "STORETEST_CHILD=1", "CIVICGRID_TEST_PG=off", "CI=true")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child failed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- SKIP: TestPostgresOffSkips") || !strings.Contains(string(out), "CIVICGRID_TEST_PG=off") {
		t.Fatalf("child did not skip with the reason:\n%s", out)
	}
}
