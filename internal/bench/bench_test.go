package bench

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// lineFormat is the result line the issue asks for, with a ratio.
var lineFormat = regexp.MustCompile(`^bench [a-z]+: [0-9.]+ \S+; peer \S+ [0-9.]+ \S+; ratio [0-9.]+$`)

func TestLineForRates(t *testing.T) {
	r := Result{Ours: Measure{2_000_000, "lookups/s"}, PeerName: "PostGIS", Peer: Measure{20_000, "lookups/s"}}
	want := "bench locate: 2000000 lookups/s; peer PostGIS 20000 lookups/s; ratio 100.0"
	if got := r.Line("locate"); got != want {
		t.Fatalf("line\n got %q\nwant %q", got, want)
	}
	if !lineFormat.MatchString(r.Line("locate")) {
		t.Fatal("line does not match the issue's format")
	}
	slower := Result{Ours: Measure{150, "orders/s"}, PeerName: "INSERT", Peer: Measure{600, "orders/s"}}
	if got, want := slower.Line("intake"), "bench intake: 150.0 orders/s; peer INSERT 600.0 orders/s; ratio 0.25"; got != want {
		t.Fatalf("line\n got %q\nwant %q", got, want)
	}
}

// For times, smaller is faster, so the ratio is peer/ours: still > 1 when
// we are faster.
func TestRatioInvertsForTimes(t *testing.T) {
	fast := Result{Ours: Measure{12.5, "ms"}, PeerName: "GROUP BY", Peer: Measure{250, "ms"}, LowerIsBetter: true}
	if got, err := fast.Ratio(); err != nil || got != 20 {
		t.Fatalf("ratio = %v, %v; want 20", got, err)
	}
	if got, want := fast.Line("stats"), "bench stats: 12.50 ms; peer GROUP BY 250.0 ms; ratio 20.0"; got != want {
		t.Fatalf("line\n got %q\nwant %q", got, want)
	}
	slow := Result{Ours: Measure{40, "ms"}, Peer: Measure{10, "ms"}, LowerIsBetter: true}
	if got, err := slow.Ratio(); err != nil || got != 0.25 {
		t.Fatalf("ratio = %v, %v; want 0.25", got, err)
	}
}

func TestRatioRefusesWhatCannotBeCompared(t *testing.T) {
	for name, r := range map[string]Result{
		"units differ":   {Ours: Measure{1, "ms"}, Peer: Measure{1, "s"}},
		"peer zero":      {Ours: Measure{1, "ops/s"}, Peer: Measure{0, "ops/s"}},
		"ours zero time": {Ours: Measure{0, "ms"}, Peer: Measure{3, "ms"}, LowerIsBetter: true},
	} {
		if _, err := r.Ratio(); err == nil {
			t.Errorf("%s: got a ratio", name)
		}
		if !strings.HasSuffix(r.Line("x"), "ratio unavailable") {
			t.Errorf("%s: line %q claims a ratio", name, r.Line("x"))
		}
	}
	gone := Result{Ours: Measure{5, "ops/s"}, PeerName: "PostGIS", PeerErr: errors.New("not installed")}
	if _, err := gone.Ratio(); !errors.Is(err, ErrPeerUnavailable) {
		t.Fatalf("ratio without a peer: %v", err)
	}
	if got, want := gone.Line("locate"), "bench locate: 5.00 ops/s; peer PostGIS unavailable"; got != want {
		t.Fatalf("line\n got %q\nwant %q", got, want)
	}
}

func TestFormatValue(t *testing.T) {
	for v, want := range map[float64]string{
		2145873.4: "2145873", 1000: "1000", 999.94: "999.9", 21.537: "21.54", 9.876: "9.88",
		0.01234: "0.0123", 0: "0",
	} {
		if got := formatValue(v); got != want {
			t.Errorf("formatValue(%v) = %q, want %q", v, got, want)
		}
	}
}

// fakeBench registers once, for the Run tests; its result comes from next.
var fakeNext atomic.Pointer[Result]

func init() {
	register(Bench{Name: "fake", Summary: "test double", Run: func(ctx context.Context, cfg Config, progress io.Writer) (Result, error) {
		io.WriteString(progress, "fake: working\n")
		return *fakeNext.Load(), nil
	}})
}

func runFake(t *testing.T, r Result) (stdout, stderr string, err error) {
	t.Helper()
	fakeNext.Store(&r)
	var out, progress bytes.Buffer
	err = Run(context.Background(), "fake", Config{}, &out, &progress)
	return out.String(), progress.String(), err
}

