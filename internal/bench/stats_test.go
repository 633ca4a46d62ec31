package bench

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"civicgrid/internal/report"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// The result lines the issue asks for: times, ratio peer/ours.
var (
	statsLine = regexp.MustCompile(`^bench stats: [0-9.]+ ms; peer group-by [0-9.]+ ms; ratio [0-9.]+$`)
	sweepLine = regexp.MustCompile(`^bench sweep: [0-9.]+ ms; peer full-scan [0-9.]+ ms; ratio [0-9.]+$`)
)

// runSmall runs a bench through Run on db and returns its stdout lines;
// the timings are not checked, only the format and the checks the bench
// makes itself (it fails when ours and the peer disagree).
func runSmall(t *testing.T, name string, db *store.DB, n int) []string {
	t.Helper()
	var stdout, progress bytes.Buffer
	cfg := Config{Seed: 3, N: n, Store: db}
	if err := Run(context.Background(), name, cfg, &stdout, &progress); err != nil {
		t.Fatalf("%v\nprogress:\n%s", err, progress.String())
	}
	return strings.Split(strings.TrimSpace(stdout.String()), "\n")
}

func TestStatsSmall(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		lines := runSmall(t, "stats", db, 2000)
		out := strings.Join(lines, "\n")
		if last := lines[len(lines)-1]; !statsLine.MatchString(last) {
			t.Fatalf("result line %q; stdout:\n%s", last, out)
		}
		for _, want := range []string{
			"stats: 2000 orders of district 210501",
			"stats check: the orders table gave the rollup's counts for every measure and ranking entry of all 56 combinations",
			"stats combo street leaf+dept measures",
			"stats combo street class rank-community",
			"stats combo district leaf rank-department",
			"stats worst: ",
			"peak RSS: ",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("stdout lacks %q:\n%s", want, out)
			}
		}
		var count int
		if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM orders WHERE district_code = '210501'`).Scan(&count); err != nil || count != 2000 {
			t.Fatalf("%d orders generated in the district (%v), want 2000", count, err)
		}
	})
}

// The check that fails the run sees a difference in any counter of the
// measures or of a ranking entry.
func TestStatsFiguresDiffer(t *testing.T) {
	a := comboFigures{counts: report.Counts{Received: 10, Resolved: 7},
		entries: []report.Entry{{Rank: 1, Code: "210501001", Counts: report.Counts{Received: 10}}}}
	clone := func() comboFigures {
		b := a
		b.entries = append([]report.Entry(nil), a.entries...)
		return b
	}
	if err := a.sameFigures(clone()); err != nil {
		t.Fatalf("equal figures: %v", err)
	}
	b := clone()
	b.counts.Resolved = 6
	if err := a.sameFigures(b); err == nil {
		t.Fatal("a measure that differs passed")
	}
	b = clone()
	b.entries[0].Counts.Received = 11
	if err := a.sameFigures(b); err == nil || !strings.Contains(err.Error(), "210501001") {
		t.Fatalf("a ranking entry that differs: %v", err)
	}
	b = clone()
	b.entries = nil
	if err := a.sameFigures(b); err == nil {
		t.Fatal("a missing ranking entry passed")
	}
}

// Every filter the measures page offers is measured: four node levels,
// six filters, the rankings below and of departments.
func TestStatsCombos(t *testing.T) {
	combos := statsCombos("streetlight.out", "component")
	seen := map[string]bool{}
	for _, c := range combos {
		if seen[c.name] {
			t.Errorf("combination %q twice", c.name)
		}
		seen[c.name] = true
		if c.rank == report.ByDepartment && c.query.Department != "" {
			t.Errorf("%s: ranks departments under a department filter (refused by report.Rank)", c.name)
		}
	}
	for _, want := range []string{"grid class+dept measures", "community dept rank-grid", "district class+dept rank-street",
		"street leaf rank-department", "district leaf+dept partial-days measures"} {
		if !seen[want] {
			t.Errorf("no combination %q", want)
		}
	}
	if len(combos) != 56 {
		t.Errorf("%d combinations, want 56 (4 levels × 6 filters measures, 3 × 6 rankings below, 4 × 3 of departments, 2 partial)", len(combos))
	}
}

func TestSweepSmall(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		lines := runSmall(t, "sweep", db, 2000)
		out := strings.Join(lines, "\n")
		if last := lines[len(lines)-1]; !sweepLine.MatchString(last) {
			t.Fatalf("result line %q; stdout:\n%s", last, out)
		}
		for _, want := range []string{
			"sweep: 2000 open orders",
			"sweep check: tick and full scan agreed on the rows of every step, 5 times",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("stdout lacks %q:\n%s", want, out)
			}
		}
	})
}

// --nodes 3: three sweepers starting together on a second copy of the
// backlog do what one alone did, once; the figures are printed.
func TestSweepNodesSmall(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var race *store.DB
		if db.Dialect() == store.Postgres {
			race = storetest.Postgres(t)
		} else {
			race = storetest.SQLite(t)
		}
		var stdout, progress bytes.Buffer
		cfg := Config{Seed: 3, N: 2000, Store: db, Nodes: 3, RaceStore: race}
		if err := Run(context.Background(), "sweep", cfg, &stdout, &progress); err != nil {
			t.Fatalf("%v\nprogress:\n%s", err, progress.String())
		}
		out := stdout.String()
		for _, want := range []string{"sweep nodes: 3 nodes starting their catch-up tick together", "no step done twice", "sweep nodes target: 3 nodes never slower than one"} {
			if !strings.Contains(out, want) {
				t.Errorf("stdout lacks %q:\n%s", want, out)
			}
		}
		if err := Run(context.Background(), "sweep", Config{N: 2000, Store: db, Nodes: 3}, &stdout, &progress); err == nil {
			t.Error("--nodes without a second store was accepted")
		}
	})
}
