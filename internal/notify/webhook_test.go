package notify_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"civicgrid/internal/notify"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
	"civicgrid/internal/sweep"
)

var secret = []byte("s3cret-shared-with-the-receiver")

// receiver is a webhook endpoint that checks every request's signature
// by its own HMAC computation, answers the statuses it is given in turn
// (then 200), and counts deliveries per outbox id.
type receiver struct {
	t        *testing.T
	mu       sync.Mutex
	statuses []int
	got      map[int64]int
	bodies   []notify.WebhookBody
	srv      *httptest.Server
}

func newReceiver(t *testing.T, statuses ...int) *receiver {
	r := &receiver{t: t, statuses: statuses, got: map[int64]int{}}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	ts := req.Header.Get(notify.HeaderTimestamp)
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(ts + "." + string(body)))
	want := "sha256=" + hex.EncodeToString(m.Sum(nil))
	if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/json" ||
		req.Header.Get(notify.HeaderSignature) != want {
		r.t.Errorf("bad request: %s %s, signature %q, want %q", req.Method, req.Header.Get("Content-Type"),
			req.Header.Get(notify.HeaderSignature), want)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if sec, err := strconv.ParseInt(ts, 10, 64); err != nil || time.Since(time.Unix(sec, 0)).Abs() > time.Minute {
		r.t.Errorf("timestamp %q", ts)
	}
	var b notify.WebhookBody
	if err := json.Unmarshal(body, &b); err != nil {
		r.t.Errorf("body %s: %v", body, err)
	}
	if req.Header.Get(notify.HeaderDelivery) != strconv.FormatInt(b.ID, 10) || req.Header.Get(notify.HeaderEvent) != b.Topic {
		r.t.Errorf("headers %v disagree with body %s", req.Header, body)
	}
	r.mu.Lock()
	status := http.StatusOK
	if len(r.statuses) > 0 {
		status, r.statuses = r.statuses[0], r.statuses[1:]
	}
	r.bodies = append(r.bodies, b)
	if status == http.StatusOK {
		r.got[b.ID]++
	}
	r.mu.Unlock()
	w.WriteHeader(status)
	_, _ = w.Write([]byte("receiver says " + http.StatusText(status)))
}

func (r *receiver) requests() []notify.WebhookBody {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]notify.WebhookBody(nil), r.bodies...)
}

func newNotifier(t *testing.T, db *store.DB, c *ordertest.Now, cfg notify.Config) *notify.Notifier {
	t.Helper()
	cfg.DB = db
	if c != nil {
		cfg.Now = c.Now
	}
	n, err := notify.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func poll(t *testing.T, n *notify.Notifier) notify.Report {
	t.Helper()
	r, err := n.Poll(context.Background())
	if err != nil {
		t.Fatalf("poll: %v", err)
	}
	return r
}

// A webhook answering 500 twice is retried after a doubling backoff,
// not before, and the third attempt delivers; every request was signed.
func TestWebhookRetriesWithBackoff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		rcv := newReceiver(t, 500, 500)
		c := ordertest.NewNow(t0)
		n := newNotifier(t, db, c, notify.Config{RetryBase: 10 * time.Second,
			Sinks: []notify.Sink{&notify.Webhook{URL: rcv.srv.URL + "/hooks/civicgrid", Secret: secret}}})
		id := addEvent(t, db, sweep.ActionResolveOverdue, "202611230001", t0.Add(-time.Minute))

		if r := poll(t, n); r != (notify.Report{Claimed: 1, Retrying: 1}) {
			t.Fatalf("first poll %+v", r)
		}
		if got := row(t, db, id); got.attempts != 1 || got.doneAt != 0 || !strings.Contains(got.lastError, "HTTP 500") {
			t.Fatalf("after the first failure %+v", got)
		}
		c.Advance(9 * time.Second) // backoff 10 s: not yet
		if r := poll(t, n); r.Claimed != 0 {
			t.Fatalf("retried before the backoff: %+v", r)
		}
		c.Advance(time.Second)
		if r := poll(t, n); r != (notify.Report{Claimed: 1, Retrying: 1}) {
			t.Fatalf("second attempt %+v", r)
		}
		c.Advance(19 * time.Second) // backoff doubled to 20 s
		if r := poll(t, n); r.Claimed != 0 {
			t.Fatalf("retried before the doubled backoff: %+v", r)
		}
		c.Advance(time.Second)
		if r := poll(t, n); r != (notify.Report{Claimed: 1, Delivered: 1}) {
			t.Fatalf("third attempt %+v", r)
		}
		if got := row(t, db, id); got.attempts != 3 || got.doneAt != store.Millis(c.Now()) || got.lastError != "" {
			t.Fatalf("after delivery %+v", got)
		}
		c.Advance(time.Hour)
		if r := poll(t, n); r.Claimed != 0 {
			t.Fatalf("delivered event claimed again: %+v", r)
		}
		reqs := rcv.requests()
		if len(reqs) != 3 {
			t.Fatalf("%d requests, want 3", len(reqs))
		}
		for i, b := range reqs {
			var p sweep.Payload
			if err := json.Unmarshal(b.Payload, &p); err != nil || b.ID != id || b.Topic != "order.resolve_overdue" ||
				b.Attempt != i+1 || p.Number != "202611230001" || !p.DueAt.Equal(t0.Add(-time.Minute)) {
				t.Fatalf("request %d: %+v (%+v, %v)", i, b, p, err)
			}
		}
	})
}

