package sweep_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"civicgrid/internal/notify"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
	"civicgrid/internal/sweep"
)

// What the sweeper writes, a notifier delivers: the overdue grid order's
// marks and escalation reach a webhook with their deadlines, signed, and
// without the reporter.
func TestSweeperEventsReachTheWebhook(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		secret := []byte("0123456789abcdef")
		var mu sync.Mutex
		var got []notify.WebhookBody
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			if !notify.Verify(secret, r.Header.Get(notify.HeaderTimestamp), body, r.Header.Get(notify.HeaderSignature)) {
				t.Errorf("bad signature on %s", body)
			}
			if strings.Contains(string(body), "张三丰") || strings.Contains(string(body), "13812345678") {
				t.Errorf("personal data in %s", body)
			}
			var b notify.WebhookBody
			if err := json.Unmarshal(body, &b); err != nil {
				t.Error(err)
			}
			mu.Lock()
			got = append(got, b)
			mu.Unlock()
		}))
		defer srv.Close()

		o := mustCreate(t, e, noiseAtGrid("楼下烧烤店油烟噪音"))
		n, err := notify.New(notify.Config{DB: db, Now: e.now.Now,
			Sinks: []notify.Sink{notify.OnlyTopics(&notify.Webhook{URL: srv.URL, Secret: secret}, sweep.Topics()...)}})
		if err != nil {
			t.Fatal(err)
		}
		e.now.Set(o.ResolveDueAt.Add(time.Minute))
		if r := tick(t, newSweeper(t, e, sweep.Policy{}, 0)); r.ReplyOverdue != 1 || r.ResolveOverdue != 1 || r.Escalated != 1 {
			t.Fatalf("tick %+v", r)
		}
		r, err := n.Poll(context.Background())
		if err != nil || r.Delivered != r.Claimed || r.Claimed != 5 { // create, dispatch and the sweeper's three
			t.Fatalf("poll %+v, %v", r, err)
		}
		var topics []string
		for _, b := range got {
			var p sweep.Payload
			due := o.ResolveDueAt
			if b.Topic == "order.reply_overdue" {
				due = o.ReplyDueAt
			}
			if err := json.Unmarshal(b.Payload, &p); err != nil || p.Number != o.Number || !p.DueAt.Equal(due) {
				t.Fatalf("payload %s: %+v, %v", b.Payload, p, err)
			}
			topics = append(topics, b.Topic)
		}
		// The intake events (create, dispatch) were not wanted by this sink.
		if !slices.Equal(topics, []string{"order.reply_overdue", "order.resolve_overdue", "order.escalate"}) {
			t.Fatalf("webhook got %v", topics)
		}
	})
}
