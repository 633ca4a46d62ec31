package report_test

import (
	"context"
	"fmt"
	"math"
	"sync/atomic"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/report"
	"civicgrid/internal/store"
	"civicgrid/internal/zone"
)

// The test org: city 2105 with district 210504 (streets …002 and …004,
// and …006 without orders) and district 210505. Street …002 has
// community …002001 (grids A and B) and …002002 (no grids); street …004
// has community …004001 (grid C).
const (
	city       = "2105"
	district   = "210504"
	otherDist  = "210505"
	street1    = "210504002"
	street2    = "210504004"
	street3    = "210504006"
	community1 = "210504002001"
	community2 = "210504002002"
	community3 = "210504004001"
	gridA      = "210504002001001"
	gridB      = "210504002001002"
	gridC      = "210504004001001"
)

var cst = zone.Shanghai()

// The measured period is the week of Monday 2 March 2026 (CST), and the
// figures are judged at asOf, long after every deadline in it.
var (
	from = time.Date(2026, 3, 2, 0, 0, 0, 0, cst)
	to   = time.Date(2026, 3, 9, 0, 0, 0, 0, cst)
	asOf = time.Date(2026, 3, 20, 12, 0, 0, 0, cst)
)

func seedOrg(t testing.TB, db *store.DB) {
	t.Helper()
	regions := []struct{ code, level, parent string }{
		{city, "city", ""}, {district, "district", city}, {otherDist, "district", city},
		{street1, "street", district}, {street2, "street", district}, {street3, "street", district},
		{community1, "community", street1}, {community2, "community", street1}, {community3, "community", street2},
	}
	for _, r := range regions {
		var parent any
		if r.parent != "" {
			parent = r.parent
		}
		mustExec(t, db, `INSERT INTO regions (code, name, official_name, level, parent_code, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 1, 1)`, r.code, "r"+r.code, "r"+r.code, r.level, parent)
	}
	for _, g := range []struct{ code, community string }{{gridA, community1}, {gridB, community1}, {gridC, community3}} {
		mustExec(t, db, `INSERT INTO grids (code, community_code, seq, name, geometry, min_lng, min_lat, max_lng, max_lat, created_at, updated_at)
			VALUES (?, ?, ?, ?, '{}', 0, 0, 1, 1, 1, 1)`, g.code, g.community, int(g.code[14]-'0'), "grid "+g.code)
	}
	for _, d := range []string{"chengguan", "shuiwu", "ranqi", "gongdian", "huanwei"} {
		mustExec(t, db, `INSERT INTO departments (code, name, region_code, created_at, updated_at) VALUES (?, ?, ?, 1, 1)`, d, "d"+d, district)
	}
	mustExec(t, db, `INSERT INTO departments (code, name, region_code, created_at, updated_at) VALUES ('faraway', 'dfaraway', ?, 1, 1)`, otherDist)
	if _, err := category.Seed(context.Background(), db); err != nil {
		t.Fatal(err)
	}
}