// A webhook that keeps failing is given up after MaxAttempts; the event
// stays visible as failed, is never claimed again, and an admin can
// requeue it.
func TestWebhookGivesUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		rcv := newReceiver(t, 503, 503, 503)
		c := ordertest.NewNow(t0)
		n := newNotifier(t, db, c, notify.Config{MaxAttempts: 3,
			Sinks: []notify.Sink{&notify.Webhook{URL: rcv.srv.URL, Secret: secret}}})
		id := addEvent(t, db, order.ActionEscalate, "202611230002", time.Time{})
		var sum notify.Report
		for range 10 {
			r := poll(t, n)
			sum.Claimed += r.Claimed
			sum.Retrying += r.Retrying
			sum.Failed += r.Failed
			c.Advance(time.Hour)
		}
		if sum != (notify.Report{Claimed: 3, Retrying: 2, Failed: 1}) {
			t.Fatalf("ten polls over ten hours: %+v", sum)
		}
		got := row(t, db, id)
		if got.attempts != 3 || got.doneAt != 0 || got.failedAt == 0 || !strings.Contains(got.lastError, "HTTP 503") {
			t.Fatalf("parked row %+v", got)
		}
		if len(rcv.requests()) != 3 {
			t.Fatalf("%d requests, want 3", len(rcv.requests()))
		}
		failed, err := notify.Failed(context.Background(), db, 10)
		if err != nil || len(failed) != 1 || failed[0].ID != id || failed[0].Attempts != 3 ||
			failed[0].Topic != "order.escalate" || !strings.Contains(failed[0].LastError, "503") {
			t.Fatalf("failed list %+v, %v", failed, err)
		}
		// Requeued by an admin once the receiver is back (it answers 200
		// now): delivered on the next poll.
		if err := notify.Retry(context.Background(), db, id); err != nil {
			t.Fatal(err)
		}
		if r := poll(t, n); r != (notify.Report{Claimed: 1, Delivered: 1}) {
			t.Fatalf("after retry %+v", r)
		}
		if failed, _ := notify.Failed(context.Background(), db, 10); len(failed) != 0 {
			t.Fatalf("still listed as failed: %+v", failed)
		}
		if err := notify.Retry(context.Background(), db, id); !errors.Is(err, notify.ErrNotFound) {
			t.Fatalf("retrying a delivered event: %v", err)
		}
	})
}

// When one sink fails, the sinks that took the event are not sent it
// again on the retry.
func TestPartialFailureIsNotRedelivered(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		good, flaky := &sink{name: "good"}, &sink{name: "flaky", failFirst: 2}
		c := ordertest.NewNow(t0)
		n := newNotifier(t, db, c, notify.Config{Sinks: []notify.Sink{good, flaky}, RetryBase: time.Second})
		id := addEvent(t, db, sweep.ActionReplyOverdue, "202611230003", t0)
		for range 3 {
			poll(t, n)
			c.Advance(time.Minute)
		}
		if good.count(id) != 1 || flaky.count(id) != 3 {
			t.Fatalf("good took it %d times, flaky was tried %d times; want 1 and 3", good.count(id), flaky.count(id))
		}
		if got := row(t, db, id); got.doneAt == 0 || got.attempts != 3 {
			t.Fatalf("row %+v", got)
		}
	})
}

func TestConfigIsChecked(t *testing.T) {
	db := storetest.SQLite(t)
	one := []notify.Sink{&sink{name: "a"}}
	bad := []notify.Config{
		{Sinks: one},
		{DB: db},
		{DB: db, Sinks: []notify.Sink{&sink{name: "a"}, &sink{name: "a"}}},
		{DB: db, Sinks: one, Timeout: time.Minute, Lease: time.Minute},
	}
	for _, cfg := range bad {
		if _, err := notify.New(cfg); err == nil {
			t.Errorf("config %+v accepted", cfg)
		}
	}
}
