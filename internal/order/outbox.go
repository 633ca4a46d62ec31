package order

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"civicgrid/internal/store"
)

// OutboxPayload is the JSON of every order outbox event (topic
// "order.<action>"). It names the order and the step, never the reporter:
// a notifier that needs more reads the order.
type OutboxPayload struct {
	OrderID int64     `json:"order_id"`
	Number  string    `json:"number"`
	Seq     int       `json:"seq"`
	Action  Action    `json:"action"`
	From    Status    `json:"from,omitempty"`
	To      Status    `json:"to"`
	Level   string    `json:"level"`
	Handler string    `json:"handler,omitempty"`
	Version int       `json:"version"`
	At      time.Time `json:"at"`
	Public  bool      `json:"public"`
}

// OutboxEvent is one claimed outbox row.
type OutboxEvent struct {
	ID       int64
	At       time.Time
	Topic    string
	Payload  json.RawMessage
	Attempts int // including this claim
}

func enqueue(ctx context.Context, tx *store.Tx, topic string, payload any, at time.Time) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (at, topic, payload) VALUES (?, ?, ?)`,
		store.Millis(at), topic, string(b)); err != nil {
		return fmt.Errorf("order: outbox: %w", err)
	}
	return nil
}

// ClaimOutbox claims up to limit undone events whose previous claim (if
// any) is older than lease, oldest first, for a notifier to deliver. The
// claim is a conditional UPDATE that re-checks the claim on each row, so
// two nodes polling at once never claim the same row within one lease.
// Deliver, then call OutboxDone (or OutboxFailed to retry after the lease).
func ClaimOutbox(ctx context.Context, db *store.DB, limit int, lease time.Duration, now time.Time) ([]OutboxEvent, error) {
	if limit <= 0 {
		limit = 100
	}
	cutoff := store.Millis(now.Add(-lease))
	var out []OutboxEvent
	// In a transaction, so that on SQLite the claim queues for the write
	// with intake (group commit) instead of contending for the file lock.
	err := db.InTx(ctx, func(tx *store.Tx) error {
		out = nil
		rows, err := tx.QueryContext(ctx, `UPDATE outbox SET claimed_at = ?, attempts = attempts + 1
			WHERE done_at = 0 AND claimed_at <= ? AND id IN (
				SELECT id FROM outbox WHERE done_at = 0 AND claimed_at <= ? ORDER BY id LIMIT ?)
			RETURNING id, at, topic, payload, attempts`, store.Millis(now), cutoff, cutoff, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e OutboxEvent
			var at int64
			var payload string
			if err := rows.Scan(&e.ID, &at, &e.Topic, &payload, &e.Attempts); err != nil {
				return err
			}
			e.At, e.Payload = store.Time(at), json.RawMessage(payload)
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("order: claim outbox: %w", err)
	}
	// RETURNING order is not guaranteed: hand them out oldest first.
	slices.SortFunc(out, func(a, b OutboxEvent) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// OutboxDone marks an event delivered.
func OutboxDone(ctx context.Context, db *store.DB, id int64, now time.Time) error {
	return OutboxDoneAll(ctx, db, []int64{id}, now)
}

// OutboxDoneAll marks events delivered in one statement: a notifier marks
// its whole batch at once rather than paying a commit (an fsync on
// SQLite, beside intake's) per event.
func OutboxDoneAll(ctx context.Context, db *store.DB, ids []int64, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	args := make([]any, 0, len(ids)+1)
	args = append(args, store.Millis(now))
	for _, id := range ids {
		args = append(args, id)
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
	if _, err := db.ExecContext(ctx, `UPDATE outbox SET done_at = ?, last_error = '' WHERE id IN (`+marks+`)`, args...); err != nil {
		return fmt.Errorf("order: outbox done: %w", err)
	}
	return nil
}

// OutboxFailed records why a delivery failed and releases the claim, so
// the event is retried at the next claim.
func OutboxFailed(ctx context.Context, db *store.DB, id int64, cause error) error {
	msg := cause.Error()
	if utf8.RuneCountInString(msg) > 1000 {
		msg = string([]rune(msg)[:1000])
	}
	_, err := db.ExecContext(ctx, `UPDATE outbox SET claimed_at = 0, last_error = ? WHERE id = ? AND done_at = 0`, msg, id)
	return err
}
