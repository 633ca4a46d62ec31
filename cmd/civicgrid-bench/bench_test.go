package main

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"civicgrid/internal/cli"
)

func runBenchCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), cli.Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr}, args)
	return stdout.String(), stderr.String(), err
}

// --orders sets the size of the stats and sweep benches; the result line
// ends stdout.
func TestBenchStatsOrdersFlag(t *testing.T) {
	stdout, stderr, err := runBenchCmd(t, "stats", "--orders", "1500", "--seed", "2", "--data", t.TempDir())
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if !regexp.MustCompile(`^bench stats: [0-9.]+ ms; peer group-by [0-9.]+ ms; ratio [0-9.]+$`).MatchString(lines[len(lines)-1]) {
		t.Fatalf("last line %q", lines[len(lines)-1])
	}
	if !strings.Contains(stdout, "stats: 1500 orders") || !strings.Contains(stdout, "(seed 2)") {
		t.Fatalf("stdout:\n%s", stdout)
	}
}

// --keep makes the store on the first run and reuses its orders and
// rollup on the next, with the same figures; another size is refused.
func TestBenchStatsKeep(t *testing.T) {
	dir := t.TempDir()
	first, stderr, err := runBenchCmd(t, "stats", "--orders", "1500", "--keep", dir)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	second, stderr, err := runBenchCmd(t, "stats", "--orders", "1500", "--keep", dir)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if !strings.Contains(first, ", generated in ") || !strings.Contains(second, ", reused in ") || !strings.Contains(second, "rollup reused") {
		t.Fatalf("first run:\n%s\nsecond run:\n%s", first, second)
	}
	received := regexp.MustCompile(`(?m)^stats combo street leaf\+dept measures .* (\d+) orders$`)
	a, b := received.FindStringSubmatch(first), received.FindStringSubmatch(second)
	if a == nil || b == nil || a[1] != b[1] {
		t.Fatalf("street leaf+dept: %v then %v", a, b)
	}
	if _, _, err := runBenchCmd(t, "stats", "--orders", "1600", "--keep", dir); err == nil || !strings.Contains(err.Error(), "1500 orders") {
		t.Fatalf("reusing 1500 orders for 1600: %v", err)
	}
	if _, _, err := runBenchCmd(t, "sweep", "--keep", dir); !errors.Is(err, cli.ErrUsage) {
		t.Fatalf("--keep for sweep: %v", err)
	}
}

func TestBenchFlagsAndEnvironment(t *testing.T) {
	if _, _, err := runBenchCmd(t, "sweep", "--orders", "5", "--n", "6"); !errors.Is(err, cli.ErrUsage) {
		t.Fatalf("--orders and --n disagreeing: %v", err)
	}
	t.Setenv("CIVICGRID_BENCH_ORDERS", "many")
	if _, _, err := runBenchCmd(t, "stats"); !errors.Is(err, cli.ErrUsage) || !strings.Contains(err.Error(), "CIVICGRID_BENCH_ORDERS") {
		t.Fatalf("a bad CIVICGRID_BENCH_ORDERS: %v", err)
	}
	t.Setenv("CIVICGRID_BENCH_ORDERS", "")
	_, stderr, err := runBenchCmd(t)
	if !errors.Is(err, cli.ErrUsage) || !strings.Contains(stderr, "stats") || !strings.Contains(stderr, "sweep") ||
		!strings.Contains(stderr, "CIVICGRID_BENCH_ORDERS") {
		t.Fatalf("help: %v\n%s", err, stderr)
	}
}
