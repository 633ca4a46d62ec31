package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// Parked is an event the notifiers gave up on, as an admin sees it: with
// the order it is about. Every outbox event names an order (internal/order
// and internal/sweep write them); the order decides whose it is.
type Parked struct {
	FailedEvent
	Number string // the order's number
	Action string // the step (payload action)
}

// maxParkedScan bounds how many failed events one listing reads before
// keeping those in the admin's area.
const maxParkedScan = 1000

// ParkedFor lists up to limit parked events about orders in by's area,
// newest first: an admin of a street sees only its street's.
func ParkedFor(ctx context.Context, db *store.DB, by auth.Admin, limit int) ([]Parked, error) {
	if limit <= 0 {
		limit = 100
	}
	failed, err := Failed(ctx, db, maxParkedScan)
	if err != nil {
		return nil, err
	}
	var out []Parked
	for _, f := range failed {
		p, ok, err := parkedIn(ctx, db, by, f)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, p)
		}
		if len(out) == limit {
			break
		}
	}
	return out, nil
}

// RetryFor requeues parked event id for by (audited): ErrNotFound when
// there is no such parked event or its order lies outside by's area.
func RetryFor(ctx context.Context, db *store.DB, by auth.Admin, id int64, now time.Time) error {
	var f FailedEvent
	var at, failedAt int64
	err := db.QueryRowContext(ctx, `SELECT id, at, topic, payload, attempts, failed_at, last_error FROM outbox
		WHERE id = ? AND failed_at > 0 AND done_at = 0`, id).Scan(&f.ID, &at, &f.Topic, &f.Payload, &f.Attempts, &failedAt, &f.LastError)
	if store.IsNoRows(err) {
		return fmt.Errorf("outbox event %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("notify: parked %d: %w", id, err)
	}
	p, ok, err := parkedIn(ctx, db, by, f)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("outbox event %d: %w", id, ErrNotFound)
	}
	return db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET failed_at = 0, claimed_at = 0, attempts = 0
			WHERE id = ? AND failed_at > 0 AND done_at = 0`, id)
		if err != nil {
			return fmt.Errorf("notify: retry %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 { // another admin requeued it meanwhile
			return fmt.Errorf("outbox event %d: %w", id, ErrNotFound)
		}
		return by.Record(ctx, tx, now, "outbox.retry", "outbox:"+strconv.FormatInt(id, 10), f.Topic+" "+p.Number)
	})
}

// parkedIn reads the order f names and reports whether it lies in by's
// area (its grid, else its community, else its district).
func parkedIn(ctx context.Context, db *store.DB, by auth.Admin, f FailedEvent) (Parked, bool, error) {
	p := Parked{FailedEvent: f}
	var payload struct {
		OrderID int64  `json:"order_id"`
		Action  string `json:"action"`
	}
	if json.Unmarshal([]byte(f.Payload), &payload) != nil || payload.OrderID == 0 {
		// Not about an order: only an admin of the whole tree may see it.
		return p, by.CoversRegion(""), nil
	}
	p.Action = payload.Action
	var grid, community, district string
	err := db.QueryRowContext(ctx, `SELECT number, COALESCE(grid_code, ''), COALESCE(community_code, ''), COALESCE(district_code, '')
		FROM orders WHERE id = ?`, payload.OrderID).Scan(&p.Number, &grid, &community, &district)
	if store.IsNoRows(err) {
		return p, by.CoversRegion(""), nil
	}
	if err != nil {
		return p, false, fmt.Errorf("notify: order of outbox %d: %w", f.ID, err)
	}
	for _, code := range []string{grid, community, district} {
		if code != "" {
			return p, by.CoversRegion(code), nil
		}
	}
	return p, by.CoversRegion(""), nil
}
