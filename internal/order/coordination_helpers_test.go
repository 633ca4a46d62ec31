package order_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/calendar"
	"civicgrid/internal/category"
	"civicgrid/internal/order"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// More actors for lifecycle part 2: a community office, and people of the
// right role outside the order's area (gridA, district 210504).
var (
	communityOne     = staff(auth.RoleCommunity, community1, "")
	communityThree   = staff(auth.RoleCommunity, community3, "")
	gongdian         = staff(auth.RoleDepartment, "", "gongdian")
	farDispatcher    = staff(auth.RoleDispatcher, "210505", "")
	streetSupervisor = staff(auth.RoleSupervisor, street2, "")
)

// wantErr fails unless err matches target.
func wantErr(t *testing.T, step string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: %v, want %v", step, err, target)
	}
}

// refused runs a step that must fail with target and change nothing:
// neither the order's version, nor the timeline, nor the outbox.
func refused(t *testing.T, e *env, number, step string, target error, do func() error) {
	t.Helper()
	before := e.state(t, number)
	wantErr(t, step, do(), target)
	if after := e.state(t, number); after != before {
		t.Fatalf("%s changed the store: %v → %v", step, before, after)
	}
}

// state is what a refused step must leave alone.
func (e *env) state(t *testing.T, number string) [5]int {
	t.Helper()
	return [5]int{
		count(t, e.db, `SELECT version FROM orders WHERE number = ?`, number),
		count(t, e.db, `SELECT COUNT(*) FROM order_events`),
		count(t, e.db, `SELECT COUNT(*) FROM outbox`),
		count(t, e.db, `SELECT COUNT(*) FROM order_deadline_requests`),
		count(t, e.db, `SELECT COUNT(*) FROM order_summons_departments`) + count(t, e.db, `SELECT COALESCE(SUM(reported_at), 0) FROM order_summons_departments`),
	}
}

// atDepartment files a noise order (routed to gridA) and has the
// dispatcher redispatch it to lead with the co-handlers; unsigned.
func atDepartment(t *testing.T, e *env, lead string, co ...string) order.Order {
	t.Helper()
	o := mustCreate(t, e, operator, noise("楼下饭店排风机噪音很大，晚上也不停"))
	o, err := e.svc.Redispatch(context.Background(), dispatcher, o.Number, o.Version,
		order.Target{Level: category.LevelDepartment, Code: lead, CoHandlers: co}, "涉及多个部门")
	if err != nil {
		t.Fatalf("redispatch: %v", err)
	}
	return o
}

// actions lists the timeline of an order as action:to.
func actions(t *testing.T, e *env, number string) []string {
	t.Helper()
	tl, err := e.svc.Timeline(context.Background(), supervisor, number)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, ev := range tl {
		out = append(out, string(ev.Action)+":"+string(ev.To))
	}
	return out
}

func lastEvent(t *testing.T, e *env, number string) order.Event {
	t.Helper()
	tl, err := e.svc.Timeline(context.Background(), supervisor, number)
	if err != nil {
		t.Fatal(err)
	}
	return tl[len(tl)-1]
}

// calendarClock puts the real calendar (the State Council schedule shipped
// with the calendar package) behind order.Clock, as the server does.
type calendarClock struct{ cal *calendar.Calendar }

func (c calendarClock) AddWorkingDays(from time.Time, n int) time.Time {
	t, err := c.cal.AddWorkingDays(from, n)
	if err != nil {
		panic(err)
	}
	return t
}

func (c calendarClock) AddDuration(from time.Time, d time.Duration) time.Time {
	t, err := c.cal.AddDuration(from, d)
	if err != nil {
		panic(err)
	}
	return t
}

// calendarEnv is newEnv on the official calendar, starting at start.
func calendarEnv(t *testing.T, db *store.DB, start time.Time) *env {
	t.Helper()
	e := newEnv(t, db)
	e.now.Set(start)
	keys, err := pii.NewKeyring(bytes.Repeat([]byte{9}, pii.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	e.svc, err = order.New(order.Config{DB: db, Locator: boxLocator{}, Clock: calendarClock{calendar.Embedded(cst)}, Keys: keys,
		DataDir: e.dataDir, MaxPhotoBytes: maxPhotoBytes, Now: e.now.Now})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func sameTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Fatalf("%s: %s, want %s", what, got.In(cst).Format(time.RFC3339), want.In(cst).Format(time.RFC3339))
	}
}
