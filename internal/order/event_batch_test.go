package order_test

import (
	"context"
	"encoding/json"
	"testing"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// Intake writes an order's create and route events (and their outbox
// rows) as multi-row INSERTs: the rows are those written one by one
// before, numbered 1 and 2, the outbox in timeline order with matching
// sequence numbers; an order not routed at intake gets its one event.
func TestIntakeEventsWrittenTogether(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		o := mustCreate(t, e, operator, order.Input{Channel: order.ChannelHotline, Category: "gas.leak",
			Description: "楼道里一股煤气味", Point: inB, Attributes: map[string]string{"valve_closed": "no"}})
		rows, err := db.QueryContext(ctx, `SELECT topic, payload FROM outbox ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		var got []order.OutboxPayload
		var topics []string
		for rows.Next() {
			var topic, payload string
			if err := rows.Scan(&topic, &payload); err != nil {
				t.Fatal(err)
			}
			var p order.OutboxPayload
			if err := json.Unmarshal([]byte(payload), &p); err != nil {
				t.Fatal(err)
			}
			got, topics = append(got, p), append(topics, topic)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || topics[0] != "order.create" || topics[1] != "order.dispatch" ||
			got[0].Seq != 1 || got[1].Seq != 2 || got[0].OrderID != o.ID || got[1].Handler != "ranqi" || got[1].To != order.StatusDispatched {
			t.Fatalf("outbox %v %+v", topics, got)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM order_events WHERE order_id = ? AND seq IN (1, 2)`, o.ID); n != 2 {
			t.Fatalf("%d events numbered 1 and 2, want 2", n)
		}
	})
}
