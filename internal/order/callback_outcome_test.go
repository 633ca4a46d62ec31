package order_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// resolvedOrder files a noise complaint and has the grid resolve it.
func resolvedOrder(t *testing.T, e *env, desc string) order.Order {
	t.Helper()
	ctx := context.Background()
	o := mustCreate(t, e, operator, noise(desc))
	o = must(t, "sign")(e.svc.Sign(ctx, gridWorker, o.Number, o.Version))
	return must(t, "resolve")(e.svc.Resolve(ctx, gridWorker, o.Number, o.Version, "已劝导商户22点后停止营业", nil))
}

// TestCallbackOutcomes: 未接通 keeps the order resolved, counts the attempt
// and schedules a retry (the queue puts it last until then); 拒访 closes
// it as a callback done with no rating; the caller's reveal is audited
// with the callback purpose; the resolution note is there to read out.
func TestCallbackOutcomes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		missed := resolvedOrder(t, e, "烧烤店油烟大，晚上吵")
		e.now.Advance(time.Minute)
		waiting := resolvedOrder(t, e, "楼下KTV夜里吵得睡不着")

		missed = must(t, "no answer")(e.svc.RecordCallback(ctx, operator, missed.Number, missed.Version, order.OutcomeNoAnswer, "无人接听"))
		if missed.Status != order.StatusResolved || missed.CallbackAttempts != 1 || !missed.CallbackAt.IsZero() || missed.Rating != "" {
			t.Fatalf("after 未接通: %s attempts %d callback_at %s", missed.Status, missed.CallbackAttempts, missed.CallbackAt)
		}
		now := e.now.Now()
		if want := now.Add(2 * time.Hour); !missed.CallbackRetryAt.Equal(want) || missed.CallbackDue(now) || !missed.CallbackDue(want) {
			t.Fatalf("retry at %s, want %s", missed.CallbackRetryAt.In(cst), want.In(cst))
		}
		q, err := e.svc.CallbackQueue(ctx, dispatcher, 10, 0)
		if err != nil || len(q.Orders) != 2 || q.Orders[0].Number != waiting.Number || q.Orders[1].Number != missed.Number {
			t.Fatalf("queue %v, %v: want the one to call now first", orderNumbers(q.Orders), err)
		}
		tl, err := e.svc.Timeline(ctx, dispatcher, missed.Number)
		if err != nil {
			t.Fatal(err)
		}
		last := tl[len(tl)-1]
		if last.Action != order.ActionCallbackMissed || last.Public || last.Data["attempts"] != float64(1) {
			t.Fatalf("timeline ends with %+v", last)
		}

		notes, err := e.svc.ResolutionNotes(ctx, q.Orders)
		if err != nil || notes[missed.Number] != "已劝导商户22点后停止营业" {
			t.Fatalf("notes %v, %v", notes, err)
		}
		rep, err := e.svc.RevealForCallback(ctx, operator, missed.Number)
		if err != nil || rep.Phone != "13812345678" || rep.Name != "张三丰" {
			t.Fatalf("reveal %+v, %v", rep, err)
		}
		entries, err := audit.List(ctx, db, audit.Filter{Action: "order.reveal_reporter"})
		if err != nil || len(entries) != 1 || entries[0].Detail != "purpose: "+order.CallbackPurpose {
			t.Fatalf("audit %+v, %v", entries, err)
		}

		missed = must(t, "refused")(e.svc.RecordCallback(ctx, operator, missed.Number, missed.Version, order.OutcomeRefused, "居民不愿评价"))
		if missed.Status != order.StatusClosed || missed.CallbackAt.IsZero() || missed.Rating != "" || missed.ClosedAt.IsZero() {
			t.Fatalf("after 拒访: %s rating %q callback_at %s", missed.Status, missed.Rating, missed.CallbackAt)
		}
		if _, err := e.svc.RecordCallback(ctx, operator, waiting.Number, waiting.Version, "busy", ""); !errors.Is(err, order.ErrInvalid) {
			t.Fatalf("unknown outcome: %v", err)
		}
		// A rating still closes as before, and resolving again starts the count afresh.
		waiting = must(t, "satisfied")(e.svc.RecordCallback(ctx, dispatcher, waiting.Number, waiting.Version, order.OutcomeSatisfied, ""))
		if waiting.Status != order.StatusClosed || waiting.Rating != order.RatingSatisfied {
			t.Fatalf("after 满意: %s %s", waiting.Status, waiting.Rating)
		}
	})
}

func orderNumbers(os []order.Order) []string {
	var out []string
	for _, o := range os {
		out = append(out, o.Number)
	}
	return out
}

// TestNextCallbackTry: two more tries the same day two hours apart,
// within calling hours (09:00–20:00), then the next morning.
func TestNextCallbackTry(t *testing.T) {
	t.Parallel()
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, cst) }
	for _, c := range []struct {
		now      time.Time
		attempts int
		want     time.Time
	}{
		{at(23, 10, 0), 1, at(23, 12, 0)},
		{at(23, 12, 0), 2, at(23, 14, 0)},
		{at(23, 14, 0), 3, at(24, 9, 0)},
		{at(23, 18, 30), 1, at(24, 9, 0)}, // 20:30 is too late
		{at(23, 6, 0), 1, at(23, 9, 0)},   // 08:00 is too early
		{at(23, 23, 0), 1, at(24, 9, 0)},
	} {
		if got := order.NextCallbackTry(c.now, c.attempts, cst); !got.Equal(c.want) {
			t.Errorf("after try %d at %s: %s, want %s", c.attempts, c.now.Format("01-02 15:04"), got.In(cst).Format("01-02 15:04"), c.want.Format("01-02 15:04"))
		}
	}
}
