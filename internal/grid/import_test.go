package grid_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"civicgrid/internal/audit"
	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"

	"github.com/paulmach/orb"
)

func problems(t *testing.T, err error) []geo.Problem {
	t.Helper()
	var verr *geo.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("error %v (%T), want *geo.ValidationError", err, err)
	}
	return verr.Problems
}

func hasProblem(ps []geo.Problem, index int, fragment string) bool {
	for _, p := range ps {
		if p.Index == index && strings.Contains(p.Message, fragment) {
			return true
		}
	}
	return false
}

func TestImportValidFile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedRegions(t, db)
		hole := orb.Polygon{rect(3, 0, 6, 3)[0], rect(4, 1, 5, 2)[0]}
		features, err := geo.ParseGridFeatures(featureCollection(t, []geo.GridFeature{
			feat(0, communA, "一网格", 1, rect(0, 0, 1, 1)),
			feat(1, communA, "二网格", 2, rect(1, 0, 2, 1)), // shares an edge with 一
			feat(2, communB, "带洞网格", 0, hole),
			feat(3, village, "卧龙一组", 0, orb.MultiPolygon{rect(10, 0, 11, 1), rect(12, 0, 13, 1)}),
		}))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := grid.Import(ctx, db, features, grid.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{communA + "001", communA + "002", communB + "001", village + "001"}
		if !slices.Equal(rep.Added, want) || len(rep.Updated)+len(rep.Unchanged) != 0 {
			t.Fatalf("report %+v, want added %v", rep, want)
		}
		g, err := grid.Get(ctx, db, communB+"001")
		if err != nil {
			t.Fatal(err)
		}
		if g.CommunityCode != communB || g.Seq != 1 || g.Name != "带洞网格" || g.Version != 1 || g.CreatedAt.IsZero() {
			t.Errorf("stored grid %+v", g)
		}
		if !orb.Equal(g.Geometry, features[2].Geometry) {
			t.Errorf("geometry changed in storage: %v vs %v", g.Geometry, features[2].Geometry)
		}
		if g.Bound != hole.Bound() {
			t.Errorf("bound %v, want %v", g.Bound, hole.Bound())
		}
		if _, err := grid.Get(ctx, db, communB+"009"); !errors.Is(err, grid.ErrNotFound) {
			t.Errorf("missing grid: %v, want ErrNotFound", err)
		}

		for prefix, n := range map[string]int{"": 4, street: 4, communA: 2, village: 1, "210504003": 0, communA + "002": 1} {
			list, err := grid.List(ctx, db, prefix, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			c, err := grid.Count(ctx, db, prefix)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != n || c != n {
				t.Errorf("under %q: listed %d, counted %d, want %d", prefix, len(list), c, n)
			}
		}
		page, err := grid.List(ctx, db, street, 2, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) != 2 || page[0].Code != want[1] || page[1].Code != want[2] {
			t.Errorf("page 2 of size 2 from offset 1: %v", codesOf(page))
		}
		if _, err := grid.List(ctx, db, "21%", 0, 0); !errors.Is(err, grid.ErrInvalid) {
			t.Errorf("wildcard prefix: %v, want ErrInvalid", err)
		}
		all, err := grid.All(ctx, db)
		if err != nil || len(all) != 4 {
			t.Fatalf("All: %d entries, %v", len(all), err)
		}
	})
}

func codesOf(gs []grid.Grid) []string {
	var out []string
	for _, g := range gs {
		out = append(out, g.Code)
	}
	return out
}

func TestReimportIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedRegions(t, db)
		file := featureCollection(t, []geo.GridFeature{
			feat(0, communA, "甲", 0, rect(0, 0, 1, 1)),
			feat(1, communA, "乙", 0, rect(1, 0, 2, 1)),
			feat(2, communA, "丙", 7, rect(2, 0, 3, 1)),
		})
		importFile := func() grid.ImportReport {
			t.Helper()
			fs, err := geo.ParseGridFeatures(file)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := grid.Import(ctx, db, fs, grid.ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			return rep
		}
		first := importFile()
		// 丙 holds 7, so the unnumbered ones continue from 8, west to east.
		if want := []string{communA + "007", communA + "008", communA + "009"}; !slices.Equal(first.Added, want) {
			t.Fatalf("first import added %v, want %v", first.Added, want)
		}
		again := importFile()
		if len(again.Added)+len(again.Updated) != 0 || len(again.Unchanged) != 3 {
			t.Fatalf("re-import %+v, want all 3 unchanged", again)
		}
		if n := countGrids(t, db); n != 3 {
			t.Fatalf("%d grids after re-import, want 3", n)
		}
		g, _ := grid.Get(ctx, db, communA+"008")
		if g.Name != "甲" || g.Version != 1 {
			t.Errorf("after re-import: %s v%d, want 甲 v1", g.Name, g.Version)
		}

		// A changed shape (matched by name) and a rename (by seq) update.
		fs := []geo.GridFeature{
			feat(0, communA, "甲", 0, rect(0, -0.5, 1, 1)),
			feat(1, communA, "丙改", 7, rect(2, 0, 3, 1)),
		}
		rep, err := grid.Import(ctx, db, fs, grid.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{communA + "007", communA + "008"}; !slices.Equal(rep.Updated, want) || len(rep.Added) != 0 {
			t.Fatalf("update report %+v, want updated %v", rep, want)
		}
		g, _ = grid.Get(ctx, db, communA+"008")
		if g.Version != 2 || !orb.Equal(g.Geometry, rect(0, -0.5, 1, 1)) || g.Bound != rect(0, -0.5, 1, 1).Bound() {
			t.Errorf("updated grid: v%d %v bound %v", g.Version, g.Geometry, g.Bound)
		}
		if !g.UpdatedAt.After(g.CreatedAt) && !g.UpdatedAt.Equal(g.CreatedAt) {
			t.Errorf("updated_at %v before created_at %v", g.UpdatedAt, g.CreatedAt)
		}
		g, _ = grid.Get(ctx, db, communA+"007")
		if g.Name != "丙改" || g.Version != 2 {
			t.Errorf("renamed grid: %s v%d", g.Name, g.Version)
		}
	})
}

func TestImportRefusesUnknownCommunity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedRegions(t, db)
		fs := []geo.GridFeature{
			feat(0, communA, "好的", 1, rect(0, 0, 1, 1)),
			feat(1, "999999999999", "无主", 1, rect(2, 0, 3, 1)),
			feat(2, "999999999999", "无主二", 2, rect(4, 0, 5, 1)),
			feat(3, "210504002000", "街道级", 1, rect(6, 0, 7, 1)),
		}
		// 210504002000 does not exist either; make a 12-digit street-level
		// row to check the level rule.
		if _, err := db.ExecContext(ctx, `INSERT INTO regions (code, name, official_name, level, parent_code, created_at, updated_at)
			VALUES ('210504002000', '怪码', '怪码', 'street', '210504', 1, 1)`); err != nil {
			t.Fatal(err)
		}
		_, err := grid.Import(ctx, db, fs, grid.ImportOptions{})
		ps := problems(t, err)
		if !hasProblem(ps, 1, "999999999999 is not a known region (2 features)") {
			t.Errorf("unknown community not reported once for its 2 features: %v", ps)
		}
		if !hasProblem(ps, 3, "a street, not a community or village") {
			t.Errorf("street-level code not reported: %v", ps)
		}
		if len(ps) != 2 {
			t.Errorf("problems %v, want exactly 2", ps)
		}
		if n := countGrids(t, db); n != 0 {
			t.Fatalf("%d grids stored, want none", n)
		}
	})
}

