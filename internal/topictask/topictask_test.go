package topictask_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/errs"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
	"civicgrid/internal/topictask"
)

func actor(id int64, role, node, dept string) topictask.Actor {
	u := auth.User{ID: id, Username: role, DisplayName: role, Role: role, NodeCode: node, DepartmentCode: dept}
	return topictask.Actor{User: u, Scope: auth.ScopeOf(u, ordertest.District), IP: "127.0.0.1"}
}

var (
	centre   = actor(1, auth.RoleDispatcher, ordertest.District, "")
	street   = actor(2, auth.RoleStreet, ordertest.Street1, "")
	ranqi    = actor(3, auth.RoleDepartment, "", "ranqi")
	cg       = actor(4, auth.RoleDepartment, "", "chengguan")
	operator = actor(5, auth.RoleOperator, ordertest.District, "")
)

func fileOrders(t *testing.T, db *store.DB, n int) []string {
	t.Helper()
	ordertest.SeedOrg(t, db)
	if _, err := category.Seed(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	keys, err := pii.NewKeyring(bytes.Repeat([]byte{7}, pii.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	now := ordertest.NewNow(ordertest.Monday09)
	svc, err := order.New(order.Config{DB: db, Locator: ordertest.BoxLocator{}, Clock: ordertest.WeekdayClock{},
		Keys: keys, DataDir: t.TempDir(), Now: now.Now})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := 0; i < n; i++ {
		o, _, err := svc.Create(context.Background(), order.StaffActor(operator.User, operator.Scope, "ip"),
			order.Input{Channel: order.ChannelHotline, Category: "road.pothole", Description: "幸福路燃气管道施工后路面塌陷，坑很深",
				Point: &order.Point{Lng: 123.05, Lat: 41.05}})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, o.Number)
		now.Advance(time.Hour)
	}
	return out
}

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestHandTopicToUnit: the centre hands three orders of a topic to 燃气 as
// one task; 燃气 sees it (城管 and a street do not), records progress and
// closes it; bad input and a second hand-out of an order are refused and
// write nothing.
func TestHandTopicToUnit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		nums := fileOrders(t, db, 4)
		now := ordertest.Monday09.Add(5 * time.Hour)
		in := topictask.Input{Words: []string{"幸福路", "塌陷"}, Department: "ranqi", DueOn: "2026-12-31", Orders: nums[:3], Note: "统筹处置"}
		bad := []struct {
			name string
			a    topictask.Actor
			edit func(*topictask.Input)
			kind errs.Kind
		}{
			{"operator may not", operator, nil, errs.Forbidden},
			{"department may not", ranqi, nil, errs.Forbidden},
			{"no unit", centre, func(in *topictask.Input) { in.Department = "" }, errs.Invalid},
			{"unknown unit", centre, func(in *topictask.Input) { in.Department = "nosuch" }, errs.Invalid},
			{"unit of another district", centre, func(in *topictask.Input) { in.Department = "faraway" }, errs.Invalid},
			{"bad day", centre, func(in *topictask.Input) { in.DueOn = "31/12/2026" }, errs.Invalid},
			{"past day", centre, func(in *topictask.Input) { in.DueOn = "2020-01-01" }, errs.Invalid},
			{"no orders", centre, func(in *topictask.Input) { in.Orders = nil }, errs.Invalid},
			{"unknown order", centre, func(in *topictask.Input) { in.Orders = []string{nums[0], "209901010001"} }, errs.Invalid},
		}
		for _, c := range bad {
			x := in
			if c.edit != nil {
				c.edit(&x)
			}
			_, err := topictask.Create(ctx, db, c.a, x, now)
			if errs.KindOf(err) != c.kind {
				t.Errorf("%s: %v, want %s", c.name, err, c.kind)
			}
		}
		if n := count(t, db, "topic_tasks") + count(t, db, "topic_task_orders"); n != 0 {
			t.Fatalf("refused input wrote %d rows", n)
		}
		task, err := topictask.Create(ctx, db, centre, in, now)
		if err != nil {
			t.Fatal(err)
		}
		if task.Title != "幸福路、塌陷" || task.Orders != 3 || task.Resolved != 0 || task.Status != topictask.StatusOpen || task.DepartmentName != "ranqi" {
			t.Fatalf("task %+v", task)
		}
		if task.Overdue(now) || !task.Overdue(time.Date(2027, 1, 1, 1, 0, 0, 0, time.UTC)) {
			t.Errorf("overdue: due %s", task.DueOn)
		}
		// An order already handed out is refused in a second task, nothing written.
		if _, err := topictask.Create(ctx, db, centre, topictask.Input{Title: "again", Department: "chengguan", DueOn: "2026-12-31",
			Orders: []string{nums[3], nums[0]}}, now); !errors.Is(err, topictask.ErrConflict) {
			t.Fatalf("second hand-out: %v", err)
		}
		if n := count(t, db, "topic_tasks"); n != 1 {
			t.Fatalf("%d tasks after a refused second hand-out", n)
		}
		// Who sees it.
		for _, c := range []struct {
			a    topictask.Actor
			sees bool
		}{{centre, true}, {ranqi, true}, {cg, false}, {street, false}, {operator, false}} {
			list, err := topictask.List(ctx, db, c.a)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(list) == 1; got != c.sees {
				t.Errorf("%s/%s sees %d tasks", c.a.User.Role, c.a.User.DepartmentCode, len(list))
			}
			if _, err := topictask.Get(ctx, db, c.a, task.ID); (err == nil) != c.sees {
				t.Errorf("%s/%s get: %v", c.a.User.Role, c.a.User.DepartmentCode, err)
			}
		}
		if got := topictask.Actions(ranqi, task); len(got) != 2 {
			t.Errorf("lead unit's actions %v", got)
		}
		if err := topictask.Progress(ctx, db, cg, task.ID, "看看", now); !errors.Is(err, topictask.ErrNotFound) {
			t.Errorf("another unit's progress: %v", err)
		}
		if err := topictask.Progress(ctx, db, ranqi, task.ID, "  ", now); !errors.Is(err, topictask.ErrInvalid) {
			t.Errorf("empty progress: %v", err)
		}
		if err := topictask.Progress(ctx, db, ranqi, task.ID, "已组织抢修，封闭施工段", now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := topictask.Close(ctx, db, ranqi, task.ID, "管道修复，路面恢复，逐一回复来电群众", now.Add(48*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := topictask.Close(ctx, db, centre, task.ID, "again", now.Add(49*time.Hour)); !errors.Is(err, topictask.ErrConflict) {
			t.Errorf("second close: %v", err)
		}
		notes, err := topictask.Notes(ctx, db, centre, task.ID)
		if err != nil || len(notes) != 2 || notes[0].Kind != "progress" || notes[1].Kind != "closed" || notes[1].By != "department" {
			t.Fatalf("notes %+v %v", notes, err)
		}
		orders, err := topictask.Orders(ctx, db, ranqi, task.ID)
		if err != nil || len(orders) != 3 {
			t.Fatalf("orders %v %v", orders, err)
		}
		got, err := topictask.Get(ctx, db, centre, task.ID)
		if err != nil || got.Status != topictask.StatusClosed || got.Outcome == "" || got.Overdue(time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("closed task %+v %v", got, err)
		}
		handed, err := topictask.Handed(ctx, db, nums)
		if err != nil || len(handed) != 3 || handed[nums[0]] != task.ID || handed[nums[3]] != 0 {
			t.Fatalf("handed %v %v", handed, err)
		}
		var audits int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action LIKE 'topictask.%'`).Scan(&audits); err != nil || audits != 3 {
			t.Errorf("%d audit rows %v, want 3 (create, progress, close)", audits, err)
		}
	})
}
