package order

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"civicgrid/internal/store"
)

// Event is one entry of an order's timeline. Nothing updates or deletes
// events (the database refuses it too).
type Event struct {
	Seq       int
	At        time.Time
	ActorID   int64 // 0 for a resident or the system
	ActorName string
	ActorRole string // an auth role, "resident" or "system"
	Action    Action
	From      Status // "" for the first event
	To        Status
	Note      string
	Public    bool // shown to the resident
	Data      map[string]any
}

// publicActions are the steps a resident sees on the tracking page.
// Internal steps (returns, escalations, re-dispatches) are not shown.
var publicActions = map[Action]bool{
	ActionCreate: true, ActionAccept: true, ActionDispatch: true, ActionSign: true, ActionReply: true,
	ActionResolve: true, ActionCallback: true, ActionReopen: true, ActionCancel: true, ActionAnswer: true,
}

// systemEvent is an event the system takes by itself (catalogue routing).
func systemEvent(action Action, from, to Status, note string, data map[string]any) Event {
	return Event{ActorName: "系统", ActorRole: roleSystem, Action: action, From: from, To: to,
		Note: note, Public: publicActions[action], Data: data}
}

func actorEvent(a Actor, action Action, from, to Status, note string, data map[string]any) Event {
	return Event{ActorID: a.UserID, ActorName: a.Name, ActorRole: a.eventRole(), Action: action, From: from, To: to,
		Note: note, Public: publicActions[action], Data: data}
}

// record appends e to o's timeline, with the next sequence number, and
// the matching outbox event, in the caller's transaction. The order row
// must already be written (or updated, which locks it) in that
// transaction, so concurrent appends to one order cannot share a seq.
func record(ctx context.Context, tx *store.Tx, o *Order, e Event, at time.Time) (int, error) {
	var seq int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM order_events WHERE order_id = ?`, o.ID).Scan(&seq); err != nil {
		return 0, fmt.Errorf("order: next event: %w", err)
	}
	return recordAs(ctx, tx, o, e, at, seq)
}

// recordAs is record when the caller knows the event's number: the first
// events of an order filed in this very transaction (1, 2), which spares
// intake one query per event.
func recordAs(ctx context.Context, tx *store.Tx, o *Order, e Event, at time.Time, seq int) (int, error) {
	if e.Data == nil {
		e.Data = map[string]any{}
	}
	data, err := json.Marshal(e.Data)
	if err != nil {
		return 0, err
	}
	actor := sql.NullInt64{Int64: e.ActorID, Valid: e.ActorID != 0}
	_, err = tx.ExecContext(ctx, `INSERT INTO order_events (order_id, seq, at, actor_id, actor_name, actor_role, action,
		from_status, to_status, note, public, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.ID, seq, store.Millis(at), actor, e.ActorName, e.ActorRole, string(e.Action), string(e.From), string(e.To),
		e.Note, e.Public, string(data))
	if err != nil {
		return 0, fmt.Errorf("order: append event: %w", err)
	}
	payload := OutboxPayload{
		OrderID: o.ID, Number: o.Number, Seq: seq, Action: e.Action, From: e.From, To: e.To,
		Level: o.Level, Handler: o.HandlerCode, Version: o.Version, At: at.UTC(), Public: e.Public,
	}
	if err := enqueue(ctx, tx, "order."+string(e.Action), payload, at); err != nil {
		return 0, err
	}
	return seq, nil
}

// Timeline returns every event of an order the actor may see, oldest
// first.
func (s *Service) Timeline(ctx context.Context, a Actor, number string) ([]Event, error) {
	o, err := s.loadReadable(ctx, s.db, a, number)
	if err != nil {
		return nil, err
	}
	return events(ctx, s.db, o.ID, false)
}

func events(ctx context.Context, q store.Querier, orderID int64, publicOnly bool) ([]Event, error) {
	query := `SELECT seq, at, COALESCE(actor_id, 0), actor_name, actor_role, action, from_status, to_status, note, public, data
		FROM order_events WHERE order_id = ?`
	if publicOnly {
		query += ` AND public`
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY seq`, orderID)
	if err != nil {
		return nil, fmt.Errorf("order: timeline: %w", err)
	}
	defer rows.Close()
	out := []Event{}
	for rows.Next() {
		var e Event
		var at int64
		var action, from, to, data string
		if err := rows.Scan(&e.Seq, &at, &e.ActorID, &e.ActorName, &e.ActorRole, &action, &from, &to, &e.Note, &e.Public, &data); err != nil {
			return nil, err
		}
		e.At, e.Action, e.From, e.To = store.Time(at), Action(action), Status(from), Status(to)
		if err := json.Unmarshal([]byte(data), &e.Data); err != nil {
			return nil, fmt.Errorf("order: event %d data: %w", e.Seq, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
