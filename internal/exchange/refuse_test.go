package exchange_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/exchange"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// orderMessage is a valid order message to the district.
func orderMessage(t *testing.T, id, path string) []byte {
	t.Helper()
	key, _ := base64.StdEncoding.DecodeString(linkKey)
	sealed, err := exchange.SealReporter(key, linkName, id, exchange.Reporter{Name: "李四", Phone: "13900005678"})
	if err != nil {
		t.Fatal(err)
	}
	lng, lat := 123.05, 41.05
	b, err := json.Marshal(exchange.OrderMessage{MessageID: "order-" + id, Order: exchange.WireOrder{ID: id, CategoryPath: path,
		Text: "下水道堵塞", ReporterSealed: sealed, ReceivedAt: ordertest.Monday09,
		Place: exchange.Place{RegionCode: ordertest.Community1, Address: "新明街 2 号", Lng: &lng, Lat: &lat}}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type answer struct {
	status int
	code   string
	body   string
}

// post sends body to the instance's path with headers (nil: none).
func post(t *testing.T, in *instance, path string, headers map[string]string, body []byte) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, in.url()+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	_ = json.Unmarshal(raw, &e)
	return answer{resp.StatusCode, e.Error.Code, string(raw)}
}

func signed(t *testing.T, at time.Time, path string, body []byte) map[string]string {
	t.Helper()
	h, err := exchange.Headers(linkName, []byte(linkSecret), http.MethodPost, path, body, at)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// Bad messages are refused with a clear status and code, and change
// nothing: unsigned, a wrong signature, a tampered body, an unknown link,
// a stale timestamp, a replayed nonce, a message over the wrong link.
func TestBadMessagesAreRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := newPair(t, db)
		d := p.district
		body := orderMessage(t, "U-1", sewerPath)
		good := signed(t, p.now.Now(), exchange.PathOrders, body)

		wrongSecret, _ := exchange.Headers(linkName, []byte("another-secret-another-secret-12345"), http.MethodPost, exchange.PathOrders, body, p.now.Now())
		unknown, _ := exchange.Headers("nobody", []byte(linkSecret), http.MethodPost, exchange.PathOrders, body, p.now.Now())
		stale := signed(t, p.now.Now().Add(-6*time.Minute), exchange.PathOrders, body)
		future := signed(t, p.now.Now().Add(6*time.Minute), exchange.PathOrders, body)
		noNonce := signed(t, p.now.Now(), exchange.PathOrders, body)
		delete(noNonce, exchange.HeaderNonce)
		wrongPath := signed(t, p.now.Now(), exchange.PathEvents, body)
		for _, c := range []struct {
			name    string
			headers map[string]string
			body    []byte
			status  int
			code    string
		}{
			{"unsigned", nil, body, 401, "unsigned"},
			{"no nonce", noNonce, body, 401, "unsigned"},
			{"wrong secret", wrongSecret, body, 401, "bad_signature"},
			{"tampered body", good, bytes.Replace(body, []byte("下水道堵塞"), []byte("下水道畅通"), 1), 401, "bad_signature"},
			{"signed for another path", wrongPath, body, 401, "bad_signature"},
			{"unknown link", unknown, body, 401, "bad_signature"},
			{"stale timestamp", stale, body, 401, "stale_timestamp"},
			{"timestamp from the future", future, body, 401, "stale_timestamp"},
		} {
			if a := post(t, d, exchange.PathOrders, c.headers, c.body); a.status != c.status || a.code != c.code {
				t.Errorf("%s: %d %s (%s), want %d %s", c.name, a.status, a.code, a.body, c.status, c.code)
			}
		}
		if n := d.count(`SELECT COUNT(*) FROM exchange_orders`); n != 0 {
			t.Fatalf("refused messages stored %d orders", n)
		}
		// The good message goes through once; its nonce replayed is 409.
		if a := post(t, d, exchange.PathOrders, good, body); a.status != http.StatusAccepted {
			t.Fatalf("good message: %d %s", a.status, a.body)
		}
		if a := post(t, d, exchange.PathOrders, good, body); a.status != 409 || a.code != "replayed_nonce" {
			t.Errorf("replayed nonce: %d %s, want 409 replayed_nonce", a.status, a.body)
		}
		// The same message re-signed (a retry) is answered as before.
		if a := post(t, d, exchange.PathOrders, signed(t, p.now.Now(), exchange.PathOrders, body), body); a.status != http.StatusAccepted {
			t.Errorf("retried message: %d %s", a.status, a.body)
		}
		if n := d.count(`SELECT COUNT(*) FROM exchange_orders`); n != 1 {
			t.Errorf("%d exchange orders after a message and its retry, want 1", n)
		}
		// An order pushed to the city (whose link is downstream) is
		// refused: the wrong way.
		if a := post(t, p.city, exchange.PathOrders, signed(t, p.now.Now(), exchange.PathOrders, body), body); a.status != 403 {
			t.Errorf("order pushed upstream: %d %s, want 403", a.status, a.body)
		}
		// Malformed messages: 422 with the field named.
		for _, bad := range []string{`{"message_id":"m1","order":{"id":"U-2"}}`, `{"message_id":"","order":{}}`, `not json`,
			`{"message_id":"m3","order":{},"extra":1}`} {
			a := post(t, d, exchange.PathOrders, signed(t, p.now.Now(), exchange.PathOrders, []byte(bad)), []byte(bad))
			if a.status != 422 {
				t.Errorf("%s: %d %s, want 422", bad, a.status, a.body)
			}
		}
		// An order placed outside the link's regions is refused.
		outside := bytes.Replace(orderMessage(t, "U-3", sewerPath), []byte(ordertest.Community1), []byte("210505001001"), 1)
		if a := post(t, d, exchange.PathOrders, signed(t, p.now.Now(), exchange.PathOrders, outside), outside); a.status != 422 ||
			!strings.Contains(a.body, "不属于本级管辖") {
			t.Errorf("order outside the link's regions: %d %s, want 422", a.status, a.body)
		}
	})
}

