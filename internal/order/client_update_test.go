package order_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/apikey"
	"civicgrid/internal/audit"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func fmsClient(t *testing.T, db *store.DB) order.Client {
	t.Helper()
	key, _, err := apikey.Add(context.Background(), db, "fms", "", audit.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	return order.Client{Actor: order.IntegrationActor("Open311 · fms", "198.51.100.7", district), KeyID: key.ID}
}

func eventID(number string) func(order.Event) string {
	return func(ev order.Event) string { return number + "-" + strconv.Itoa(ev.Seq) }
}

// TestClientUpdateIsDecidedByTheStatus: a resident's update is a public
// note while the order is worked on or when they say it is done; saying
// a resolved order is still a problem is a reopen request; saying so of a
// closed one is refused with nothing recorded; a confidential order is
// not found.
func TestClientUpdateIsDecidedByTheStatus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		c := fmsClient(t, db)
		post := func(number string, stillOpen bool) error {
			_, _, err := e.svc.PostClientUpdate(ctx, c, number, order.ClientUpdate{Note: "还是很吵", StillOpen: stillOpen,
				Data: map[string]any{"client_status": "OPEN"}}, "", eventID(number))
			return err
		}
		expect := func(step, number string, want order.Action) {
			t.Helper()
			if ev := lastEvent(t, e, number); ev.Action != want || !ev.Public || ev.Note != "还是很吵" ||
				ev.Data["client_status"] != "OPEN" || ev.ActorRole != "resident" {
				t.Fatalf("%s: last event %+v, want a public %s", step, ev, want)
			}
		}

		open := mustCreate(t, e, operator, noise("夜里施工噪音"))
		if err := post(open.Number, true); err != nil {
			t.Fatal(err)
		}
		expect("still open, order open", open.Number, order.ActionResidentNote)

		resolved := resolvedOrder(t, e, "烧烤店油烟大")
		if err := post(resolved.Number, false); err != nil {
			t.Fatal(err)
		}
		expect("says fixed, order resolved", resolved.Number, order.ActionResidentNote)
		if err := post(resolved.Number, true); err != nil {
			t.Fatal(err)
		}
		expect("not fixed, order resolved", resolved.Number, order.ActionReopenRequest)
		if o, _ := e.svc.Get(ctx, dispatcher, resolved.Number); o.Status != order.StatusResolved {
			t.Fatalf("a reopen request moved the order to %s", o.Status)
		}

		closed := must(t, "refused")(e.svc.RecordCallback(ctx, operator, resolved.Number, resolved.Version,
			order.OutcomeRefused, "居民不愿评价"))
		before := count(t, db, `SELECT COUNT(*) FROM order_events`)
		err := post(closed.Number, true)
		if !errors.Is(err, order.ErrInvalid) || !strings.Contains(err.Error(), "已归档") ||
			!strings.Contains(err.Error(), "can no longer be reopened") {
			t.Fatalf("reopen a closed order: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM order_events`); n != before {
			t.Fatalf("a refused update recorded %d events", n-before)
		}

		in := noise("邻居家的狗整夜叫")
		in.Confidential = true
		secret := mustCreate(t, e, operator, in)
		if err := post(secret.Number, false); !errors.Is(err, order.ErrNotFound) {
			t.Fatalf("update on a confidential order: %v", err)
		}
		if err := post("NOPE", false); !errors.Is(err, order.ErrNotFound) {
			t.Fatalf("update on no order: %v", err)
		}
	})
}

// TestClientUpdateSeesAStepCommittedMeanwhile: a resolved order is closed
// in a transaction that is still open when a resident's "not fixed"
// arrives. The update must wait for it and then be refused, not recorded
// as a reopen request on a closed order (the decision was made before the
// transaction when the HTTP layer made it, and a status read before the
// row lock can be stale on PostgreSQL).
func TestClientUpdateSeesAStepCommittedMeanwhile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		c := fmsClient(t, db)
		o := resolvedOrder(t, e, "楼下KTV夜里吵得睡不着")
		done := make(chan error, 1)
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.ExecContext(ctx, `UPDATE orders SET status = ?, version = version + 1 WHERE number = ?`,
				string(order.StatusClosed), o.Number); err != nil {
				return err
			}
			go func() {
				_, _, err := e.svc.PostClientUpdate(ctx, c, o.Number, order.ClientUpdate{Note: "根本没修好", StillOpen: true}, "", eventID(o.Number))
				done <- err
			}()
			waitBlocked(t, db)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		select {
		case err = <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("the update never finished")
		}
		if !errors.Is(err, order.ErrInvalid) {
			t.Fatalf("update after the order closed: %v (last event %+v)", err, lastEvent(t, e, o.Number))
		}
	})
}

// waitBlocked returns once another session waits on a row lock
// (PostgreSQL), or after a moment on SQLite, whose single writer has no
// such view; there the waiting is the BEGIN IMMEDIATE itself.
func waitBlocked(t *testing.T, db *store.DB) {
	t.Helper()
	if db.Dialect() != store.Postgres {
		time.Sleep(50 * time.Millisecond)
		return
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		var n int
		if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n); err != nil {
			t.Error(err)
			return
		}
		if n > 0 {
			return
		}
	}
	t.Error("no session came to wait on the order's row")
}
