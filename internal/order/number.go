package order

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/store"
)

// allocateNumber returns the next order number for the day of t in zone:
// YYYYMMDD followed by the day's sequence, at least 4 digits
// (202611230001). Numbers are unique and increase within a day.
//
// SQLite bumps the day's row of order_counters inside the caller's
// transaction: writers are serialised anyway (and share commits, see
// store's group commit), and a rolled-back order gives its number back, so
// a day's numbers have no gaps.
//
// PostgreSQL takes the number from the day's SEQUENCE (numberSequence):
// nextval holds no lock until commit, so concurrent intakes do not queue
// behind one counter row for the length of each other's durable commit
// (which held intake to one order per commit, ~460/s). The price: a
// rolled-back order (a failed insert, a lost idempotency-key race) leaves
// a gap in the day's numbers. Numbers are for finding an order, not for
// counting them; counts come from the orders table.
func allocateNumber(ctx context.Context, tx *store.Tx, t time.Time, zone *time.Location) (string, error) {
	day := t.In(zone).Format("20060102")
	var seq int64
	var err error
	if tx.Dialect() == store.Postgres {
		seq, err = nextFromSequence(ctx, tx, day)
	} else {
		seq, err = bumpCounter(ctx, tx, day)
	}
	if err != nil {
		return "", fmt.Errorf("order: allocate number: %w", err)
	}
	return formatNumber(day, seq), nil
}

// formatNumber is day (YYYYMMDD) followed by seq, at least 4 digits.
func formatNumber(day string, seq int64) string { return fmt.Sprintf("%s%04d", day, seq) }

// bumpCounter upserts the day's counter row and returns its new value.
func bumpCounter(ctx context.Context, tx *store.Tx, day string) (int64, error) {
	var seq int64
	err := tx.QueryRowContext(ctx, `INSERT INTO order_counters (day, seq) VALUES (?, 1)
		ON CONFLICT (day) DO UPDATE SET seq = order_counters.seq + 1 RETURNING seq`, day).Scan(&seq)
	return seq, err
}