func TestRunPrintsExtrasRSSThenTheLineLast(t *testing.T) {
	out, progress, err := runFake(t, Result{
		Ours: Measure{300, "ops/s"}, PeerName: "peer", Peer: Measure{100, "ops/s"},
		Extra: []string{"p50 1 ms, p99 4 ms"},
	})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 || lines[0] != "p50 1 ms, p99 4 ms" || !strings.HasPrefix(lines[1], "peak RSS: ") ||
		lines[2] != "bench fake: 300.0 ops/s; peer peer 100.0 ops/s; ratio 3.00" {
		t.Fatalf("stdout:\n%s", out)
	}
	if !regexp.MustCompile(`^peak RSS: [0-9]+\.[0-9] MB`).MatchString(lines[1]) {
		t.Fatalf("RSS line %q has no figure", lines[1])
	}
	if progress != "fake: working\n" {
		t.Fatalf("progress %q: the bench's progress must go to the progress writer only", progress)
	}
}

func TestRunFailsWithoutThePeerButShowsOurFigure(t *testing.T) {
	out, _, err := runFake(t, Result{Ours: Measure{300, "ops/s"}, PeerName: "PostGIS", PeerErr: errors.New("PostGIS is not installed")})
	if !errors.Is(err, ErrPeerUnavailable) || !strings.Contains(err.Error(), "PostGIS is not installed") {
		t.Fatalf("err = %v, want ErrPeerUnavailable with the reason", err)
	}
	if !strings.HasSuffix(out, "bench fake: 300.0 ops/s; peer PostGIS unavailable\n") {
		t.Fatalf("stdout:\n%s", out)
	}
}

func TestRunUnknownNameListsTheBenches(t *testing.T) {
	var out bytes.Buffer
	err := Run(context.Background(), "lcoate", Config{}, &out, io.Discard)
	if !errors.Is(err, ErrUnknown) || !strings.Contains(err.Error(), "locate") || !strings.Contains(err.Error(), `"lcoate"`) {
		t.Fatalf("err = %v, want ErrUnknown naming the bench and listing locate", err)
	}
	if out.Len() != 0 {
		t.Fatalf("unknown bench printed %q", out.String())
	}
}

func TestRegisterRefusesDuplicatesAndBadNames(t *testing.T) {
	for _, b := range []Bench{
		{Name: "locate", Run: runLocate},
		{Name: "has space", Run: runLocate},
		{Name: "norun"},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("register(%q) did not panic", b.Name)
				}
			}()
			register(b)
		}()
	}
}

func TestParseVmHWM(t *testing.T) {
	status := "Name:\tcivicgrid\nVmPeak:\t 2000000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t  100000 kB\n"
	if got, err := parseVmHWM([]byte(status)); err != nil || got != 123456*1024 {
		t.Fatalf("parseVmHWM = %d, %v", got, err)
	}
	if _, err := parseVmHWM([]byte("Name:\tx\n")); err == nil {
		t.Fatal("no VmHWM line accepted")
	}
	if _, err := parseVmHWM([]byte("VmHWM:\t12 MB\n")); err == nil {
		t.Fatal("unexpected unit accepted")
	}
	if _, err := os.Stat("/proc/self/status"); err == nil {
		if n, err := PeakRSS(); err != nil || n < 1<<20 {
			t.Fatalf("PeakRSS = %d, %v", n, err)
		}
	}
}

// The count bound stops a load exactly, whatever the clock says.
func TestLoadStopsAtTheCountBound(t *testing.T) {
	l := load{workers: 3, duration: time.Hour, maxOps: 3000, sampleEvery: 10}
	tl, err := l.run(context.Background(), func(w, i int) (bool, error) { return i%2 == 0, nil })
	if err != nil {
		t.Fatal(err)
	}
	if tl.ops != 3000 || tl.hits != 1500 || len(tl.latencies) != 300 {
		t.Fatalf("ops %d, hits %d, timed %d; want 3000, 1500, 300", tl.ops, tl.hits, len(tl.latencies))
	}
	if tl.percentile(0) > tl.percentile(50) || tl.percentile(50) > tl.percentile(100) {
		t.Fatal("percentiles out of order")
	}
}

func TestLoadStopsAtTheFirstError(t *testing.T) {
	boom := errors.New("boom")
	l := load{workers: 2, duration: time.Hour, maxOps: 1 << 40}
	_, err := l.run(context.Background(), func(w, i int) (bool, error) {
		if i == 100 {
			return false, boom
		}
		return false, nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
}

func TestOpenStoreRefusesADataDirectoryInUse(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "civicgrid.db"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := openStore(context.Background(), Config{DataDir: dir}); err == nil || !strings.Contains(err.Error(), "fresh") {
		t.Fatalf("openStore on a used directory: %v", err)
	}
}

func TestShortDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		1133 * time.Nanosecond: "1.13µs", 91221 * time.Nanosecond: "91.2µs", 2437651 * time.Nanosecond: "2.44ms",
		999 * time.Nanosecond: "999ns", 5001 * time.Millisecond: "5s",
	} {
		if got := short(d).String(); got != want {
			t.Errorf("short(%v) = %s, want %s", d, got, want)
		}
	}
}
