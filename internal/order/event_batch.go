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
	var evArgs, obArgs []any
	for i, e := range evs {
		if e.Data == nil {
			e.Data = map[string]any{}
		}
		data, err := json.Marshal(e.Data)
		if err != nil {
			return err
		}
		actor := sql.NullInt64{Int64: e.ActorID, Valid: e.ActorID != 0}
		evArgs = append(evArgs, o.ID, seq+i, store.Millis(at), actor, e.ActorName, e.ActorRole, string(e.Action),
			string(e.From), string(e.To), e.Note, e.Public, string(data))
		payload, err := json.Marshal(OutboxPayload{
			OrderID: o.ID, Number: o.Number, Seq: seq + i, Action: e.Action, From: e.From, To: e.To,
			Level: o.Level, Handler: o.HandlerCode, Version: o.Version, At: at.UTC(), Public: e.Public,
		})
		if err != nil {
			return err
		}
		obArgs = append(obArgs, store.Millis(at), "order."+string(e.Action), string(payload))
	}
	rows := func(n int, row string) string { return strings.TrimSuffix(strings.Repeat(row+", ", n), ", ") }
	if _, err := tx.ExecContext(ctx, `INSERT INTO order_events (order_id, seq, at, actor_id, actor_name, actor_role, action,
		from_status, to_status, note, public, data) VALUES `+rows(len(evs), `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`), evArgs...); err != nil {
		return fmt.Errorf("order: append events: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (at, topic, payload) VALUES `+rows(len(evs), `(?, ?, ?)`), obArgs...); err != nil {
		return fmt.Errorf("order: outbox: %w", err)
	}
	return nil
}
