package demo_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"civicgrid/internal/auth"
	"civicgrid/internal/calendar"
	"civicgrid/internal/demo"
	"civicgrid/internal/grid"
	"civicgrid/internal/order"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
	"civicgrid/internal/zone"
)

var cst = zone.Shanghai()

// Two weeks of history ending on a Monday evening in the heating season.
var historyEnd = time.Date(2026, 11, 23, 20, 0, 0, 0, cst)

const historyDays = 14

func TestBuildWithHistory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole demo district with two weeks of orders; skipped with -short")
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		dir := t.TempDir()
		var progress strings.Builder
		start := time.Now()
		_, err := demo.Build(ctx, db, demo.Options{DataDir: dir,
			History: demo.HistoryOptions{Days: historyDays, End: historyEnd, Seed: 7}}, &progress)
		if err != nil {
			t.Fatalf("build: %v\n%s", err, progress.String())
		}
		t.Logf("built on %s in %v:\n%s", db.Dialect(), time.Since(start).Round(time.Millisecond), progress.String())

		orders := readOrders(t, db)
		checkDistribution(t, orders)
		checkPlaces(t, db, orders)
		checkTimelines(t, db, orders)
		checkOutcomes(t, db, orders)
		checkNumbersFollowReceipt(t, orders)
		var undelivered int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE done_at = 0`).Scan(&undelivered); err != nil {
			t.Fatal(err)
		}
		if undelivered != 0 {
			t.Errorf("%d outbox events of the simulated past left for the notifiers", undelivered)
		}
		checkReportersSealed(t, db, dir, orders)
	})
}

// row is what the checks read of an order.
type row struct {
	number, channel, status, category, grid, community, street, district string
	name, phone                                                          string
	lng, lat                                                             float64
	received, replyDue, resolveDue, replied, resolved, closed            int64
	reworks, returns                                                     int
}

func readOrders(t *testing.T, db *store.DB) []row {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), `SELECT number, channel, status, category_code, grid_code,
		community_code, street_code, district_code, reporter_name, reporter_phone, lng, lat, received_at, reply_due_at,
		resolve_due_at, replied_at, resolved_at, closed_at, reworks, returns FROM orders ORDER BY number`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.number, &r.channel, &r.status, &r.category, &r.grid, &r.community, &r.street, &r.district,
			&r.name, &r.phone, &r.lng, &r.lat, &r.received, &r.replyDue, &r.resolveDue, &r.replied, &r.resolved, &r.closed,
			&r.reworks, &r.returns); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkDistribution: about 30 orders a day, mostly by phone, a patrol
// share of 未诉先办, and in late November heating among the top matters.
func checkDistribution(t *testing.T, orders []row) {
	t.Helper()
	n := len(orders)
	if n < historyDays*22 || n > historyDays*45 {
		t.Fatalf("%d orders in %d days, want about 30 a day", n, historyDays)
	}
	channels, categories := map[string]int{}, map[string]int{}
	for _, o := range orders {
		channels[o.channel]++
		categories[o.category]++
	}
	share := func(k int) float64 { return float64(k) / float64(n) }
	if s := share(channels[order.ChannelHotline]); s < .55 || s > .85 {
		t.Errorf("hotline share %.2f, want most orders", s)
	}
	if s := share(channels[order.ChannelWeb]); s < .05 || s > .3 {
		t.Errorf("web share %.2f", s)
	}
	if s := share(channels[order.ChannelPatrol]); s < .05 || s > .2 {
		t.Errorf("patrol (未诉先办) share %.2f, want about 10–15 %%", s)
	}
	if len(categories) < 25 {
		t.Errorf("%d categories used, want a broad mix: %v", len(categories), categories)
	}
	if s := share(categories["heating.cold"]); s < .06 {
		t.Errorf("heating.cold share %.2f in November, want it among the top matters", s)
	}
	for _, c := range []string{"noise.disturb", "corridor.clutter", "parking.illegal", "streetlight.out"} {
		if categories[c] == 0 {
			t.Errorf("no %s orders in %d days", c, historyDays)
		}
	}
}

// checkNumbersFollowReceipt: within a day, numbers are given in order of
// receipt (one worker files a day's orders), and each number's date is
// the day of receipt in China.
func checkNumbersFollowReceipt(t *testing.T, orders []row) {
	t.Helper()
	for i, o := range orders {
		if day := store.Time(o.received).In(cst).Format("20060102"); !strings.HasPrefix(o.number, day) {
			t.Fatalf("order %s received on %s", o.number, day)
		}
		if i > 0 && orders[i-1].number[:8] == o.number[:8] && orders[i-1].received > o.received {
			t.Fatalf("order %s was received before %s but numbered after it", o.number, orders[i-1].number)
		}
	}
}

// checkPlaces: every order lies in the district, in the grid its point
// locates to, with its community and street above it.
func checkPlaces(t *testing.T, db *store.DB, orders []row) {
	t.Helper()
	loc, err := grid.NewLocator(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orders {
		g, ok := loc.Locate(o.lng, o.lat)
		switch {
		case o.district != demo.DistrictCode || !strings.HasPrefix(o.street, o.district) ||
			!strings.HasPrefix(o.community, o.street) || !strings.HasPrefix(o.grid, o.community):
			t.Fatalf("order %s at %s/%s/%s/%s: not nested inside 明山区", o.number, o.district, o.street, o.community, o.grid)
		case !ok || g != o.grid:
			t.Fatalf("order %s at (%f, %f) locates to %q (%v), stored in grid %s", o.number, o.lng, o.lat, g, ok, o.grid)
		}
	}
}

type event struct {
	seq                  int
	at                   int64
	action, from, to     string
	actorRole, actorName string
}

// checkTimelines: each timeline starts with the intake at receipt, every
// event leaves from the status the previous one reached, times never go
// back nor past the end of the history, and the last status is the
// order's.
func checkTimelines(t *testing.T, db *store.DB, orders []row) {
	t.Helper()
	byNumber := map[string][]event{}
	rows, err := db.QueryContext(context.Background(), `SELECT o.number, e.seq, e.at, e.action, e.from_status, e.to_status,
		e.actor_role, e.actor_name FROM order_events e JOIN orders o ON o.id = e.order_id ORDER BY o.number, e.seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var number string
		var e event
		if err := rows.Scan(&number, &e.seq, &e.at, &e.action, &e.from, &e.to, &e.actorRole, &e.actorName); err != nil {
			t.Fatal(err)
		}
		byNumber[number] = append(byNumber[number], e)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	end := store.Millis(historyEnd)
	for _, o := range orders {
		es := byNumber[o.number]
		if len(es) == 0 || es[0].action != string(order.ActionCreate) || es[0].from != "" || es[0].at != o.received {
			t.Fatalf("order %s: timeline does not start with its intake at receipt: %+v", o.number, es)
		}
		for i, e := range es {
			if e.seq != i+1 {
				t.Fatalf("order %s: event %d has seq %d", o.number, i+1, e.seq)
			}
			if e.at > end {
				t.Fatalf("order %s: event %s at %v, after the end of the history", o.number, e.action, store.Time(e.at))
			}
			if i > 0 && (e.from != es[i-1].to || e.at < es[i-1].at) {
				t.Fatalf("order %s: event %d (%s %s→%s at %d) does not follow %s→%s at %d", o.number, e.seq, e.action,
					e.from, e.to, e.at, es[i-1].from, es[i-1].to, es[i-1].at)
			}
			if e.actorRole != "system" && e.actorRole != "resident" && !auth.IsRole(e.actorRole) {
				t.Fatalf("order %s: event by unknown role %q", o.number, e.actorRole)
			}
		}
		if last := es[len(es)-1].to; last != o.status {
			t.Fatalf("order %s: timeline ends in %s, order is %s", o.number, last, o.status)
		}
		st := order.Status(o.status)
		switch {
		case st.Open() && o.resolved != 0:
			t.Fatalf("order %s is %s but has a resolution time", o.number, st)
		case (st == order.StatusClosed || st == order.StatusCancelled) && o.closed == 0:
			t.Fatalf("order %s is %s without a closing time", o.number, st)
		case st == order.StatusResolved && o.resolved == 0:
			t.Fatalf("order %s is resolved without a resolution time", o.number)
		}
	}
}