func TestImportRefusesOverlaps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedRegions(t, db)
		// Within one file.
		_, err := grid.Import(ctx, db, []geo.GridFeature{
			feat(0, communA, "甲", 1, rect(0, 0, 2, 2)),
			feat(1, communA, "乙", 2, rect(2, 0, 4, 2)), // neighbour: fine
			feat(2, communB, "丙", 1, rect(1, 1, 3, 3)), // over both
		}, grid.ImportOptions{})
		ps := problems(t, err)
		if !hasProblem(ps, 0, "overlaps feature 2 (丙)") || !hasProblem(ps, 1, "overlaps feature 2 (丙)") || len(ps) != 2 {
			t.Errorf("in-file overlaps: %v", ps)
		}
		if n := countGrids(t, db); n != 0 {
			t.Fatalf("%d grids stored after a refused import", n)
		}

		// Against stored grids of another community.
		if _, err := grid.Import(ctx, db, []geo.GridFeature{
			feat(0, communA, "甲", 1, rect(0, 0, 2, 2)),
			feat(1, communA, "乙", 2, rect(2, 0, 4, 2)),
		}, grid.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		_, err = grid.Import(ctx, db, []geo.GridFeature{
			feat(0, communB, "邻居", 0, rect(4, 0, 6, 2)),     // shares 乙's east edge: fine
			feat(1, communB, "北邻", 0, rect(3.5, 2, 6, 4)),   // touches 乙 along y=2: fine
			feat(2, communB, "越界", 0, rect(-1, -1, 0.5, 1)), // over 甲
		}, grid.ImportOptions{})
		ps = problems(t, err)
		if !hasProblem(ps, 2, "overlaps stored grid "+communA+"001 (甲)") || len(ps) != 1 {
			t.Errorf("overlap with stored: %v", ps)
		}
		if n := countGrids(t, db); n != 2 {
			t.Fatalf("%d grids stored, want the first 2 only", n)
		}

		// Moving a grid onto a neighbour's place in the same community is an
		// overlap too, but replacing a grid's own old shape is not.
		_, err = grid.Import(ctx, db, []geo.GridFeature{feat(0, communA, "甲", 1, rect(1, 0, 3, 2))}, grid.ImportOptions{})
		if ps := problems(t, err); !hasProblem(ps, 0, communA+"002 (乙)") {
			t.Errorf("moved onto neighbour: %v", ps)
		}
		if _, err := grid.Import(ctx, db, []geo.GridFeature{feat(0, communA, "甲", 1, rect(0, 0, 1.5, 2.5))}, grid.ImportOptions{}); err != nil {
			t.Errorf("reshaping a grid over its own old shape: %v", err)
		}

		// A sliver under the tolerance passes; a bigger tolerance lets more.
		sliver := rect(-0.01, 0, 0.0001, 1) // ~0.0101 units² (~94 m²) over 甲
		if _, err := grid.Import(ctx, db, []geo.GridFeature{feat(0, otherCode, "细条", 1, sliver)}, grid.ImportOptions{}); err != nil {
			t.Errorf("sliver under 100 m²: %v", err)
		}
		big := rect(-1, 2, 0.5, 2.5) // 0.25 units² (~2300 m²) over 甲's new shape
		if _, err := grid.Import(ctx, db, []geo.GridFeature{feat(0, otherCode, "大块", 2, big)}, grid.ImportOptions{}); err == nil {
			t.Error("big overlap accepted at the default tolerance")
		}
		if _, err := grid.Import(ctx, db, []geo.GridFeature{feat(0, otherCode, "大块", 2, big)}, grid.ImportOptions{ToleranceM2: 5000}); err != nil {
			t.Errorf("big overlap under a 5000 m² tolerance: %v", err)
		}
	})
}

func TestImportRefusesInvalidFeatures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedRegions(t, db)
		bowtie := orb.Polygon{orb.Ring{{lng0, lat0}, {lng0 + u, lat0 + u}, {lng0 + u, lat0}, {lng0, lat0 + u}, {lng0, lat0}}}
		_, err := grid.Import(ctx, db, []geo.GridFeature{
			feat(0, communA, "好", 1, rect(5, 5, 6, 6)),
			feat(1, communA, "蝴蝶结", 2, bowtie),
			feat(2, "12", "短码", 1, rect(8, 8, 9, 9)),
			feat(3, communA, "", 3, rect(10, 10, 11, 11)),
			feat(4, communA, "线", 4, orb.LineString{{0, 0}, {1, 1}}),
		}, grid.ImportOptions{})
		ps := problems(t, err)
		if !hasProblem(ps, 1, "intersects itself") || ps[0].Name != "蝴蝶结" {
			t.Errorf("bowtie not reported with its name: %v", ps)
		}
		if !hasProblem(ps, 2, "12 digits") || !hasProblem(ps, 3, "name is required") || !hasProblem(ps, 4, "LineString not allowed") {
			t.Errorf("problems %v", ps)
		}
		if n := countGrids(t, db); n != 0 {
			t.Fatalf("%d grids stored", n)
		}

		// Duplicate seq and duplicate unnumbered names in one community.
		_, err = grid.Import(ctx, db, []geo.GridFeature{
			feat(0, communA, "甲", 3, rect(0, 0, 1, 1)),
			feat(1, communA, "乙", 3, rect(1, 0, 2, 1)),
			feat(2, communA, "丙", 0, rect(2, 0, 3, 1)),
			feat(3, communA, "丙", 0, rect(3, 0, 4, 1)),
		}, grid.ImportOptions{})
		ps = problems(t, err)
		if !hasProblem(ps, 1, "seq 003 of community "+communA+" is also given to feature 0") || !hasProblem(ps, 3, "also used by feature 2") {
			t.Errorf("duplicates: %v", ps)
		}
		if _, err := grid.Import(ctx, db, nil, grid.ImportOptions{}); len(problems(t, err)) != 1 {
			t.Errorf("empty import: %v", err)
		}
	})
}

