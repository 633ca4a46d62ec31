package order_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// resolvedNoise files a noise order for the grid and has the grid worker
// resolve it, so that it awaits its callback.
func resolvedNoise(t *testing.T, e *env) order.Order {
	t.Helper()
	ctx := context.Background()
	o := mustCreate(t, e, operator, noise("楼上每晚十二点后还在装修"))
	o = must(t, "sign")(e.svc.Sign(ctx, gridWorker, o.Number, o.Version))
	return must(t, "resolve")(e.svc.Resolve(ctx, gridWorker, o.Number, o.Version, "已上门劝导，施工改到白天", nil))
}

func TestRateByResidentClosesAndShowsOnTimeline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		for _, rating := range []order.Rating{order.RatingSatisfied, order.RatingBasic} {
			o := resolvedNoise(t, e)
			tr, err := e.svc.RateByResident(ctx, o.Number, "5678", rating, "处理及时，谢谢")
			if err != nil {
				t.Fatalf("%s: %v", rating, err)
			}
			if tr.Status != order.StatusClosed || tr.ClosedAt.IsZero() {
				t.Fatalf("%s: tracking says %s, closed %s", rating, tr.Status, tr.ClosedAt)
			}
			last := tr.Events[len(tr.Events)-1]
			if last.Action != order.ActionCallback || last.ActorRole != "resident" || last.Note != "处理及时，谢谢" || !last.Public ||
				last.Data["rating"] != string(rating) || len(last.Data) != 1 {
				t.Fatalf("%s: last public event %+v", rating, last)
			}
			got := must(t, "get")(e.svc.Get(ctx, dispatcher, o.Number))
			if got.Rating != rating || got.Version != o.Version+1 || got.CallbackAt.IsZero() {
				t.Fatalf("%s: order after rating: rating %q version %d (was %d)", rating, got.Rating, got.Version, o.Version)
			}
			tl, err := e.svc.Timeline(ctx, supervisor, o.Number)
			if err != nil {
				t.Fatal(err)
			}
			ev := tl[len(tl)-1]
			if ev.Data["rating"] != string(rating) || ev.ActorID != 0 || ev.From != order.StatusResolved || ev.To != order.StatusClosed {
				t.Fatalf("%s: timeline event %+v", rating, ev)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE topic = 'order.callback'`); n < 1 {
				t.Fatalf("%s: no outbox event for the rating", rating)
			}
		}
	})
}

func TestRateByResidentUnsatisfiedOncePerResolution(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		o := resolvedNoise(t, e)
		tr, err := e.svc.RateByResident(ctx, o.Number, "5678", order.RatingUnsatisfied, "晚上还是吵")
		if err != nil {
			t.Fatal(err)
		}
		if tr.Status != order.StatusResolved || !tr.ClosedAt.IsZero() {
			t.Fatalf("unsatisfied: %s", tr.Status)
		}
		// A second rating of the same resolution is refused; the centre
		// decides what happens next.
		_, err = e.svc.RateByResident(ctx, o.Number, "5678", order.RatingSatisfied, "")
		var te *order.TransitionError
		if !errors.Is(err, order.ErrIllegalTransition) || !errors.As(err, &te) || te.Number != o.Number {
			t.Fatalf("second rating: %v, want a TransitionError", err)
		}
		o = must(t, "get")(e.svc.Get(ctx, dispatcher, o.Number))
		e.now.Advance(time.Hour)
		o = must(t, "reopen")(e.svc.Reopen(ctx, dispatcher, o.Number, o.Version, "居民不满意"))
		o = must(t, "sign again")(e.svc.Sign(ctx, gridWorker, o.Number, o.Version))
		o = must(t, "resolve again")(e.svc.Resolve(ctx, gridWorker, o.Number, o.Version, "已协调物业安装隔音", nil))
		if tr, err = e.svc.RateByResident(ctx, o.Number, "5678", order.RatingSatisfied, ""); err != nil || tr.Status != order.StatusClosed {
			t.Fatalf("rating after the rework: %v %s", err, tr.Status)
		}
	})
}

func TestRateByResidentRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		o := resolvedNoise(t, e)
		before := e.snapshot(t)
		// Wrong digits and an unknown number look alike.
		for _, c := range []struct{ number, last4 string }{{o.Number, "0000"}, {o.Number, ""}, {"209901010001", "5678"}} {
			if _, err := e.svc.RateByResident(ctx, c.number, c.last4, order.RatingSatisfied, ""); !errors.Is(err, order.ErrNotFound) {
				t.Fatalf("%s/%q: %v, want ErrNotFound", c.number, c.last4, err)
			}
		}
		if _, err := e.svc.RateByResident(ctx, o.Number, "5678", "great", ""); !errors.Is(err, order.ErrInvalid) {
			t.Fatalf("unknown rating: %v", err)
		}
		if mid := e.snapshot(t); mid != before {
			t.Fatalf("refused ratings wrote something: %v → %v", before, mid)
		}
		// Not resolved yet: nothing to rate.
		open := mustCreate(t, e, operator, noise("广场舞音响太大"))
		after := e.snapshot(t)
		if _, err := e.svc.RateByResident(ctx, open.Number, "5678", order.RatingSatisfied, ""); !errors.Is(err, order.ErrIllegalTransition) {
			t.Fatalf("rating an open order: %v", err)
		}
		if now := e.snapshot(t); now != after {
			t.Fatalf("a refused rating wrote something: %v → %v", after, now)
		}
		if got := must(t, "get")(e.svc.Get(ctx, dispatcher, o.Number)); got.Status != order.StatusResolved || got.Rating != "" {
			t.Fatalf("refused ratings changed the order: %s %q", got.Status, got.Rating)
		}
	})
}

// An order filed without a phone cannot be rated by number alone: any
// four digits are refused, though Track still shows its public steps.
func TestRateByResidentNeedsAPhoneOnFile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		in := noise("匿名反映：楼下烧烤油烟")
		in.ReporterName, in.ReporterPhone = "", ""
		o := mustCreate(t, e, operator, in)
		o = must(t, "sign")(e.svc.Sign(ctx, gridWorker, o.Number, o.Version))
		o = must(t, "resolve")(e.svc.Resolve(ctx, gridWorker, o.Number, o.Version, "已劝导商户安装净化器", nil))
		for _, digits := range []string{"", "0000", "1234"} {
			if _, err := e.svc.RateByResident(ctx, o.Number, digits, order.RatingSatisfied, ""); !errors.Is(err, order.ErrNotFound) {
				t.Fatalf("digits %q: %v, want ErrNotFound", digits, err)
			}
		}
		if tr, err := e.svc.Track(ctx, o.Number, "0000"); err != nil || tr.Status != order.StatusResolved {
			t.Fatalf("track: %+v, %v", tr, err)
		}
	})
}
