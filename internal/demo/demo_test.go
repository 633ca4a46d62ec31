package demo_test

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/demo"
	"civicgrid/internal/grid"
	"civicgrid/internal/org"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestBuildDemoDistrict(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole demo district; skipped with -short")
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var progress strings.Builder
		start := time.Now()
		creds, err := demo.Build(ctx, db, demo.Options{Registers: true}, &progress)
		if err != nil {
			t.Fatalf("build: %v\n%s", err, progress.String())
		}
		t.Logf("demo built on %s in %v:\n%s", db.Dialect(), time.Since(start).Round(time.Millisecond), progress.String())

		// 议事协商: each community of the first street has a published
		// meeting and a resident's proposal waiting.
		var published, proposals int
		if err := db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM deliberation_meetings WHERE status = 'published'),
			(SELECT COUNT(*) FROM deliberation_topics WHERE source = 'resident' AND status = 'proposed')`).Scan(&published, &proposals); err != nil {
			t.Fatal(err)
		}
		if published == 0 || published != proposals {
			t.Fatalf("demo deliberation: %d published meetings, %d proposals", published, proposals)
		}

		counts, err := org.ChildCounts(ctx, db, demo.DistrictCode)
		if err != nil {
			t.Fatal(err)
		}
		// 明山区 in NBS 2023: 7 streets, 56 communities, 26 villages.
		if counts["street"] != 7 || counts["community"] != 56 || counts["village"] != 26 {
			t.Fatalf("descendants of 明山区 = %v, want 7 streets, 56 communities, 26 villages", counts)
		}
		n, err := grid.Count(ctx, db, demo.DistrictCode)
		if err != nil {
			t.Fatal(err)
		}
		if n < 660 || n > 740 {
			t.Fatalf("%d grids, want about 702", n)
		}
		// 党建: every community (社区 and 村) has its top organisation, and
		// members have reported, served and raised matters.
		var tops, reports, done, matters, pairs int
		if err := db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM party_orgs WHERE parent_id IS NULL), (SELECT COUNT(*) FROM party_reports),
			(SELECT COUNT(*) FROM party_task_claims WHERE done_at > 0), (SELECT COUNT(*) FROM party_matters), (SELECT COUNT(*) FROM party_pairs)`).
			Scan(&tops, &reports, &done, &matters, &pairs); err != nil {
			t.Fatal(err)
		}
		if tops != 82 || reports == 0 || done == 0 || matters < 82 || pairs == 0 {
			t.Errorf("党建: %d top organisations (want 82), %d reports, %d tasks done, %d matters, %d pairs", tops, reports, done, matters, pairs)
		}
		var nb int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM buildings`).Scan(&nb); err != nil {
			t.Fatal(err)
		}
		if nb < 1000 {
			t.Fatalf("%d buildings, want thousands", nb)
		}

		// Every building's point locates to the building's own grid.
		loc, err := grid.NewLocator(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := db.QueryContext(ctx, `SELECT code, grid_code, lng, lat FROM buildings`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var code, gridCode string
			var lng, lat float64
			if err := rows.Scan(&code, &gridCode, &lng, &lat); err != nil {
				t.Fatal(err)
			}
			if got, ok := loc.Locate(lng, lat); !ok || got != gridCode {
				t.Fatalf("building %s at %f,%f locates to %q (%v), want %s", code, lng, lat, got, ok, gridCode)
			}
		}

		// One user per role, each able to sign in with the printed password.
		roles := map[string]bool{}
		for _, c := range creds {
			roles[c.Role] = true
			if _, _, err := auth.SignIn(ctx, db, c.Username, c.Password, "127.0.0.1", time.Now()); err != nil {
				t.Fatalf("sign in as %s: %v", c.Username, err)
			}
		}
		for _, r := range auth.Roles() {
			if !roles[r] {
				t.Errorf("no demo user with role %s", r)
			}
		}

		checkGridbase(t, db)
		checkProjects(t, db)
		checkConsultations(t, db)
		checkEstateOwners(t, db)

		// A second build refuses: the demo only goes into an empty store.
		if _, err := demo.Build(ctx, db, demo.Options{}, io.Discard); err == nil {
			t.Fatal("second build into a full store succeeded")
		}
	})
}
