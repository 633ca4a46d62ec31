package notify

import (
	"context"
	"fmt"
	"math"
	"time"
	"unicode/utf8"

	"civicgrid/internal/errs"
	"civicgrid/internal/store"
)

// The notifier's own outbox statements, beside order.ClaimOutbox and
// order.OutboxDone (migration 00081 adds failed_at and
// outbox_deliveries).

// parked is the claim time of a failed event: its lease never expires,
// so order.ClaimOutbox never hands it out again.
const parked = math.MaxInt64

// ErrNotFound: no failed event with that id.
var ErrNotFound = errs.New(errs.NotFound, "notify: no failed outbox event with that id")

func clip(msg string) string {
	if utf8.RuneCountInString(msg) > 1000 {
		return string([]rune(msg)[:1000])
	}
	return msg
}

// retryLater records why a delivery failed and moves the claim so that
// its lease runs out at retryAt: the next claim after that retries it.
func retryLater(ctx context.Context, db *store.DB, id int64, cause string, retryAt time.Time, lease time.Duration) error {
	_, err := db.ExecContext(ctx, `UPDATE outbox SET claimed_at = ?, last_error = ? WHERE id = ? AND done_at = 0`,
		store.Millis(retryAt.Add(-lease)), clip(cause), id)
	return err
}

// giveUp parks an event that failed its last attempt.
func giveUp(ctx context.Context, db *store.DB, id int64, cause string, now time.Time) error {
	_, err := db.ExecContext(ctx, `UPDATE outbox SET failed_at = ?, claimed_at = ?, last_error = ? WHERE id = ? AND done_at = 0`,
		store.Millis(now), int64(parked), clip(cause), id)
	return err
}

// release hands back an event this notifier claimed (at claimedAt) but
// had no time left to deliver, without counting the attempt.
func release(ctx context.Context, db *store.DB, id int64, claimedAt time.Time) error {
	_, err := db.ExecContext(ctx, `UPDATE outbox SET claimed_at = 0, attempts = attempts - 1
		WHERE id = ? AND done_at = 0 AND claimed_at = ?`, id, store.Millis(claimedAt))
	return err
}

// delivered lists the sinks that already took event id.
func delivered(ctx context.Context, db *store.DB, id int64) (map[string]bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT sink FROM outbox_deliveries WHERE outbox_id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("notify: deliveries of %d: %w", id, err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var sink string
		if err := rows.Scan(&sink); err != nil {
			return nil, err
		}
		out[sink] = true
	}
	return out, rows.Err()
}

// recordDelivery notes that sink took event id (only needed when another
// sink failed it, for the retry).
func recordDelivery(ctx context.Context, db *store.DB, id int64, sink string, now time.Time) error {
	_, err := db.ExecContext(ctx, `INSERT INTO outbox_deliveries (outbox_id, sink, delivered_at) VALUES (?, ?, ?)
		ON CONFLICT (outbox_id, sink) DO NOTHING`, id, sink, store.Millis(now))
	return err
}

// FailedEvent is an event the notifiers gave up on.
type FailedEvent struct {
	ID        int64
	At        time.Time
	Topic     string
	Payload   string
	Attempts  int
	FailedAt  time.Time
	LastError string
}

// Failed lists up to limit events that failed every attempt, newest
// first.
func Failed(ctx context.Context, db *store.DB, limit int) ([]FailedEvent, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := db.QueryContext(ctx, `SELECT id, at, topic, payload, attempts, failed_at, last_error FROM outbox
		WHERE failed_at > 0 AND done_at = 0 ORDER BY failed_at DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("notify: failed events: %w", err)
	}
	defer rows.Close()
	var out []FailedEvent
	for rows.Next() {
		var f FailedEvent
		var at, failedAt int64
		if err := rows.Scan(&f.ID, &at, &f.Topic, &f.Payload, &f.Attempts, &failedAt, &f.LastError); err != nil {
			return nil, err
		}
		f.At, f.FailedAt = store.Time(at), store.Time(failedAt)
		out = append(out, f)
	}
	return out, rows.Err()
}

// Retry requeues a failed event with a fresh count of attempts; sinks
// that took it already are not sent it again.
func Retry(ctx context.Context, db *store.DB, id int64) error {
	res, err := db.ExecContext(ctx, `UPDATE outbox SET failed_at = 0, claimed_at = 0, attempts = 0
		WHERE id = ? AND failed_at > 0 AND done_at = 0`, id)
	if err != nil {
		return fmt.Errorf("notify: retry %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("outbox event %d: %w", id, ErrNotFound)
	}
	return nil
}
