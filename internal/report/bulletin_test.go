package report_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"civicgrid/internal/report"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestBulletinPeriod(t *testing.T) {
	t.Parallel()
	date := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, cst) }
	cases := []struct {
		kind      report.BulletinKind
		at        time.Time
		cur, prev report.Period
	}{
		// A Wednesday: last week, and the week before it.
		{report.Weekly, time.Date(2026, 3, 11, 10, 0, 0, 0, cst),
			report.Period{From: date(2026, 3, 2), To: date(2026, 3, 9)}, report.Period{From: date(2026, 2, 23), To: date(2026, 3, 2)}},
		// Half past midnight on Monday in Beijing (Sunday in UTC): the
		// week just ended.
		{report.Weekly, time.Date(2026, 3, 8, 16, 30, 0, 0, time.UTC),
			report.Period{From: date(2026, 3, 2), To: date(2026, 3, 9)}, report.Period{From: date(2026, 2, 23), To: date(2026, 3, 2)}},
		// A Sunday still belongs to the running week.
		{report.Weekly, time.Date(2026, 3, 8, 23, 0, 0, 0, cst),
			report.Period{From: date(2026, 2, 23), To: date(2026, 3, 2)}, report.Period{From: date(2026, 2, 16), To: date(2026, 2, 23)}},
		{report.Monthly, date(2026, 3, 1),
			report.Period{From: date(2026, 2, 1), To: date(2026, 3, 1)}, report.Period{From: date(2026, 1, 1), To: date(2026, 2, 1)}},
		{report.Monthly, date(2026, 1, 31),
			report.Period{From: date(2025, 12, 1), To: date(2026, 1, 1)}, report.Period{From: date(2025, 11, 1), To: date(2025, 12, 1)}},
	}
	for _, c := range cases {
		cur, prev, err := report.BulletinPeriodIn(c.kind, c.at, cst)
		if err != nil {
			t.Fatal(err)
		}
		if !cur.From.Equal(c.cur.From) || !cur.To.Equal(c.cur.To) || !prev.From.Equal(c.prev.From) || !prev.To.Equal(c.prev.To) {
			t.Errorf("%s at %s: %v / %v, want %v / %v", c.kind, c.at, cur, prev, c.cur, c.prev)
		}
	}
	if _, _, err := report.BulletinPeriodIn("day", asOf, cst); !errors.Is(err, report.ErrInvalid) {
		t.Errorf("kind day: %v, want ErrInvalid", err)
	}
}

// TestBulletinAddsUp builds the weekly bulletin of seedWeek's district and
// street and checks that every part is the dashboard's figure for the same
// node and week, and that the parts add up to the totals.
func TestBulletinAddsUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seedOrg(t, db)
		seedWeek(t, db)
		ctx := context.Background()
		// chengguan returns one of street 1's orders on Wednesday.
		returned := insert(t, db, row{name: "ret", grid: gridA, status: "pending", received: day(2, 8, 0)})
		mustExec(t, db, `INSERT INTO order_events (order_id, seq, at, action, from_status, to_status, data)
			VALUES (?, 1, ?, 'return', 'dispatched', 'pending', '{"from_level":"department","from_handler":"chengguan","returns":1}')`,
			returned, store.Millis(day(2, 9, 0)))
		rep := newReporter(t, db, asOf, report.Config{MinSample: 3})
		wednesday := time.Date(2026, 3, 11, 10, 0, 0, 0, cst)
		for _, node := range []string{district, street1} {
			b, err := rep.Bulletin(ctx, leader, node, report.Weekly, wednesday)
			if err != nil {
				t.Fatal(err)
			}
			q := report.Query{Node: node, From: from, To: to}
			m := must[report.Measures](t)(rep.Measures(ctx, leader, q))
			if b.Current.Counts != m.Counts || b.Current.Rates.Score != m.Rates.Score {
				t.Errorf("%s: bulletin counts %+v, dashboard %+v", node, b.Current.Counts, m.Counts)
			}
			by := report.ByStreet
			if node == street1 {
				by = report.ByCommunity
			}
			if got, want := summary(b.Units), summary(must[report.Ranking](t)(rep.Rank(ctx, leader, q, by))); got != want {
				t.Errorf("%s units:\n%s\nwant\n%s", node, got, want)
			}
			if got, want := summary(b.Departments), summary(must[report.Ranking](t)(rep.Rank(ctx, leader, q, report.ByDepartment))); got != want {
				t.Errorf("%s departments:\n%s\nwant\n%s", node, got, want)
			}
			var received, overdue, returns int64
			for _, c := range b.Categories {
				received += c.Counts.Received
			}
			if received != m.Counts.Received {
				t.Errorf("%s: categories add up to %d orders, want %d", node, received, m.Counts.Received)
			}
			for _, u := range b.Concerns {
				overdue += u.Overdue
				returns += u.Returned
				if u.Level == "department" && u.Code == "chengguan" && (u.Returned != 1 || u.Name != "dchengguan") {
					t.Errorf("%s: chengguan %+v, want 1 return, named", node, u)
				}
			}
			if want := m.Counts.ResolveDue - m.Counts.ResolvedOnTime; overdue != want || want == 0 {
				t.Errorf("%s: overdue by unit adds up to %d, want %d (not 0)", node, overdue, want)
			}
			if returns != 1 {
				t.Errorf("%s: %d returns, want 1", node, returns)
			}
			if len(b.Notable) == 0 || len(b.Notable[0].Reasons) < 2 {
				t.Fatalf("%s notable: %+v, want the unsatisfied reworked order first", node, b.Notable)
			}
			if b.Changes[0].ID != "received" || b.Changes[0].Current != float64(m.Counts.Received) ||
				b.Changes[0].Previous != float64(b.PreviousFig.Counts.Received) || b.PreviousFig.Counts.Received != 1 {
				t.Errorf("%s: received change %+v (previous week %d orders, want 1: b2)", node, b.Changes[0], b.PreviousFig.Counts.Received)
			}
		}
	})
}

func TestBulletinRefuses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seedOrg(t, db)
		ctx := context.Background()
		rep := newReporter(t, db, asOf, report.Config{})
		cases := []struct {
			name string
			err  error
			run  func() error
		}{
			{"a community", report.ErrInvalid, func() error {
				_, err := rep.Bulletin(ctx, leader, community1, report.Weekly, asOf)
				return err
			}},
			{"a department viewer", report.ErrForbidden, func() error {
				_, err := rep.Bulletin(ctx, deptScope("chengguan", district), district, report.Weekly, asOf)
				return err
			}},
			{"another street", report.ErrNotFound, func() error {
				_, err := rep.Bulletin(ctx, nodeScope("street", street1), street2, report.Weekly, asOf)
				return err
			}},
			{"a daily kind", report.ErrInvalid, func() error {
				_, err := rep.Bulletin(ctx, leader, district, "day", asOf)
				return err
			}},
		}
		for _, c := range cases {
			if err := c.run(); !errors.Is(err, c.err) {
				t.Errorf("%s: %v, want %v", c.name, err, c.err)
			}
		}
	})
}
