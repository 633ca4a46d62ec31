package org_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"civicgrid/internal/org"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func parseFixture(t testing.TB) *org.Divisions {
	t.Helper()
	d, err := org.ParseDivisions(os.DirFS("testdata/divisions"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func storedCodes(t testing.TB, db *store.DB) []string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), `SELECT code FROM regions ORDER BY code`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func mustImport(t testing.TB, db *store.DB, d *org.Divisions, under string) org.ImportReport {
	t.Helper()
	rep, err := org.ImportDivisions(context.Background(), db, d, under)
	if err != nil {
		t.Fatalf("import under %s: %v", under, err)
	}
	return rep
}

func TestImportUnderDistrictGivesExactlyItsRegions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		rep := mustImport(t, db, parseFixture(t), "210504")
		want := append([]string{"21", "2105", "210504"}, mingshanStreets...)
		want = append(want, mingshanCommittees...)
		slices.Sort(want)
		got := storedCodes(t, db)
		if !slices.Equal(got, want) {
			t.Fatalf("stored %d codes, want %d: the official streets and communities of 明山区 plus 21, 2105", len(got), len(want))
		}
		if !slices.Equal(codesOf(rep.Added), want) || len(rep.Changed) != 0 || rep.Unchanged != 0 || len(rep.NotInFile) != 0 {
			t.Fatalf("report %s", rep.Summary())
		}
		if rep.UnderName != "明山区" || !strings.Contains(rep.Summary(), "92 added, 0 changed, 0 unchanged") {
			t.Errorf("summary %q", rep.Summary())
		}

		// Again: nothing added, nothing changed.
		again := mustImport(t, db, parseFixture(t), "210504")
		if len(again.Added) != 0 || len(again.Changed) != 0 || again.Unchanged != 92 {
			t.Fatalf("re-import: %s", again.Summary())
		}
		if n := len(storedCodes(t, db)); n != 92 {
			t.Fatalf("after re-import %d rows, want 92", n)
		}
	})
}

func TestImportWiderScopeAddsOnlyTheRest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		d := parseFixture(t)
		mustImport(t, db, d, "210504")
		rep := mustImport(t, db, d, "2105")
		// In scope: 21, 2105, 3 districts, 15 streets, 158 committees; the 92
		// rows of the first import were there already.
		if rep.Unchanged != 92 || len(rep.Added) != 2+3+15+158-92 {
			t.Fatalf("import 2105 after 210504: %s", rep.Summary())
		}
		mustImport(t, db, d, "110101")
		roots, err := org.Roots(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		if got := codesOf(roots); !slices.Equal(got, []string{"11", "21"}) {
			t.Fatalf("roots %v, want [11 21]", got)
		}
	})
}

func TestImportUpdatesRenamedRowsAndKeepsMissingOnes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mustImport(t, db, parseFixture(t), "210504")

		fsys := fixtureFS(t)
		edit(t, fsys, "villages.csv", `"永光社区居委会"`, `"永光新社区居委会"`)
		edit(t, fsys, "villages.csv", `"大峪村委会"`, `"大峪社区居委会"`) // a village turned community
		edit(t, fsys, "villages.csv", "210504011221,\"前厂子村委会\",210504011,21,2105,210504\n", "")
		d, err := org.ParseDivisions(fsys)
		if err != nil {
			t.Fatal(err)
		}
		rep := mustImport(t, db, d, "210504")
		if len(rep.Added) != 0 || rep.Unchanged != 92-3 || len(rep.Changed) != 2 || len(rep.NotInFile) != 1 {
			t.Fatalf("report: %s", rep)
		}
		c := rep.Changed[0]
		if c.Code != "210504002001" || c.OldName() != "永光社区居委会" || c.NewName() != "永光新社区居委会" {
			t.Errorf("first change %+v", c)
		}
		if c := rep.Changed[1]; c.Code != "210504008201" || c.Old.Level != org.LevelVillage || c.New.Level != org.LevelCommunity {
			t.Errorf("second change %+v", c)
		}
		if rep.NotInFile[0].Code != "210504011221" {
			t.Errorf("not in file %+v", rep.NotInFile)
		}
		s := rep.String()
		for _, want := range []string{"210504002001 永光社区居委会 → 永光新社区居委会", "(village → community)", "not in file 210504011221 前厂子村委会"} {
			if !strings.Contains(s, want) {
				t.Errorf("report text lacks %q:\n%s", want, s)
			}
		}

		r, err := org.GetRegion(ctx, db, "210504002001")
		if err != nil || r.Name != "永光新社区" || r.OfficialName != "永光新社区居委会" {
			t.Errorf("renamed row = %+v, %v", r, err)
		}
		r, err = org.GetRegion(ctx, db, "210504008201")
		if err != nil || r.Name != "大峪社区" || r.Level != org.LevelCommunity {
			t.Errorf("re-levelled row = %+v, %v", r, err)
		}
		if _, err := org.GetRegion(ctx, db, "210504011221"); err != nil {
			t.Errorf("row missing from the file was deleted: %v", err)
		}
		// And once more: the rename is now the stored state.
		again := mustImport(t, db, d, "210504")
		if len(again.Changed) != 0 || again.Unchanged != 91 || len(again.NotInFile) != 1 {
			t.Errorf("re-import after rename: %s", again.Summary())
		}
	})
}

func TestImportRefusesBadScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d := parseFixture(t)
		if _, err := org.ImportDivisions(ctx, db, d, "210503"); !errors.Is(err, org.ErrNotFound) {
			t.Errorf("under 210503 (not in the files): %v, want ErrNotFound", err)
		}
		var ve *org.ValidationError
		for _, under := range []string{"", "2105049", "210504002001", "21%"} {
			if _, err := org.ImportDivisions(ctx, db, d, under); !errors.As(err, &ve) {
				t.Errorf("under %q: %v, want *ValidationError", under, err)
			}
		}
		part, err := org.ParseDivisionsUnder(os.DirFS("testdata/divisions"), "210504")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := org.ImportDivisions(ctx, db, part, "2105"); !errors.As(err, &ve) {
			t.Errorf("importing 2105 from divisions read under 210504: %v, want *ValidationError", err)
		}
		if n := len(storedCodes(t, db)); n != 0 {
			t.Fatalf("refused imports stored %d rows", n)
		}
	})
}

func TestRefusedFileChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImport(t, db, parseFixture(t), "210504")
		before := storedCodes(t, db)
		fsys := fixtureFS(t)
		edit(t, fsys, "villages.csv", `"永光社区居委会"`, `"永光新社区居委会"`)
		fsys["streets.csv"].Data = append(fsys["streets.csv"].Data, "210504099,\"\",210504,21,2105\n"...)
		d, err := org.ParseDivisions(fsys)
		var pe *org.ParseError
		if !errors.As(err, &pe) || pe.File != "streets.csv" || pe.Line != 34 || d != nil {
			t.Fatalf("err = %v, want streets.csv:34 empty name", err)
		}
		r, err := org.GetRegion(context.Background(), db, "210504002001")
		if err != nil || r.OfficialName != "永光社区居委会" || !slices.Equal(storedCodes(t, db), before) {
			t.Fatalf("store changed after a refused file: %+v %v", r, err)
		}
	})
}
