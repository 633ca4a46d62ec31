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

// ratingToken looks o up with the right digits, as the resident does, and
// returns the rating token the lookup hands out.
func ratingToken(t *testing.T, e *env, number string) string {
	t.Helper()
	tr, err := e.svc.Track(context.Background(), number, "5678")
	if err != nil {
		t.Fatalf("track %s: %v", number, err)
	}
	if tr.RatingToken == "" || !tr.RatingTokenExpires.After(e.now.Now()) {
		t.Fatalf("track %s: no rating token (%q, %s)", number, tr.RatingToken, tr.RatingTokenExpires)
	}
	return tr.RatingToken
}

func TestRateByResidentClosesAndShowsOnTimeline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		for _, rating := range []order.Rating{order.RatingSatisfied, order.RatingBasic} {
			o := resolvedNoise(t, e)
			tr, err := e.svc.RateByResident(ctx, o.Number, ratingToken(t, e, o.Number), rating, "处理及时，谢谢")
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
		spare := ratingToken(t, e, o.Number) // a second lookup's token, unspent
		tr, err := e.svc.RateByResident(ctx, o.Number, ratingToken(t, e, o.Number), order.RatingUnsatisfied, "晚上还是吵")
		if err != nil {
			t.Fatal(err)
		}
		if tr.Status != order.StatusResolved || !tr.ClosedAt.IsZero() {
			t.Fatalf("unsatisfied: %s", tr.Status)
		}
		// A second rating of the same resolution is refused (and the
		// lookup hands out no token for it); the centre decides what
		// happens next.
		if tr, err := e.svc.Track(ctx, o.Number, "5678"); err != nil || tr.RatingToken != "" {
			t.Fatalf("track after rating: token %q, %v", tr.RatingToken, err)
		}
		_, err = e.svc.RateByResident(ctx, o.Number, spare, order.RatingSatisfied, "")
		var te *order.TransitionError
		if !errors.Is(err, order.ErrIllegalTransition) || !errors.As(err, &te) || te.Number != o.Number {
			t.Fatalf("second rating: %v, want a TransitionError", err)
		}
		o = must(t, "get")(e.svc.Get(ctx, dispatcher, o.Number))
		e.now.Advance(time.Hour)
		o = must(t, "reopen")(e.svc.Reopen(ctx, dispatcher, o.Number, o.Version, "居民不满意"))
		o = must(t, "sign again")(e.svc.Sign(ctx, gridWorker, o.Number, o.Version))
		o = must(t, "resolve again")(e.svc.Resolve(ctx, gridWorker, o.Number, o.Version, "已协调物业安装隔音", nil))
		if tr, err = e.svc.RateByResident(ctx, o.Number, ratingToken(t, e, o.Number), order.RatingSatisfied, ""); err != nil || tr.Status != order.StatusClosed {
			t.Fatalf("rating after the rework: %v %s", err, tr.Status)
		}
	})
}

func TestRateByResidentRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		o := resolvedNoise(t, e)
		other := resolvedNoise(t, e)
		otherToken := ratingToken(t, e, other.Number)
		token := ratingToken(t, e, o.Number)
		before := e.snapshot(t)
		// No token, the digits in its place, a made-up one, another
		// order's: refused, nothing written.
		for _, tok := range []string{"", "5678", "cgr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", otherToken} {
			if _, err := e.svc.RateByResident(ctx, o.Number, tok, order.RatingUnsatisfied, "伪造"); !errors.Is(err, order.ErrRatingToken) {
				t.Fatalf("token %q: %v, want ErrRatingToken", tok, err)
			}
		}
		if _, err := e.svc.RateByResident(ctx, "209901010001", token, order.RatingSatisfied, ""); !errors.Is(err, order.ErrNotFound) {
			t.Fatalf("unknown number: %v, want ErrNotFound", err)
		}
		if _, err := e.svc.RateByResident(ctx, o.Number, token, "great", ""); !errors.Is(err, order.ErrInvalid) {
			t.Fatalf("unknown rating: %v", err)
		}
		if mid := e.snapshot(t); mid != before {
			t.Fatalf("refused ratings wrote something: %v → %v", before, mid)
		}
		if got := must(t, "get")(e.svc.Get(ctx, dispatcher, o.Number)); got.Status != order.StatusResolved || got.Rating != "" || got.Version != o.Version {
			t.Fatalf("refused ratings changed the order: %s %q v%d", got.Status, got.Rating, got.Version)
		}
		// The refusals spent nothing: the token still rates, once.
		if _, err := e.svc.RateByResident(ctx, o.Number, token, order.RatingBasic, ""); err != nil {
			t.Fatalf("the good token: %v", err)
		}
		after := e.snapshot(t)
		if _, err := e.svc.RateByResident(ctx, o.Number, token, order.RatingSatisfied, ""); !errors.Is(err, order.ErrRatingToken) {
			t.Fatalf("reused token: %v, want ErrRatingToken", err)
		}
		// An expired token is refused too.
		e.now.Advance(order.RatingTokenTTL + time.Minute)
		if _, err := e.svc.RateByResident(ctx, other.Number, otherToken, order.RatingSatisfied, ""); !errors.Is(err, order.ErrRatingToken) {
			t.Fatalf("expired token: %v, want ErrRatingToken", err)
		}
		if now := e.snapshot(t); now != after {
			t.Fatalf("a refused rating wrote something: %v → %v", after, now)
		}
		if got := must(t, "get")(e.svc.Get(ctx, dispatcher, other.Number)); got.Status != order.StatusResolved || got.Rating != "" {
			t.Fatalf("expired token changed the order: %s %q", got.Status, got.Rating)
		}
		// The housekeeping deletes expired tokens.
		if n, err := order.PurgeTracking(ctx, db, e.now.Now()); err != nil || n < 2 {
			t.Fatalf("purge: %d, %v", n, err)
		}
	})
}