// An order whose category path is not mapped is held, not dropped: the
// upstream hears 202 held, an admin sees it in the queue, and mapping the
// path files it (channel upstream) and releases its accepted event.
func TestUnknownCategoryPathIsHeldUntilMapped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := newPair(t, db)
		d := p.district
		body := orderMessage(t, "U-9", "市政设施/排水/雨污管道堵塞")
		a := post(t, d, exchange.PathOrders, signed(t, p.now.Now(), exchange.PathOrders, body), body)
		if a.status != http.StatusAccepted || !strings.Contains(a.body, `"status":"held"`) {
			t.Fatalf("unmapped: %d %s, want 202 held", a.status, a.body)
		}
		held, err := d.ex.Held(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(held) != 1 || held[0].Ref != "U-9" || held[0].CategoryPath != "市政设施/排水/雨污管道堵塞" || held[0].Text != "下水道堵塞" {
			t.Fatalf("held queue = %+v", held)
		}
		if n := d.count(`SELECT COUNT(*) FROM orders`); n != 0 {
			t.Fatalf("%d orders filed before the mapping", n)
		}
		if _, err := d.ex.MapCategory(ctx, auth.SystemAdmin(), linkName, "市政设施/排水/雨污管道堵塞", "component"); err == nil {
			t.Error("mapped to a class (not a leaf)")
		}
		if _, err := d.ex.MapCategory(ctx, auth.SystemAdmin(), linkName, "市政设施/排水/雨污管道堵塞", "no.such"); err == nil {
			t.Error("mapped to an unknown category")
		}
		r, err := d.ex.MapCategory(ctx, auth.SystemAdmin(), linkName, "市政设施/排水/雨污管道堵塞", "sewer.blocked")
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Filed) != 1 || r.Waiting != 0 {
			t.Fatalf("mapping released %+v, want one filed", r)
		}
		o, err := d.orders.Get(ctx, dispatcher, r.Filed[0])
		if err != nil {
			t.Fatal(err)
		}
		if o.Channel != order.ChannelUpstream || o.Category != "sewer.blocked" || o.Reporter.Name != "李*" {
			t.Errorf("filed order: channel %s, category %s, reporter %+v", o.Channel, o.Category, o.Reporter)
		}
		if held, _ := d.ex.Held(ctx); len(held) != 0 {
			t.Errorf("still held: %+v", held)
		}
		// A retry of the first message now hears filed, with the number.
		a = post(t, d, exchange.PathOrders, signed(t, p.now.Now(), exchange.PathOrders, body), body)
		if a.status != http.StatusAccepted || !strings.Contains(a.body, `"held"`) {
			// The message id's first answer (held) is repeated …
			t.Errorf("retried message: %d %s", a.status, a.body)
		}
		// … while the same order under a new message id hears filed.
		again := bytes.Replace(body, []byte(`"message_id":"order-U-9"`), []byte(`"message_id":"order-U-9-b"`), 1)
		a = post(t, d, exchange.PathOrders, signed(t, p.now.Now(), exchange.PathOrders, again), again)
		if a.status != http.StatusOK || !strings.Contains(a.body, r.Filed[0]) {
			t.Errorf("same order, new message id: %d %s, want 200 with %s", a.status, a.body, r.Filed[0])
		}
		if n := d.count(`SELECT COUNT(*) FROM orders`); n != 1 {
			t.Errorf("%d orders, want 1", n)
		}
	})
}

