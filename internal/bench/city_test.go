package bench

import (
	"bytes"
	"context"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/store/storetest"
)

// cityTestPG is the PostgreSQL the city bench's test runs on; the bench
// needs one (its nodes share it), so without it the test says so and skips.
func cityTestPG(t *testing.T) string {
	t.Helper()
	url := os.Getenv("CIVICGRID_TEST_PG")
	if url == "" || url == "off" {
		t.Skip("SKIPPED: the city bench runs its nodes on one PostgreSQL; set CIVICGRID_TEST_PG=postgres://… to run it")
	}
	return url
}

// TestCitySmoke runs a few seconds of the city's day on two real server
// processes (this test binary as `serve`, see main_test.go), one of them
// SIGKILLed and restarted midway, then on one, and checks what it says
// against the plan: every order offered acknowledged, the check passed,
// the node killed and back. The figures are not checked (no timing in
// tests).
func TestCitySmoke(t *testing.T) {
	t.Parallel()
	cfg := Config{Seed: 3, DB: cityTestPG(t), Duration: 4 * time.Second, Nodes: 2, Rate: 24, N: 12, Clients: 3}
	b, err := Lookup("city")
	if err != nil {
		t.Fatal(err)
	}
	var progress bytes.Buffer
	res, err := b.Run(context.Background(), cfg, &progress)
	if err != nil {
		t.Fatalf("%v\nprogress:\n%s", err, progress.String())
	}
	extra := strings.Join(res.Extra, "\n")
	t.Logf("progress:\n%s\n%s", progress.String(), extra)
	if res.Ours.Unit != "requests/s" || !(res.Ours.Value > 0) || res.Peer.Unit != "requests/s" || !(res.Peer.Value > 0) {
		t.Fatalf("ours %v, peer %v\n%s", res.Ours, res.Peer, extra)
	}
	if !lineFormat.MatchString(res.Line("city")) {
		t.Fatalf("line %q", res.Line("city"))
	}
	offered := len(cityDaySchedule(cfg.Duration, cfg.Rate))
	// The peer's day runs on the same store after the first: its check
	// covers both days.
	for k, day := range []string{"city 2 nodes", "city peer 1 node"} {
		filed := intInLine(t, extra, day+`: (\d+) orders offered`)
		acked := intInLine(t, extra, day+`: \d+ orders offered over \w+, (\d+) acknowledged`)
		stored := intInLine(t, extra, day+` check: (\d+) orders acknowledged, each stored once`)
		actions := intInLine(t, extra, day+`: .*; (\d+) staff actions`)
		escalated := intInLine(t, extra, day+` check: .*; (\d+) escalations by the sweepers`)
		viaOpen311 := intInLine(t, extra, day+`: .* acknowledged \((\d+) through Open311\)`)
		if viaOpen311 < 1 || viaOpen311 >= acked {
			t.Fatalf("%s: %d of %d orders through Open311, want some but not all:\n%s", day, viaOpen311, acked, extra)
		}
		if filed != offered || acked != offered || stored != (k+1)*offered || actions < offered || escalated != (k+1)*cfg.N {
			t.Fatalf("%s: offered %d (want %d), acknowledged %d, stored %d, %d staff actions (want at least one per order), "+
				"%d escalations (want the %d backlog orders of each day so far):\n%s", day, filed, offered, acked, stored, actions, escalated, cfg.N, extra)
		}
	}
	if !strings.Contains(extra, "city 2 nodes kill: node 2 (pid ") || !strings.Contains(extra, "restarted") {
		t.Fatalf("no node killed and restarted:\n%s\nprogress:\n%s", extra, progress.String())
	}
}

// TestCityCheckFails shows the end-of-run check catching each kind of
// fault: an acknowledged order that is not stored, a staff action
// acknowledged but not on the timeline, and a backlog order due but never
// escalated.
func TestCityCheckFails(t *testing.T) {
	t.Parallel()
	db := storetest.Postgres(t) // the city bench runs on PostgreSQL only
	ctx := context.Background()
	if _, err := category.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	if err := fillBacklog(ctx, db, cityBacklogPrefix, 3, []string{"210504001001001"}, "chengguan", time.Now().Add(-30*time.Second)); err != nil {
		t.Fatal(err)
	}
	_, err := checkCity(ctx, db, []filed{{number: "209901019999"}}, map[string]map[string]int{"209901019999": {"accept": 1}}, time.Now())
	for _, want := range []string{"LOST OR EXTRA ORDERS: 1 acknowledged, 0 stored", "STAFF ACTIONS DIFFER: 1 ", "ESCALATIONS: 3 due but not done"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("the check did not say %q: %v", want, err)
		}
	}
	if ck, err := checkCity(ctx, db, nil, nil, time.Now().Add(-time.Hour)); err != nil || ck.orders != 0 {
		t.Fatalf("nothing due and nothing filed: %+v, %v", ck, err)
	}
}

// TestCityDaySchedule checks the compressed day: a mean of one third of
// the peak rate, the peak hour at the peak rate, in order.
func TestCityDaySchedule(t *testing.T) {
	t.Parallel()
	sum, top := 0.0, 0.0
	for _, w := range cityDayShape {
		sum, top = sum+w, max(top, w)
	}
	if math.Abs(sum-24) > 1e-9 || top != 3 {
		t.Fatalf("the day's shape sums to %g (want 24: a mean of 1) with its peak at %g (want 3)", sum, top)
	}
	const peak = 30.0
	day := 240 * time.Second // an hour is 10 s
	s := cityDaySchedule(day, peak)
	if want := int(peak / 3 * day.Seconds()); len(s) < want-1 || len(s) > want {
		t.Fatalf("%d orders in the day, want %d", len(s), want)
	}
	if !slices.IsSorted(s) || s[0] < 0 || s[len(s)-1] >= day {
		t.Fatalf("schedule not in order within the day: first %v, last %v", s[0], s[len(s)-1])
	}
	inPeak := 0
	for _, at := range s {
		if at >= 9*day/24 && at < 10*day/24 {
			inPeak++
		}
	}
	if inPeak != int(peak*10) {
		t.Fatalf("%d orders in the peak hour (09:00), want %d (%g/s for 10 s)", inPeak, int(peak*10), peak)
	}
}
