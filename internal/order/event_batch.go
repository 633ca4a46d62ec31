package order

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/store"
)

// recordAllAs is recordAs for several events of one order numbered from
// seq on, written as one multi-row INSERT into order_events and one into
// outbox (issue 18: intake files an order's create and route events
// together, two statements instead of four). The rows are exactly those
// recordAs would write, in the same order.
func recordAllAs(ctx context.Context, tx *store.Tx, o *Order, evs []Event, at time.Time, seq int) error {
	if len(evs) == 0 {
		return nil
	}
	w, err := eventRows(o, evs, at, seq)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, w.events, w.eventArgs...); err != nil {
		return fmt.Errorf("order: append events: %w", err)
	}
	if _, err := tx.ExecContext(ctx, w.outbox, w.outboxArgs...); err != nil {
		return fmt.Errorf("order: outbox: %w", err)
	}
	return nil
}

// eventInserts are the two multi-row INSERTs of recordAllAs.
type eventInserts struct {
	events, outbox        string
	eventArgs, outboxArgs []any
}

// eventRows builds the INSERTs of evs (at least one) into order_events and
// outbox, numbered from seq on.
func eventRows(o *Order, evs []Event, at time.Time, seq int) (eventInserts, error) {
	var w eventInserts
	for i, e := range evs {
		if e.Data == nil {
			e.Data = map[string]any{}
		}
		data, err := json.Marshal(e.Data)
		if err != nil {
			return w, err
		}
		actor := sql.NullInt64{Int64: e.ActorID, Valid: e.ActorID != 0}
		w.eventArgs = append(w.eventArgs, o.ID, seq+i, store.Millis(at), actor, e.ActorName, e.ActorRole, string(e.Action),
			string(e.From), string(e.To), e.Note, e.Public, string(data))
		payload, err := json.Marshal(OutboxPayload{
			OrderID: o.ID, Number: o.Number, Seq: seq + i, Action: e.Action, From: e.From, To: e.To,
			Level: o.Level, Handler: o.HandlerCode, Version: o.Version, At: at.UTC(), Public: e.Public,
		})
		if err != nil {
			return w, err
		}
		w.outboxArgs = append(w.outboxArgs, store.Millis(at), "order."+string(e.Action), string(payload))
	}
	rows := func(n int, row string) string { return strings.TrimSuffix(strings.Repeat(row+", ", n), ", ") }
	w.events = `INSERT INTO order_events (order_id, seq, at, actor_id, actor_name, actor_role, action,
		from_status, to_status, note, public, data) VALUES ` + rows(len(evs), `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	w.outbox = `INSERT INTO outbox (at, topic, payload) VALUES ` + rows(len(evs), `(?, ?, ?)`)
	return w, nil
}