// TestNumberingReadingOrder numbers a 3×3 block given in random order and
// with uneven rows: north-west first, then along the row, row by row.
func TestNumberingReadingOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedRegions(t, db)
		// Cell (row r from the north, column c from the west); rows drift
		// by up to a fifth of a cell so centroids are not level.
		drift := [3][3]float64{{0, 0.2, -0.1}, {0.15, 0, -0.2}, {0, -0.15, 0.1}}
		var fs []geo.GridFeature
		names := map[string][2]int{}
		for r := 0; r < 3; r++ {
			for c := 0; c < 3; c++ {
				name := string(rune('A'+r)) + string(rune('1'+c))
				names[name] = [2]int{r, c}
				y0 := float64(2-r)*2 + drift[r][c]
				fs = append(fs, feat(0, communA, name, 0, rect(float64(c)*2, y0, float64(c)*2+1.8, y0+1.5)))
			}
		}
		rng := rand.New(rand.NewPCG(5, 5))
		rng.Shuffle(len(fs), func(i, j int) { fs[i], fs[j] = fs[j], fs[i] })
		for i := range fs {
			fs[i].Index = i
		}
		// The same block in community B, where seq 5 is already used.
		if _, err := grid.Import(ctx, db, []geo.GridFeature{feat(0, communB, "早有", 5, rect(30, 30, 31, 31))}, grid.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		var fsB []geo.GridFeature
		for i, f := range fs {
			f.CommunityCode = communB
			f.Geometry = shift(f.Geometry.(orb.Polygon), 0, 10)
			f.Index = i
			fsB = append(fsB, f)
		}
		if _, err := grid.Import(ctx, db, append(fs, fsB...), grid.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			community string
			first     int
		}{{communA, 1}, {communB, 6}} {
			gs, err := grid.List(ctx, db, c.community, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range gs {
				rc, ok := names[g.Name]
				if !ok {
					continue // 早有
				}
				if want := c.first + rc[0]*3 + rc[1]; g.Seq != want {
					t.Errorf("%s %s numbered %03d, want %03d", c.community, g.Name, g.Seq, want)
				}
			}
		}
	})
}

func shift(p orb.Polygon, dx, dy float64) orb.Polygon {
	out := make(orb.Polygon, len(p))
	for i, r := range p {
		out[i] = make(orb.Ring, len(r))
		for j, pt := range r {
			out[i][j] = orb.Point{pt[0] + dx*u, pt[1] + dy*u}
		}
	}
	return out
}

func TestImportDryRunWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedRegions(t, db)
		rep, err := grid.Import(ctx, db, []geo.GridFeature{feat(0, communA, "甲", 0, rect(0, 0, 1, 1))}, grid.ImportOptions{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(rep.Added, []string{communA + "001"}) {
			t.Errorf("dry run report %+v", rep)
		}
		if n := countGrids(t, db); n != 0 {
			t.Fatalf("dry run stored %d grids", n)
		}
	})
}

func TestImportAsRecordsAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedRegions(t, db)
		admin := addUser(t, db, "admin1")
		actor := audit.Actor{UserID: admin, Name: "admin1", IP: "127.0.0.1"}
		fs := []geo.GridFeature{feat(0, communA, "甲", 1, rect(0, 0, 1, 1)), feat(1, communB, "乙", 1, rect(1, 0, 2, 1))}
		if _, err := grid.ImportAs(ctx, db, fs, grid.ImportOptions{DryRun: true}, actor); err != nil {
			t.Fatal(err)
		}
		if _, err := grid.ImportAs(ctx, db, fs, grid.ImportOptions{}, actor); err != nil {
			t.Fatal(err)
		}
		if _, err := grid.ImportAs(ctx, db, fs, grid.ImportOptions{}, actor); err != nil { // unchanged
			t.Fatal(err)
		}
		bad := []geo.GridFeature{feat(0, "999999999999", "无主", 1, rect(5, 5, 6, 6))}
		if _, err := grid.ImportAs(ctx, db, bad, grid.ImportOptions{}, actor); err == nil {
			t.Fatal("unknown community imported")
		}
		rows, err := db.QueryContext(ctx, `SELECT actor_id, action, target, detail FROM audit_log ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var entries []string
		for rows.Next() {
			var id int64
			var action, target, detail string
			if err := rows.Scan(&id, &action, &target, &detail); err != nil {
				t.Fatal(err)
			}
			if id != admin {
				t.Errorf("actor %d, want %d", id, admin)
			}
			entries = append(entries, action+" "+target+" "+detail)
		}
		want := "grid.import community:" + communA + "," + communB + " 2 added, 0 updated, 0 unchanged; added " + communA + "001 " + communB + "001"
		if len(entries) != 1 || entries[0] != want {
			t.Errorf("audit entries %q, want just %q", entries, want)
		}
	})
}
