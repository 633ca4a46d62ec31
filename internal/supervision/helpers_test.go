package supervision_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/supervision"
)

// The test org (as in the order tests): district 210504 with street
// 210504002 (community …002001, grids …001 and …002) and street 210504004
// (community …004001, grid …001); departments serve the district.
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

var (
	inA = &order.Point{Lng: 123.05, Lat: 41.05}
	inC = &order.Point{Lng: 123.35, Lat: 41.05}
)

// The fakes are shared with the order engine's other tests.
type (
	boxLocator   = ordertest.BoxLocator
	weekdayClock = ordertest.WeekdayClock
	fakeNow      = ordertest.Now
)

type env struct {
	db     *store.DB
	orders *order.Service
	sup    *supervision.Service
	now    *fakeNow
}

func newEnv(t *testing.T, db *store.DB, minReturns int) *env {
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
	if e.orders, err = order.New(order.Config{DB: db, Locator: boxLocator{}, Clock: weekdayClock{}, Keys: keys,
		DataDir: t.TempDir(), Now: e.now.Now}); err != nil {
		t.Fatal(err)
	}
	if e.sup, err = supervision.New(supervision.Config{DB: db, Orders: e.orders, MinReturns: minReturns, Now: e.now.Now}); err != nil {
		t.Fatal(err)
	}
	return e
}

func seedOrg(t *testing.T, db *store.DB) { ordertest.SeedOrg(t, db) }

func mustExec(t *testing.T, db *store.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func count(t *testing.T, db *store.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

var nextUserID int64 = 500

func staff(role, node, dept string) order.Actor {
	nextUserID++
	u := auth.User{ID: nextUserID, Username: role + node + dept, DisplayName: role + node + dept, Role: role, NodeCode: node, DepartmentCode: dept}
	deptRegion := ""
	if dept != "" {
		deptRegion = district
	}
	return order.StaffActor(u, auth.ScopeOf(u, deptRegion), "127.0.0.1")
}

var (
	operator           = staff(auth.RoleOperator, district, "")
	dispatcher         = staff(auth.RoleDispatcher, district, "")
	supervisor         = staff(auth.RoleSupervisor, district, "")
	streetSupervisor   = staff(auth.RoleSupervisor, street1, "")
	otherStreetOversee = staff(auth.RoleSupervisor, street2, "")
	leader             = staff(auth.RoleLeader, district, "")
	gridWorker         = staff(auth.RoleGrid, community1, "")
	communityThree     = staff(auth.RoleCommunity, community3, "")
	streetOne          = staff(auth.RoleStreet, street1, "")
	chengguan          = staff(auth.RoleDepartment, "", "chengguan")
	shuiwu             = staff(auth.RoleDepartment, "", "shuiwu")
)

func noise(desc string, p *order.Point) order.Input {
	return order.Input{Channel: order.ChannelHotline, Category: "noise.disturb", Description: desc, Point: p,
		Attributes: map[string]string{"source": "shop"}, ReporterName: "李四", ReporterPhone: "13800001111"}
}

// step unwraps an order action or fails the test.
func step(t *testing.T, name string) func(order.Order, error) order.Order {
	return func(o order.Order, err error) order.Order {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return o
	}
}

func create(t *testing.T, e *env, in order.Input) order.Order {
	t.Helper()
	o, _, err := e.orders.Create(context.Background(), operator, in)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	return o
}

func get(t *testing.T, e *env, number string) order.Order {
	t.Helper()
	o, err := e.orders.Get(context.Background(), supervisor, number)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: %v, want %v", what, err, target)
	}
}

// refused runs a step that must fail with target and write nothing.
func refused(t *testing.T, e *env, what string, target error, do func() error) {
	t.Helper()
	before := e.state(t)
	wantErr(t, what, do(), target)
	if after := e.state(t); after != before {
		t.Fatalf("%s changed the store: %v → %v", what, before, after)
	}
}

func (e *env) state(t *testing.T) [5]int {
	t.Helper()
	return [5]int{
		count(t, e.db, `SELECT COUNT(*) FROM supervision_cases`),
		count(t, e.db, `SELECT COALESCE(SUM(version), 0) FROM supervision_cases`),
		count(t, e.db, `SELECT COUNT(*) FROM supervision_accountability`),
		count(t, e.db, `SELECT COUNT(*) FROM order_events`),
		count(t, e.db, `SELECT COUNT(*) FROM audit_log`),
	}
}