// Status events are applied in sequence: one ahead of its turn is held
// and applied when the gap fills; a repeat is a duplicate.
func TestEventsAheadOfTheirTurnAreHeld(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := newPair(t, db)
		c := p.city
		o := p.file(t, "井盖缺失")
		// Record the forward without sending it (the district is down).
		p.district.stop()
		c.poll()
		at := p.now.Now()
		event := func(seq int, typ string) []byte {
			b, _ := json.Marshal(exchange.EventMessage{MessageID: "ev-" + strconv.Itoa(seq),
				Event: exchange.WireEvent{OrderID: o.Number, Number: "D-1", Seq: seq, Type: typ, At: at}})
			return b
		}
		send := func(b []byte) answer {
			return post(t, c, exchange.PathEvents, signed(t, p.now.Now(), exchange.PathEvents, b), b)
		}
		if a := send(event(2, order.DownstreamDispatch)); !strings.Contains(a.body, `"held"`) {
			t.Fatalf("seq 2 first: %d %s, want held", a.status, a.body)
		}
		if got := cityActions(t, p, o.Number); len(got) != 0 {
			t.Fatalf("applied ahead of its turn: %v", got)
		}
		if a := send(event(1, order.DownstreamAccepted)); !strings.Contains(a.body, `"applied"`) {
			t.Fatalf("seq 1: %d %s, want applied", a.status, a.body)
		}
		if got, want := cityActions(t, p, o.Number), []string{"accepted", "dispatched"}; strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("city timeline = %v, want %v", got, want)
		}
		dup, _ := json.Marshal(exchange.EventMessage{MessageID: "ev-other", Event: exchange.WireEvent{OrderID: o.Number, Seq: 1,
			Type: order.DownstreamAccepted, At: at}})
		if a := send(dup); !strings.Contains(a.body, `"duplicate"`) {
			t.Errorf("seq 1 again: %s, want duplicate", a.body)
		}
		bad, _ := json.Marshal(exchange.EventMessage{MessageID: "ev-3", Event: exchange.WireEvent{OrderID: o.Number, Seq: 3,
			Type: order.DownstreamReturned, At: at}})
		if a := send(bad); a.status != 422 {
			t.Errorf("a return without a reason: %d %s, want 422", a.status, a.body)
		}
		unknown, _ := json.Marshal(exchange.EventMessage{MessageID: "ev-4", Event: exchange.WireEvent{OrderID: "nope", Seq: 1,
			Type: order.DownstreamAccepted, At: at}})
		if a := send(unknown); a.status != 404 {
			t.Errorf("event for an order never forwarded: %d %s, want 404", a.status, a.body)
		}
		ret, _ := json.Marshal(exchange.EventMessage{MessageID: "ev-5", Event: exchange.WireEvent{OrderID: o.Number, Seq: 3,
			Type: order.DownstreamReturned, Reason: "属于邻区管辖", At: at}})
		if a := send(ret); !strings.Contains(a.body, `"applied"`) {
			t.Fatalf("return: %s", a.body)
		}
		got, err := c.orders.Get(ctx, operator, o.Number)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != order.StatusPending || got.Returns != 1 {
			t.Errorf("after the return: status %s, returns %d; want pending, 1", got.Status, got.Returns)
		}
	})
}