// checkOutcomes: most orders closed, some open, some overdue, some
// cancelled or returned, unsatisfied residents reopened, and the measures
// in the ranges districts report.
func checkOutcomes(t *testing.T, db *store.DB, orders []row) {
	t.Helper()
	end := store.Millis(historyEnd)
	statuses := map[string]int{}
	var overdue, replyDue, replyOnTime, resolveDue, resolveOnTime, reworked int
	for _, o := range orders {
		statuses[o.status]++
		st := order.Status(o.status)
		if st.Open() && o.resolveDue < end {
			overdue++
		}
		if st != order.StatusCancelled && (o.replied != 0 || o.replyDue < end) {
			replyDue++
			if o.replied != 0 && o.replied <= o.replyDue {
				replyOnTime++
			}
		}
		if st != order.StatusCancelled && (o.resolved != 0 || o.resolveDue < end) {
			resolveDue++
			if o.resolved != 0 && o.resolved <= o.resolveDue {
				resolveOnTime++
			}
		}
		if o.reworks > 0 {
			reworked++
		}
	}
	n := len(orders)
	if statuses["closed"] < n/2 {
		t.Errorf("%d of %d orders closed, want most: %v", statuses["closed"], n, statuses)
	}
	if open := statuses["dispatched"] + statuses["processing"] + statuses["pending"] + statuses["new"]; open == 0 {
		t.Errorf("no open orders at the end: %v", statuses)
	}
	if overdue == 0 {
		t.Error("no overdue orders")
	}
	response, onTime := float64(replyOnTime)/float64(replyDue), float64(resolveOnTime)/float64(resolveDue)
	t.Logf("statuses %v; 响应率 %.1f %% (%d/%d), 按期办结率 %.1f %% (%d/%d), overdue %d, reworked %d",
		statuses, 100*response, replyOnTime, replyDue, 100*onTime, resolveOnTime, resolveDue, overdue, reworked)
	if response < .88 || response > .995 {
		t.Errorf("响应率 %.3f, want about 95 %%", response)
	}
	if onTime < .8 || onTime > .98 {
		t.Errorf("按期办结率 %.3f, want about 90 %%", onTime)
	}

	actions := map[string]int{}
	rows, err := db.QueryContext(context.Background(), `SELECT action, COUNT(*) FROM order_events GROUP BY action`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a string
		var k int
		if err := rows.Scan(&a, &k); err != nil {
			t.Fatal(err)
		}
		actions[a] = k
	}
	rows.Close()
	t.Logf("steps %v", actions)
	// 咨询 answered on the spot, 退单 and 改派, escalation up the ladder,
	// 重办 after an unsatisfied callback, invalid requests cancelled.
	for _, a := range []order.Action{order.ActionAnswer, order.ActionReturn, order.ActionRedispatch, order.ActionEscalate,
		order.ActionReopen, order.ActionCancel, order.ActionAccept} {
		if actions[string(a)] == 0 {
			t.Errorf("no %s step in %d days", a, historyDays)
		}
	}

	ratings := map[string]int{}
	rows, err = db.QueryContext(context.Background(), `SELECT data FROM order_events WHERE action = 'callback'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			t.Fatal(err)
		}
		for _, r := range []order.Rating{order.RatingSatisfied, order.RatingBasic, order.RatingUnsatisfied} {
			if strings.Contains(data, `"rating":"`+string(r)+`"`) {
				ratings[string(r)]++
			}
		}
	}
	calls := ratings["satisfied"] + ratings["basic"] + ratings["unsatisfied"]
	t.Logf("callbacks %v", ratings)
	if calls < n/3 {
		t.Fatalf("%d callbacks for %d orders", calls, n)
	}
	if ratings["unsatisfied"] == 0 {
		t.Error("no unsatisfied callback")
	}
	if s := float64(ratings["satisfied"]+ratings["basic"]) / float64(calls); s < .85 {
		t.Errorf("满意率 %.3f, want about 90 %% or more", s)
	}
}

var (
	plainPhone = regexp.MustCompile(`^\d{5,20}$`)
	hasHan     = func(s string) bool {
		return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
	}
)

// checkReportersSealed: the stored reporter columns are sealed, and the
// revealed names and phones appear nowhere else in the store.
func checkReportersSealed(t *testing.T, db *store.DB, dir string, orders []row) {
	t.Helper()
	ctx := context.Background()
	for _, o := range orders {
		if hasHan(o.name) || plainPhone.MatchString(o.phone) {
			t.Fatalf("order %s stores its reporter in plaintext: %q %q", o.number, o.name, o.phone)
		}
	}
	keys, err := pii.Load(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	loc, err := grid.NewLocator(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := order.New(order.Config{DB: db, Locator: loc, Clock: weekClock{calendar.Embedded(nil)}, Keys: keys, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	u, err := auth.GetUserByUsername(ctx, db, "dispatcher")
	if err != nil {
		t.Fatal(err)
	}
	scope, err := auth.ScopeForUser(ctx, db, u)
	if err != nil {
		t.Fatal(err)
	}
	dispatcher := order.StaffActor(u, scope, "127.0.0.1")
	revealed := 0
	for _, o := range orders {
		if o.channel == order.ChannelPatrol || revealed == 20 {
			continue
		}
		r, err := svc.RevealReporter(ctx, dispatcher, o.number, "测试：核对演示数据")
		if err != nil {
			t.Fatal(err)
		}
		if !plainPhone.MatchString(r.Phone) || (r.Phone[0] != '1' && !strings.HasPrefix(r.Phone, "024")) {
			t.Fatalf("order %s: revealed phone %q is not a plausible number", o.number, r.Phone)
		}
		revealed++
		for _, q := range []string{
			`SELECT COUNT(*) FROM orders WHERE description LIKE ? OR address LIKE ? OR reporter_name LIKE ? OR reporter_phone LIKE ?`,
			`SELECT COUNT(*) FROM order_events WHERE note LIKE ? OR data LIKE ? OR actor_name LIKE ? OR action LIKE ?`,
			`SELECT COUNT(*) FROM outbox WHERE payload LIKE ? OR topic LIKE ? OR topic LIKE ? OR topic LIKE ?`,
		} {
			like := "%" + r.Phone + "%"
			var n int
			if err := db.QueryRowContext(ctx, q, like, like, like, like).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Fatalf("phone of order %s found in plaintext: %s", o.number, q)
			}
		}
	}
	if revealed == 0 {
		t.Fatal("no reporter to reveal")
	}
}

// weekClock adapts the calendar for the check's own Service.
type weekClock struct{ cal *calendar.Calendar }

func (c weekClock) AddWorkingDays(from time.Time, n int) time.Time {
	t, _ := c.cal.AddWorkingDays(from, n)
	return t
}

func (c weekClock) AddDuration(from time.Time, d time.Duration) time.Time { return from.Add(d) }
