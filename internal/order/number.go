package order

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/store"
)

// allocateNumber returns the next order number for the day of t in zone:
// YYYYMMDD followed by the day's sequence, at least 4 digits
// (202611230001). The counter row is bumped by an upsert inside the
// caller's transaction: PostgreSQL serialises concurrent bumps on the row
// lock and SQLite on its write lock, and a rolled-back order gives its
// number back, so numbers are unique and, per day, without gaps.
func allocateNumber(ctx context.Context, tx *store.Tx, t time.Time, zone *time.Location) (string, error) {
	day := t.In(zone).Format("20060102")
	var seq int64
	err := tx.QueryRowContext(ctx, `INSERT INTO order_counters (day, seq) VALUES (?, 1)
		ON CONFLICT (day) DO UPDATE SET seq = order_counters.seq + 1 RETURNING seq`, day).Scan(&seq)
	if err != nil {
		return "", fmt.Errorf("order: allocate number: %w", err)
	}
	return fmt.Sprintf("%s%04d", day, seq), nil
}
