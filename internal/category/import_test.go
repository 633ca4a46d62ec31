package category_test

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"civicgrid/internal/category"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestParseTaxonomyReportsEveryBadLine(t *testing.T) {
	csv := "level1,level2,level3\n" +
		"城乡建设,安全生产,事故处理\n" + // 2 fine
		"城乡建设,安全生产,事故处理\n" + // 3 duplicate path
		",安全生产,x\n" + // 4 empty level 1
		"教育文体,,学前教育\n" + // 5 level 3 without level 2
		"环境保护\n" + // 6 a leaf at level 1
		"环境保护,水污染\n" + // 7 children under a leaf
		"民政,婚姻登记,离婚\n" // 8 fine
	_, err := category.ParseTaxonomy(strings.NewReader(csv))
	var le category.LineErrors
	if !errors.As(err, &le) || !errors.Is(err, category.ErrInvalid) {
		t.Fatalf("want LineErrors matching ErrInvalid, got %v", err)
	}
	var lines []int
	for _, e := range le {
		lines = append(lines, e.Line)
	}
	if got := joinInts(lines); got != "3,4,5,7" {
		t.Fatalf("lines with errors %v, want 3,4,5,7:\n%v", lines, err)
	}
	for _, want := range []string{"already on line 2", "level1 is empty", "level3 given without level2", "is a leaf on line 6"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("errors lack %q:\n%v", want, err)
		}
	}
}

func joinInts(xs []int) string {
	var parts []string
	for _, x := range xs {
		parts = append(parts, strconv.Itoa(x))
	}
	return strings.Join(parts, ",")
}

func TestImportTaxonomyRealFileIdempotentAndAllOrNothing(t *testing.T) {
	data, err := os.ReadFile("../../../shared/data/wenzheng-taxonomy.csv")
	if err != nil {
		// The shared data sit beside the repository (../shared), not in
		// it; CI has them, a bare clone may not.
		if os.Getenv("CI") == "true" {
			t.Fatalf("the shared taxonomy: %v", err)
		}
		t.Skipf("\n\n!!! SKIPPED: no shared taxonomy beside the repository (../shared/data): %v !!!\n", err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := category.Seed(ctx, db); err != nil {
			t.Fatal(err)
		}
		before := count(t, db, `SELECT COUNT(*) FROM categories`)
		rows, err := category.ParseTaxonomy(strings.NewReader(string(data)))
		if err != nil {
			t.Fatal(err)
		}
		dry, err := category.ImportTaxonomy(ctx, db, rows, true, admin)
		if err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM categories`); n != before {
			t.Fatalf("dry run wrote: %d categories, had %d", n, before)
		}
		rep, err := category.ImportTaxonomy(ctx, db, rows, false, admin)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Added) != len(dry.Added) || len(rep.Added) < 15+517 {
			t.Fatalf("added %d (dry run said %d), want at least 532", len(rep.Added), len(dry.Added))
		}
		after := count(t, db, `SELECT COUNT(*) FROM categories`)
		if after != before+len(rep.Added) {
			t.Fatalf("%d categories after, want %d", after, before+len(rep.Added))
		}
		if n := count(t, db, `SELECT COUNT(*) FROM categories WHERE parent_code IS NULL AND name_zh = '城乡建设'`); n != 1 {
			t.Fatalf("%d top classes 城乡建设", n)
		}
		again, err := category.ImportTaxonomy(ctx, db, rows, false, admin)
		if err != nil {
			t.Fatal(err)
		}
		if len(again.Added)+len(again.Updated) != 0 || again.Unchanged != len(rep.Added) {
			t.Fatalf("rerun: %d added, %d updated, %d unchanged; want nothing changed", len(again.Added), len(again.Updated), again.Unchanged)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'category.import'`); n != 1 {
			t.Fatalf("%d import audit entries, want 1", n)
		}

		// A file with one line naming a department nobody created imports
		// nothing, not even its good lines.
		bad, err := category.ParseTaxonomy(strings.NewReader("level1,level2,route,resolve_days\n新类,新二级,centre,5\n新类,坏路由,department:nobody,\n"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = category.ImportTaxonomy(ctx, db, bad, false, admin)
		var le category.LineErrors
		if !errors.As(err, &le) || len(le) != 1 || le[0].Line != 3 {
			t.Fatalf("want one error on line 3, got %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM categories`); n != after {
			t.Fatalf("a failed import wrote: %d categories, want %d", n, after)
		}
		// An optional column changes the existing leaf once.
		upd, err := category.ParseTaxonomy(strings.NewReader("level1,level2,level3,resolve_days,keywords\n城乡建设,安全生产,事故处理,5,事故 爆炸\n"))
		if err != nil {
			t.Fatal(err)
		}
		r2, err := category.ImportTaxonomy(ctx, db, upd, false, admin)
		if err != nil || len(r2.Updated) != 1 || len(r2.Added) != 0 {
			t.Fatalf("update: %+v, %v", r2, err)
		}
		r3, err := category.ImportTaxonomy(ctx, db, upd, false, admin)
		if err != nil || len(r3.Updated) != 0 {
			t.Fatalf("second update: %+v, %v", r3, err)
		}
	})
}
