package supervision_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
	"civicgrid/internal/supervision"
)

// world files the orders every kind of candidate needs and returns them
// by name, at Friday 27 November 08:00.
func world(t *testing.T, e *env) map[string]order.Order {
	t.Helper()
	ctx := context.Background()
	toDept := order.Target{Level: category.LevelDepartment, Code: "chengguan"}
	o := map[string]order.Order{}
	// Monday: two orders left with their grids, due Thursday 24:00.
	o["overdue"] = create(t, e, noise("商铺音响噪音", inA))
	o["overdueC"] = create(t, e, noise("夜市噪音", inC))
	// Wednesday: due next Monday 24:00, so not overdue on Friday.
	e.now.Set(time.Date(2026, 11, 25, 9, 0, 0, 0, cst))
	r := create(t, e, noise("工地夜间施工", inA))
	r = step(t, "redispatch")(e.orders.Redispatch(ctx, dispatcher, r.Number, r.Version, toDept, "改派城管"))
	r = step(t, "return")(e.orders.Return(ctx, chengguan, r.Number, r.Version, "非本部门职责"))
	r = step(t, "dispatch")(e.orders.Dispatch(ctx, dispatcher, r.Number, r.Version, toDept, "仍由城管办理"))
	o["returned"] = step(t, "return again")(e.orders.Return(ctx, chengguan, r.Number, r.Version, "非本部门职责"))
	once := create(t, e, noise("KTV噪音", inA))
	once = step(t, "redispatch")(e.orders.Redispatch(ctx, dispatcher, once.Number, once.Version, toDept, "改派"))
	o["returnedOnce"] = step(t, "return")(e.orders.Return(ctx, chengguan, once.Number, once.Version, "非本部门职责"))

	re := create(t, e, noise("饭店风机噪音", inA))
	re = step(t, "redispatch")(e.orders.Redispatch(ctx, dispatcher, re.Number, re.Version, toDept, "改派"))
	re = step(t, "sign")(e.orders.Sign(ctx, chengguan, re.Number, re.Version))
	re = step(t, "resolve")(e.orders.Resolve(ctx, chengguan, re.Number, re.Version, "已处理", nil))
	re = step(t, "callback")(e.orders.Callback(ctx, dispatcher, re.Number, re.Version, order.RatingUnsatisfied, "仍然吵"))
	o["reopened"] = step(t, "reopen")(e.orders.Reopen(ctx, dispatcher, re.Number, re.Version, "回访不满意"))

	e.now.Set(time.Date(2026, 11, 25, 10, 0, 0, 0, cst))
	un := create(t, e, noise("邻居装修噪音", inA))
	un = step(t, "sign")(e.orders.Sign(ctx, gridWorker, un.Number, un.Version))
	un = step(t, "resolve")(e.orders.Resolve(ctx, gridWorker, un.Number, un.Version, "已劝导", nil))
	o["unsatisfied"] = step(t, "callback")(e.orders.Callback(ctx, dispatcher, un.Number, un.Version, order.RatingUnsatisfied, "没解决"))

	e.now.Set(time.Date(2026, 11, 27, 8, 0, 0, 0, cst))
	return o
}

func TestCandidatesOfEachKind(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, 0)
		ctx := context.Background()
		o := world(t, e)
		list := func(a order.Actor, r supervision.Reason) []string {
			t.Helper()
			p, err := e.sup.Candidates(ctx, a, r, 0, 0)
			if err != nil {
				t.Fatalf("%s candidates: %v", r, err)
			}
			if p.Total != len(p.Candidates) {
				t.Fatalf("total %d for %d candidates", p.Total, len(p.Candidates))
			}
			var out []string
			for _, c := range p.Candidates {
				if c.Reason != r || c.CaseID != 0 {
					t.Fatalf("candidate %+v", c)
				}
				out = append(out, c.Order.Number)
			}
			return out
		}
		cases := []struct {
			who    order.Actor
			reason supervision.Reason
			want   []string
		}{
			// Most overdue first; newest first for the others.
			{supervisor, supervision.ReasonOverdue, []string{o["overdue"].Number, o["overdueC"].Number}},
			{streetSupervisor, supervision.ReasonOverdue, []string{o["overdue"].Number}},
			{otherStreetOversee, supervision.ReasonOverdue, []string{o["overdueC"].Number}},
			{leader, supervision.ReasonOverdue, []string{o["overdue"].Number, o["overdueC"].Number}},
			{supervisor, supervision.ReasonReturned, []string{o["returned"].Number}},
			{supervisor, supervision.ReasonReopened, []string{o["reopened"].Number}},
			// The reopened order keeps its 不满意 until the next callback.
			{supervisor, supervision.ReasonUnsatisfied, []string{o["unsatisfied"].Number, o["reopened"].Number}},
			{otherStreetOversee, supervision.ReasonUnsatisfied, nil},
		}
		for _, c := range cases {
			if got := list(c.who, c.reason); !slices.Equal(got, c.want) {
				t.Errorf("%s for %s: %v, want %v", c.reason, c.who.Name, got, c.want)
			}
		}
		if o["returned"].Returns != 2 || o["returnedOnce"].Returns != 1 {
			t.Fatalf("returns %d / %d", o["returned"].Returns, o["returnedOnce"].Returns)
		}
		// Monday 10:00 nothing was overdue yet.
		e.now.Set(monday09.Add(time.Hour))
		if got := list(supervisor, supervision.ReasonOverdue); len(got) != 0 {
			t.Fatalf("overdue on Monday: %v", got)
		}

		_, err := e.sup.Candidates(ctx, dispatcher, supervision.ReasonOverdue, 0, 0)
		wantErr(t, "dispatcher lists candidates", err, supervision.ErrForbidden)
		_, err = e.sup.Candidates(ctx, supervisor, "late", 0, 0)
		wantErr(t, "unknown reason", err, supervision.ErrInvalid)
		_, err = e.sup.Candidates(ctx, supervisor, supervision.ReasonOverdue, 501, 0)
		wantErr(t, "oversize page", err, order.ErrInvalid)
	})
}

// The return threshold is configurable.
func TestReturnedThreshold(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, 1)
		o := world(t, e)
		p, err := e.sup.Candidates(context.Background(), supervisor, supervision.ReasonReturned, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range p.Candidates {
			got = append(got, c.Order.Number)
		}
		if want := []string{o["returnedOnce"].Number, o["returned"].Number}; !slices.Equal(got, want) {
			t.Fatalf("returned ≥ 1: %v, want %v", got, want)
		}
	})
}
