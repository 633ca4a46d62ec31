package sweep

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// Timeline actions of the sweeper's steps; the outbox topic is "order."
// plus the action. Escalations use order.ActionEscalate, like a person's.
const (
	ActionReplyWarning    order.Action = "reply_warning"    // 暂时性答复即将到期
	ActionReplyOverdue    order.Action = "reply_overdue"    // 暂时性答复超期
	ActionResolveWarning  order.Action = "resolve_warning"  // 办理即将到期
	ActionResolveOverdue  order.Action = "resolve_overdue"  // 办理超期
	ActionSupervisionFlag order.Action = "supervision_flag" // 超期转督办
)

// Topics lists the outbox topics the sweeper writes (for a notifier that
// only wants deadline news).
func Topics() []string {
	var out []string
	for _, a := range []order.Action{ActionReplyWarning, ActionReplyOverdue, ActionResolveWarning, ActionResolveOverdue,
		order.ActionEscalate, ActionSupervisionFlag} {
		out = append(out, "order."+string(a))
	}
	return out
}

// Payload is the outbox payload of a sweeper event: the fields of every
// order event plus the deadline concerned. Like every outbox payload it
// names the order, never the reporter.
type Payload struct {
	order.OutboxPayload
	DueAt time.Time `json:"due_at,omitzero"`
}

// The system actor, as the order package records it.
const (
	systemName = "系统"
	systemRole = "system"
)

// entry is one event to append to an order's timeline and the outbox.
type entry struct {
	orderID  int64
	number   string
	level    string
	handler  string
	version  int
	action   order.Action
	from, to order.Status
	note     string
	data     map[string]any
	due      time.Time
}

// rowsPerInsert bounds a multi-row INSERT (12 parameters a row) well under
// both stores' parameter limits.
const rowsPerInsert = 200

// journal appends entries to their orders' timelines, with the outbox
// events, in tx. The orders' rows must already be locked by the claim in
// tx, so no concurrent step can take the same sequence numbers.
func journal(ctx context.Context, tx *store.Tx, entries []entry, now time.Time) error {
	for len(entries) > 0 {
		n := min(len(entries), rowsPerInsert)
		if err := journalChunk(ctx, tx, entries[:n], now); err != nil {
			return err
		}
		entries = entries[n:]
	}
	return nil
}

func journalChunk(ctx context.Context, tx *store.Tx, entries []entry, now time.Time) error {
	seqs, err := lastSeqs(ctx, tx, entries)
	if err != nil {
		return err
	}
	at := store.Millis(now)
	var events, outbox strings.Builder
	events.WriteString(`INSERT INTO order_events (order_id, seq, at, actor_id, actor_name, actor_role, action,
		from_status, to_status, note, public, data) VALUES `)
	outbox.WriteString(`INSERT INTO outbox (at, topic, payload) VALUES `)
	eventArgs := make([]any, 0, len(entries)*11)
	outboxArgs := make([]any, 0, len(entries)*3)
	for i, e := range entries {
		seqs[e.orderID]++
		seq := seqs[e.orderID]
		if e.data == nil {
			e.data = map[string]any{}
		}
		data, err := json.Marshal(e.data)
		if err != nil {
			return err
		}
		payload, err := json.Marshal(Payload{OutboxPayload: order.OutboxPayload{
			OrderID: e.orderID, Number: e.number, Seq: seq, Action: e.action, From: e.from, To: e.to,
			Level: e.level, Handler: e.handler, Version: e.version, At: now.UTC(),
		}, DueAt: e.due.UTC()})
		if err != nil {
			return err
		}
		if i > 0 {
			events.WriteString(", ")
			outbox.WriteString(", ")
		}
		events.WriteString("(?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)")
		eventArgs = append(eventArgs, e.orderID, seq, at, systemName, systemRole, string(e.action),
			string(e.from), string(e.to), e.note, false, string(data))
		outbox.WriteString("(?, ?, ?)")
		outboxArgs = append(outboxArgs, at, "order."+string(e.action), string(payload))
	}
	if _, err := tx.ExecContext(ctx, events.String(), eventArgs...); err != nil {
		return fmt.Errorf("sweep: append events: %w", err)
	}
	if _, err := tx.ExecContext(ctx, outbox.String(), outboxArgs...); err != nil {
		return fmt.Errorf("sweep: outbox: %w", err)
	}
	return nil
}

// lastSeqs reads the last timeline sequence number of each entry's order.
// Each is a MAX over one order's primary-key range (a single backward
// index probe), found from the orders' own primary key: a plain
// "order_id IN (…) GROUP BY" lets PostgreSQL, when order_events has no
// fresh statistics, guess that the list matches most of the table and
// scan all of it.
func lastSeqs(ctx context.Context, tx *store.Tx, entries []entry) (map[int64]int, error) {
	seqs := make(map[int64]int, len(entries))
	args := make([]any, 0, len(entries))
	for _, e := range entries {
		if _, ok := seqs[e.orderID]; !ok {
			seqs[e.orderID] = 0
			args = append(args, e.orderID)
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT o.id, COALESCE((SELECT MAX(e.seq) FROM order_events e WHERE e.order_id = o.id), 0)
		FROM orders o WHERE o.id IN (`+placeholders(len(args))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("sweep: timeline positions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var seq int
		if err := rows.Scan(&id, &seq); err != nil {
			return nil, err
		}
		seqs[id] = seq
	}
	return seqs, rows.Err()
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
