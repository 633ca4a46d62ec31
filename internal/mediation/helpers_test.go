package mediation_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/mediation"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

type env struct {
	db     *store.DB
	orders *order.Service
	svc    *mediation.Service
	now    *ordertest.Now
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	ordertest.SeedOrg(t, db)
	if _, err := category.Seed(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	keys, err := pii.NewKeyring(bytes.Repeat([]byte{7}, pii.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{db: db, now: ordertest.NewNow(ordertest.Monday09)}
	if e.orders, err = order.New(order.Config{DB: db, Locator: ordertest.BoxLocator{}, Clock: ordertest.WeekdayClock{},
		Keys: keys, DataDir: t.TempDir(), Now: e.now.Now}); err != nil {
		t.Fatal(err)
	}
	if e.svc, err = mediation.New(mediation.Config{DB: db, Keys: keys, Orders: e.orders, Now: e.now.Now}); err != nil {
		t.Fatal(err)
	}
	return e
}

func actor(id int64, role, node string) mediation.Actor {
	u := auth.User{ID: id, Username: role, DisplayName: role, Role: role, NodeCode: node}
	return mediation.Actor{User: u, Scope: auth.ScopeOf(u, ""), IP: "127.0.0.1"}
}

var (
	community = actor(10, auth.RoleCommunity, ordertest.Community1)
	other     = actor(11, auth.RoleCommunity, ordertest.Community3)
	street    = actor(12, auth.RoleStreet, ordertest.Street1)
	leader    = actor(13, auth.RoleLeader, ordertest.District)
	gridUser  = actor(14, auth.RoleGrid, ordertest.GridA)
	operator  = actor(15, auth.RoleOperator, ordertest.District)
)

// file files an order of cat in grid A by the hotline.
func (e *env) file(t *testing.T, cat string) order.Order {
	t.Helper()
	o, _, err := e.orders.Create(context.Background(), order.StaffActor(operator.User, operator.Scope, "ip"),
		order.Input{Channel: order.ChannelHotline, Category: cat, Description: "楼上漏水把我家棚顶泡了，找了几次都不给修，请求调解",
			Point: &order.Point{Lng: 123.05, Lat: 41.05}})
	if err != nil {
		t.Fatal(err)
	}
	e.now.Advance(time.Hour)
	return o
}

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
