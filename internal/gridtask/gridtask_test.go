package gridtask_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/gridtask"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

var (
	inA = &order.Point{Lng: 123.05, Lat: 41.05} // grid A
	inC = &order.Point{Lng: 123.35, Lat: 41.05} // grid C
)

type env struct {
	db     *store.DB
	orders *order.Service
	tasks  *gridtask.Service
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
	if e.tasks, err = gridtask.New(gridtask.Config{DB: db, Orders: e.orders, Now: e.now.Now}); err != nil {
		t.Fatal(err)
	}
	return e
}

func user(id int64, role, node string) (auth.User, auth.Scope) {
	u := auth.User{ID: id, Username: role, DisplayName: role, Role: role, NodeCode: node}
	return u, auth.ScopeOf(u, "")
}

func (e *env) file(t *testing.T, at *order.Point, cat, channel string, a order.Actor) {
	t.Helper()
	in := order.Input{Channel: channel, Category: cat, Description: "小区门口路灯又不亮了", Point: at}
	if cat == "noise.disturb" {
		in.Attributes = map[string]string{"source": "neighbour"}
	}
	if _, _, err := e.orders.Create(context.Background(), a, in); err != nil {
		t.Fatal(err)
	}
	e.now.Advance(time.Hour)
}

func TestHotSpotRaisesOneTaskAndItIsDoneOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		opU, opScope := user(1, auth.RoleOperator, ordertest.District)
		operator := order.StaffActor(opU, opScope, "127.0.0.1")
		gwU, gwScope := user(2, auth.RoleGrid, ordertest.Community1)
		patrol := order.StaffActor(gwU, gwScope, "127.0.0.1")

		// Two streetlight orders in grid A: not yet a hot spot; patrol finds,
		// another category and another grid do not count towards it.
		e.file(t, inA, "streetlight.out", order.ChannelHotline, operator)
		e.file(t, inA, "streetlight.out", order.ChannelHotline, operator)
		e.file(t, inA, "streetlight.out", order.ChannelPatrol, patrol)
		e.file(t, inA, "noise.disturb", order.ChannelHotline, operator)
		e.file(t, inC, "streetlight.out", order.ChannelHotline, operator)
		if raised, err := e.tasks.Raise(ctx); err != nil || len(raised) != 0 {
			t.Fatalf("below the threshold: %v, %v", raised, err)
		}
		e.file(t, inA, "streetlight.out", order.ChannelHotline, operator)
		raised, err := e.tasks.Raise(ctx)
		if err != nil || len(raised) != 1 {
			t.Fatalf("at the threshold: %+v, %v", raised, err)
		}
		task := raised[0]
		if task.GridCode != ordertest.GridA || task.Category != "streetlight.out" || task.OrderCount != 3 || len(task.SourceOrders) != 3 {
			t.Fatalf("task %+v", task)
		}
		// Raising again (another node, the next tick) opens no second task.
		if again, err := e.tasks.Raise(ctx); err != nil || len(again) != 0 {
			t.Fatalf("second raise: %+v, %v", again, err)
		}
		// The grid worker sees it; the worker of another street does not.
		if list, err := e.tasks.List(ctx, gwScope, "", gridtask.StatusOpen); err != nil || len(list) != 1 {
			t.Fatalf("worker's list: %+v, %v", list, err)
		}
		_, otherScope := user(3, auth.RoleGrid, ordertest.Community3)
		if list, _ := e.tasks.List(ctx, otherScope, "", ""); len(list) != 0 {
			t.Fatalf("another community sees %+v", list)
		}
		if _, err := e.tasks.Get(ctx, otherScope, task.ID); !errors.Is(err, gridtask.ErrNotFound) {
			t.Fatalf("get outside scope: %v", err)
		}
		// Bad closes change nothing.
		if _, err := e.tasks.Done(ctx, opU, opScope, "ip", task.ID, task.Version, "已经修好了路灯"); !errors.Is(err, gridtask.ErrForbidden) {
			t.Fatalf("operator closing: %v", err)
		}
		if _, err := e.tasks.Done(ctx, gwU, gwScope, "ip", task.ID, task.Version, "好"); !errors.Is(err, gridtask.ErrInvalid) {
			t.Fatalf("empty note: %v", err)
		}
		if _, err := e.tasks.Done(ctx, gwU, gwScope, "ip", task.ID, task.Version+1, "已经修好了路灯"); !errors.Is(err, gridtask.ErrStaleVersion) {
			t.Fatalf("stale version: %v", err)
		}
		done, err := e.tasks.Done(ctx, gwU, gwScope, "ip", task.ID, task.Version, "线路老化，已联系路灯所更换")
		if err != nil || done.Status != gridtask.StatusDone || done.DoneBy != gwU.ID {
			t.Fatalf("done: %+v, %v", done, err)
		}
		var audited int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'gridtask.done'`).Scan(&audited); err != nil || audited != 1 {
			t.Fatalf("audit rows %d, %v", audited, err)
		}
		// Nothing new since it was dealt with: not raised again …
		if again, err := e.tasks.Raise(ctx); err != nil || len(again) != 0 {
			t.Fatalf("after done: %+v, %v", again, err)
		}
		// … until a new order arrives there.
		e.now.Advance(time.Minute)
		e.file(t, inA, "streetlight.out", order.ChannelHotline, operator)
		if again, err := e.tasks.Raise(ctx); err != nil || len(again) != 1 || again[0].OrderCount != 4 {
			t.Fatalf("new order after done: %+v, %v", again, err)
		}
	})
}

// Orders older than the window do not make a hot spot.
func TestHotSpotWindow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		opU, opScope := user(1, auth.RoleOperator, ordertest.District)
		operator := order.StaffActor(opU, opScope, "127.0.0.1")
		e.file(t, inA, "streetlight.out", order.ChannelHotline, operator)
		e.file(t, inA, "streetlight.out", order.ChannelHotline, operator)
		e.now.Advance(8 * 24 * time.Hour)
		e.file(t, inA, "streetlight.out", order.ChannelHotline, operator)
		if raised, err := e.tasks.Raise(context.Background()); err != nil || len(raised) != 0 {
			t.Fatalf("spread over more than the window: %+v, %v", raised, err)
		}
	})
}

// Questions are not problems in the grid: three consultations from one
// grid raise nothing.
func TestConsultationsMakeNoHotSpot(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		opU, opScope := user(1, auth.RoleOperator, ordertest.District)
		operator := order.StaffActor(opU, opScope, "127.0.0.1")
		for range 3 {
			e.file(t, inA, "consult.policy", order.ChannelHotline, operator)
		}
		if raised, err := e.tasks.Raise(context.Background()); err != nil || len(raised) != 0 {
			t.Fatalf("consultations: %+v, %v", raised, err)
		}
	})
}

// An order filed in the very millisecond of the check counts (the check
// runs right after intake on a fast machine).
func TestHotSpotCountsOrdersOfThisVeryMoment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		opU, opScope := user(1, auth.RoleOperator, ordertest.District)
		operator := order.StaffActor(opU, opScope, "127.0.0.1")
		for range 3 {
			in := order.Input{Channel: order.ChannelHotline, Category: "streetlight.out", Description: "路灯不亮", Point: inA}
			if _, _, err := e.orders.Create(context.Background(), operator, in); err != nil {
				t.Fatal(err)
			}
		}
		if raised, err := e.tasks.Raise(context.Background()); err != nil || len(raised) != 1 {
			t.Fatalf("orders of this moment: %+v, %v", raised, err)
		}
	})
}
