package sweep_test

import (
	"bytes"
	"context"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/sweep"
)

// The test org (as in the order package's tests): district 210504 with
// street 210504002 (community …002001, grids …001 and …002) and street
// 210504004; departments serve the district.
const (
	district   = "210504"
	street1    = "210504002"
	street2    = "210504004"
	community1 = "210504002001"
	community3 = "210504004001"
	gridA      = "210504002001001"
	gridC      = "210504004001001"
)

var cst = ordertest.CST

// monday09 is Monday 23 November 2026, 09:00 in Shanghai.
var monday09 = ordertest.Monday09

var inA = &order.Point{Lng: 123.05, Lat: 41.05}

// The fakes are shared with the order engine's other tests.
type (
	boxLocator   = ordertest.BoxLocator
	weekdayClock = ordertest.WeekdayClock
	clock        = ordertest.Now
)

type env struct {
	db  *store.DB
	svc *order.Service
	now *clock
}

func newEnv(t testing.TB, db *store.DB) *env {
	t.Helper()
	ctx := context.Background()
	seedOrg(t, db)
	if _, err := category.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	keys, err := pii.NewKeyring(bytes.Repeat([]byte{9}, pii.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{db: db, now: ordertest.NewNow(monday09)}
	e.svc, err = order.New(order.Config{DB: db, Locator: boxLocator{}, Clock: weekdayClock{}, Keys: keys,
		DataDir: t.TempDir(), Now: e.now.Now})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func seedOrg(t testing.TB, db *store.DB) {
	t.Helper()
	regions := []struct{ code, level, parent string }{
		{"2105", "city", ""}, {district, "district", "2105"},
		{street1, "street", district}, {street2, "street", district},
		{community1, "community", street1}, {community3, "community", street2},
	}
	for _, r := range regions {
		var parent any
		if r.parent != "" {
			parent = r.parent
		}
		mustExec(t, db, `INSERT INTO regions (code, name, official_name, level, parent_code, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 1, 1)`, r.code, "r"+r.code, "r"+r.code, r.level, parent)
	}
	for _, g := range []struct{ code, community string }{{gridA, community1}, {gridC, community3}} {
		mustExec(t, db, `INSERT INTO grids (code, community_code, seq, name, geometry, min_lng, min_lat, max_lng, max_lat, created_at, updated_at)
			VALUES (?, ?, 1, ?, '{}', 0, 0, 1, 1, 1, 1)`, g.code, g.community, "grid "+g.code)
	}
	for _, d := range []string{"ranqi", "chengguan"} {
		mustExec(t, db, `INSERT INTO departments (code, name, region_code, created_at, updated_at) VALUES (?, ?, ?, 1, 1)`, d, d, district)
	}
}

func mustExec(t testing.TB, db *store.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func staff(id int64, role, node, dept string) order.Actor {
	u := auth.User{ID: id, Username: role + node + dept, Role: role, NodeCode: node, DepartmentCode: dept}
	deptRegion := ""
	if dept != "" {
		deptRegion = district
	}
	return order.StaffActor(u, auth.ScopeOf(u, deptRegion), "127.0.0.1")
}

var (
	operator   = staff(101, auth.RoleOperator, district, "")
	dispatcher = staff(102, auth.RoleDispatcher, district, "")
	gridWorker = staff(103, auth.RoleGrid, community1, "")
	streetOne  = staff(104, auth.RoleStreet, street1, "")
	ranqi      = staff(105, auth.RoleDepartment, "", "ranqi")
)

// Orders for each rung of the ladder, filed by the operator.
func noiseAtGrid(desc string) order.Input { // → grid A, 2 h / 3 working days
	return order.Input{Channel: order.ChannelHotline, Category: "noise.disturb", Description: desc, Point: inA,
		Attributes: map[string]string{"source": "neighbour"}, ReporterName: "张三丰", ReporterPhone: "13812345678"}
}

func fitnessAtStreet(desc string) order.Input { // → street 1, 2 h / 5 working days
	return order.Input{Channel: order.ChannelHotline, Category: "fitness.equipment", Description: desc, Point: inA,
		ReporterName: "李四", ReporterPhone: "13900001111"}
}

func gasAtDepartment(desc string) order.Input { // → ranqi, 15 min / 4 h
	return order.Input{Channel: order.ChannelHotline, Category: "gas.leak", Description: desc, Point: inA,
		Attributes: map[string]string{"valve_closed": "yes"}, ReporterName: "王五", ReporterPhone: "13700002222"}
}

func mustCreate(t testing.TB, e *env, in order.Input) order.Order {
	t.Helper()
	o, _, err := e.svc.Create(context.Background(), operator, in)
	if err != nil {
		t.Fatalf("create %s: %v", in.Category, err)
	}
	return o
}

func mustGet(t testing.TB, e *env, number string) order.Order {
	t.Helper()
	o, err := e.svc.Get(context.Background(), dispatcher, number)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func newSweeper(t testing.TB, e *env, p sweep.Policy, batch int) *sweep.Sweeper {
	t.Helper()
	s, err := sweep.New(sweep.Config{DB: e.db, Now: e.now.Now, Policy: p, Batch: batch})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func tick(t testing.TB, s *sweep.Sweeper) sweep.Report {
	t.Helper()
	r, err := s.Tick(context.Background())
	if err != nil {
		t.Fatalf("tick: %v", err)
	}
	return r
}

func scalar(t testing.TB, db *store.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// systemEvents counts an order's timeline events by action, only those
// the system wrote, without the catalogue's routing at intake.
func systemEvents(t testing.TB, db *store.DB, orderID int64) map[order.Action]int {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), `SELECT action, COUNT(*) FROM order_events
		WHERE order_id = ? AND actor_role = 'system' AND actor_id IS NULL AND action <> 'dispatch' GROUP BY action`, orderID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[order.Action]int{}
	for rows.Next() {
		var a string
		var n int
		if err := rows.Scan(&a, &n); err != nil {
			t.Fatal(err)
		}
		out[order.Action(a)] = n
	}
	return out
}
