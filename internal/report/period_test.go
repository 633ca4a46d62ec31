package report

import (
	"testing"
	"time"

	"civicgrid/internal/zone"
)

// TestSplit: whole local days (UTC+8) go to the rollup, the partial days
// at either end to the orders table, and nothing is counted twice or lost.
func TestSplit(t *testing.T) {
	r := &Reporter{offsetMs: 8 * 3600 * 1000}
	cst := zone.Shanghai()
	ms := func(y int, m time.Month, d, h int) int64 { return time.Date(y, m, d, h, 0, 0, 0, cst).UnixMilli() }
	day := func(d int) int64 { return r.dayOf(ms(2026, 3, d, 0)) }
	cases := []struct {
		name        string
		from, to    int64
		first, last int64 // first > last: no whole day
		edges       []span
	}{
		{"aligned week", ms(2026, 3, 2, 0), ms(2026, 3, 9, 0), day(2), day(8), nil},
		{"ragged both ends", ms(2026, 3, 2, 5), ms(2026, 3, 9, 3), day(3), day(8),
			[]span{{ms(2026, 3, 2, 5), ms(2026, 3, 3, 0)}, {ms(2026, 3, 9, 0), ms(2026, 3, 9, 3)}}},
		{"inside one day", ms(2026, 3, 2, 5), ms(2026, 3, 2, 7), 1, 0, []span{{ms(2026, 3, 2, 5), ms(2026, 3, 2, 7)}}},
		{"one whole day", ms(2026, 3, 2, 0), ms(2026, 3, 3, 0), day(2), day(2), nil},
		{"a day and a millisecond", ms(2026, 3, 2, 0), ms(2026, 3, 3, 0) + 1, day(2), day(2), []span{{ms(2026, 3, 3, 0), ms(2026, 3, 3, 0) + 1}}},
		{"empty", ms(2026, 3, 2, 0), ms(2026, 3, 2, 0), 1, 0, nil},
	}
	for _, c := range cases {
		first, last, edges := r.split(c.from, c.to)
		if first > last && c.first > c.last {
			first, last = c.first, c.last // both "no whole day"
		}
		if first != c.first || last != c.last || len(edges) != len(c.edges) {
			t.Errorf("%s: days %d..%d edges %v, want %d..%d %v", c.name, first, last, edges, c.first, c.last, c.edges)
			continue
		}
		for i := range edges {
			if edges[i] != c.edges[i] {
				t.Errorf("%s: edge %d %v, want %v", c.name, i, edges[i], c.edges[i])
			}
		}
	}
	// Local midnight is 16:00 UTC the day before.
	if got := r.dayStart(day(2)); got != time.Date(2026, 3, 1, 16, 0, 0, 0, time.UTC).UnixMilli() {
		t.Errorf("day start %d", got)
	}
}

func TestNextPrefix(t *testing.T) {
	for in, want := range map[string]string{"2105": "2106", "2199": "22", "210509": "21051", "1": "2"} {
		if got, ok := nextPrefix(in); !ok || got != want {
			t.Errorf("nextPrefix(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	if _, ok := nextPrefix("99"); ok {
		t.Error("nextPrefix(99) has no bound")
	}
	if floorDiv(-1, dayMs) != -1 || floorDiv(dayMs, dayMs) != 1 || floorDiv(dayMs-1, dayMs) != 0 {
		t.Error("floorDiv")
	}
}