// An order filed without a phone cannot be rated by the resident: the
// lookup shows its public steps but hands out no rating token.
func TestRateByResidentNeedsAPhoneOnFile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		in := noise("匿名反映：楼下烧烤油烟")
		in.ReporterName, in.ReporterPhone = "", ""
		o := mustCreate(t, e, operator, in)
		o = must(t, "sign")(e.svc.Sign(ctx, gridWorker, o.Number, o.Version))
		o = must(t, "resolve")(e.svc.Resolve(ctx, gridWorker, o.Number, o.Version, "已劝导商户安装净化器", nil))
		tr, err := e.svc.Track(ctx, o.Number, "0000")
		if err != nil || tr.Status != order.StatusResolved || tr.RatingToken != "" {
			t.Fatalf("track: %+v, %v", tr, err)
		}
		for _, tok := range []string{"", "0000", "1234"} {
			if _, err := e.svc.RateByResident(ctx, o.Number, tok, order.RatingSatisfied, ""); !errors.Is(err, order.ErrRatingToken) {
				t.Fatalf("token %q: %v, want ErrRatingToken", tok, err)
			}
		}
	})
}

// A resident's 不满意 does what the page promises: the order heads the
// centre's callback queue flagged, and the dispatcher reopens it to its
// handler as rework.
func TestRateByResidentUnsatisfiedHeadsTheCallbackQueue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		first := resolvedNoise(t, e)
		e.now.Advance(time.Minute)
		o := resolvedNoise(t, e)
		q := callbackQueue(t, e)
		if len(q.Orders) != 2 || q.Orders[0].Number != first.Number || q.Orders[0].AwaitsRework() {
			t.Fatalf("queue before: %+v", q.Orders)
		}
		if _, err := e.svc.RateByResident(ctx, o.Number, ratingToken(t, e, o.Number), order.RatingUnsatisfied, "还是很吵"); err != nil {
			t.Fatal(err)
		}
		q = callbackQueue(t, e)
		if len(q.Orders) != 2 || q.Orders[0].Number != o.Number || !q.Orders[0].AwaitsRework() || q.Orders[1].AwaitsRework() {
			t.Fatalf("queue after 不满意: %v first, flagged %v", q.Orders[0].Number, q.Orders[0].AwaitsRework())
		}
		got := q.Orders[0]
		if got.Status != order.StatusResolved || got.Rating != order.RatingUnsatisfied {
			t.Fatalf("after 不满意: %s %q", got.Status, got.Rating)
		}
		// The dispatcher's reopen sends it back as rework and clears the
		// flag.
		re := must(t, "reopen")(e.svc.Reopen(ctx, dispatcher, o.Number, got.Version, "居民评价不满意：还是很吵"))
		if re.Status != order.StatusDispatched || re.Reworks != 1 || re.AwaitsRework() {
			t.Fatalf("reopened: %s reworks %d", re.Status, re.Reworks)
		}
		q = callbackQueue(t, e)
		if len(q.Orders) != 1 || q.Orders[0].Number != first.Number {
			t.Fatalf("queue after reopen: %+v", q.Orders)
		}
	})
}

func callbackQueue(t *testing.T, e *env) order.Page {
	t.Helper()
	p, err := e.svc.CallbackQueue(context.Background(), dispatcher, 50, 0)
	if err != nil {
		t.Fatalf("callback queue: %v", err)
	}
	return p
}