func mustExec(t testing.TB, db *store.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// row is an order as the orders table holds it, for scenarios easier to
// state as their outcome than to walk through the Service (every column
// the engine would have written is set consistently). Durations are
// after received; 0 means never.
type row struct {
	name                                string // for test messages
	grid, community                     string // grid "" for an order known only by community
	category                            string
	channel                             string
	status                              string
	level, handler                      string // handler_level, handler_code
	received                            time.Time
	replied, resolveDue, resolved, back time.Duration // back: callback
	rating                              string
	reworks, extensions                 int
	mergedInto                          int64
}

// seq numbers the rows; atomic, as the store tests run in parallel.
var seq atomic.Int64

// insert writes r as a valid orders row and returns its id.
func insert(t testing.TB, db *store.DB, r row) int64 {
	t.Helper()
	n := seq.Add(1)
	community := r.community
	if community == "" {
		community = r.grid[:12]
	}
	if r.category == "" {
		r.category = "noise.disturb"
	}
	if r.channel == "" {
		r.channel = "hotline"
	}
	if r.level == "" {
		r.level, r.handler = "centre", ""
	}
	if r.resolveDue == 0 {
		r.resolveDue = 3 * 24 * time.Hour
	}
	at := func(d time.Duration) int64 {
		if d == 0 {
			return 0
		}
		return store.Millis(r.received.Add(d))
	}
	var closed int64
	switch r.status {
	case "closed":
		closed = max(at(r.back), at(r.resolved))
	case "cancelled", "merged":
		closed = at(time.Hour)
	}
	var suspended int64
	if r.status == "suspended" {
		suspended = at(time.Hour)
	}
	received := store.Millis(r.received)
	var id int64
	err := db.QueryRowContext(context.Background(), `INSERT INTO orders (number, channel, status, category_code, category_version,
		kind, urgency, reply_minutes, resolve_days, resolve_minutes, description, grid_code, community_code, street_code,
		district_code, handler_level, handler_code, reworks, extensions, rating, received_at, reply_due_at, resolve_due_at,
		replied_at, resolved_at, callback_at, closed_at, suspended_at, merged_into, created_at, updated_at)
		VALUES (?, ?, ?, ?, 1, 'event', 'normal', 120, 3, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`,
		fmt.Sprintf("T%08d", n), r.channel, r.status, r.category, "测试工单 "+r.name, r.grid, community, community[:9],
		community[:6], r.level, r.handler, r.reworks, r.extensions, r.rating, received, received+2*3600*1000,
		at(r.resolveDue), at(r.replied), at(r.resolved), at(r.back), closed, suspended, r.mergedInto,
		received, received).Scan(&id)
	if err != nil {
		t.Fatalf("insert %s: %v", r.name, err)
	}
	return id
}

const (
	h = time.Hour
	d = 24 * time.Hour
)

// day is a time in the measured week: day 0 is Monday 2 March 2026.
func day(n int, hour, minute int) time.Time {
	return time.Date(2026, 3, 2+n, hour, minute, 0, 0, cst)
}

// seedWeek files the orders of the hand computations (measures_test.go).
func seedWeek(t testing.TB, db *store.DB) {
	t.Helper()
	dept := func(code string) (string, string) { return "department", code }
	cg, cgc := dept("chengguan")
	sw, swc := dept("shuiwu")
	// Street 1.
	o1 := insert(t, db, row{name: "o1", grid: gridA, category: "streetlight.out", status: "closed", level: cg, handler: cgc,
		received: from, replied: h, resolved: d, back: 2 * d, rating: "satisfied"})
	insert(t, db, row{name: "o2", grid: gridA, channel: "web", status: "closed", level: cg, handler: cgc,
		received: day(0, 10, 0), replied: 3 * h, resolved: 2 * d, back: 60 * h, rating: "basic"})
	insert(t, db, row{name: "o3", grid: gridB, category: "streetlight.out", status: "resolved", level: sw, handler: swc,
		received: day(1, 9, 0), replied: 2 * h, resolved: 4 * d})
	insert(t, db, row{name: "o4", grid: gridB, channel: "patrol", status: "closed", level: "grid", handler: gridB,
		received: day(1, 14, 0), replied: 30 * time.Minute, resolveDue: 4 * d, resolved: 2 * d, back: 3 * d,
		rating: "satisfied", reworks: 1})
	insert(t, db, row{name: "o5", grid: gridA, status: "processing", level: sw, handler: swc,
		received: day(2, 9, 0), replied: h, resolveDue: 5 * d, extensions: 1})
	insert(t, db, row{name: "o6", grid: gridA, status: "resolved", level: cg, handler: cgc,
		received: day(2, 15, 0), replied: h, resolved: d, back: 36 * h, rating: "unsatisfied"})
	insert(t, db, row{name: "o7", community: community2, status: "cancelled", received: day(3, 9, 0)})
	insert(t, db, row{name: "o8", grid: gridA, status: "merged", received: day(3, 10, 0), replied: h, mergedInto: o1})
	insert(t, db, row{name: "o9", grid: gridA, channel: "patrol", status: "suspended", level: "grid", handler: gridA,
		received: day(4, 8, 0)})
	insert(t, db, row{name: "o10", community: community2, category: "consult.policy", status: "closed",
		received: day(4, 11, 0), replied: 10 * time.Minute, resolved: 10 * time.Minute})
	insert(t, db, row{name: "o11", grid: gridB, status: "resolved", level: sw, handler: swc,
		received: day(5, 10, 0), replied: h, resolveDue: 6 * d, resolved: 3 * d, back: 2 * d, rating: "unsatisfied",
		reworks: 1, extensions: 1})
	// Street 2.
	insert(t, db, row{name: "o13", grid: gridC, status: "closed", level: "department", handler: "ranqi",
		received: day(0, 12, 0), replied: h, resolved: d, back: 2 * d, rating: "satisfied"})
	insert(t, db, row{name: "o14", grid: gridC, category: "streetlight.out", status: "closed", level: "department",
		handler: "gongdian", received: day(1, 12, 0), replied: h, resolved: d, back: 2 * d, rating: "basic"})
	// Another district of the city.
	insert(t, db, row{name: "o15", community: "210505001001", status: "pending", received: day(2, 12, 0)})
	// Just outside the period: at `to` exactly, and 1 ms before `from`.
	insert(t, db, row{name: "b1", grid: gridA, status: "closed", level: cg, handler: cgc,
		received: to, replied: h, resolved: d, back: 2 * d, rating: "satisfied"})
	insert(t, db, row{name: "b2", grid: gridA, status: "pending", received: from.Add(-time.Millisecond)})
}

// Viewers.
func nodeScope(role, node string) auth.Scope {
	return auth.ScopeOf(auth.User{ID: 1, Role: role, NodeCode: node}, "")
}

func deptScope(dept, region string) auth.Scope {
	return auth.ScopeOf(auth.User{ID: 2, Role: auth.RoleDepartment, DepartmentCode: dept}, region)
}

var leader = nodeScope(auth.RoleLeader, city)

func newReporter(t testing.TB, db *store.DB, now time.Time, cfg report.Config) *report.Reporter {
	t.Helper()
	cfg.DB = db
	cfg.Now = func() time.Time { return now }
	r, err := report.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// wantRate checks a rate against its hand-computed numerator and
// denominator; the value must be exactly num/den.
func wantRate(t *testing.T, what string, got report.Rate, num float64, den int64) {
	t.Helper()
	if got.Num != num || got.Den != den {
		t.Errorf("%s = %v/%d, want %v/%d", what, got.Num, got.Den, num, den)
		return
	}
	if den == 0 {
		if got.Defined || got.Value != 0 {
			t.Errorf("%s on no orders: %+v, want undefined", what, got)
		}
		return
	}
	if !got.Defined || got.Value != num/float64(den) {
		t.Errorf("%s = %v (defined %v), want %v", what, got.Value, got.Defined, num/float64(den))
	}
}

func wantScore(t *testing.T, what string, got report.Score, want float64) {
	t.Helper()
	if !got.Defined || math.Abs(got.Value-want) > 1e-9 {
		t.Errorf("%s score = %v (defined %v), want %v", what, got.Value, got.Defined, want)
	}
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
