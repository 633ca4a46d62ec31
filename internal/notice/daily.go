package notice

import (
	"context"
	"time"

	"civicgrid/internal/store"
)

// The per-number daily cap every SMS to residents shares (order notices
// and 征询 codes alike): notice_daily counts by the number's blind index
// and the China-time date.

// capDay is the cap's day: the date in China time.
func capDay(now time.Time) string { return now.In(chinaZone).Format("20060102") }

// capReached reports whether the number (its blind index) had its cap of
// messages on day.
func capReached(ctx context.Context, q store.Querier, key, day string, limit int) (bool, error) {
	var sent int
	err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(sent), 0) FROM notice_daily WHERE phone_blind = ? AND day = ?`, key, day).Scan(&sent)
	return sent >= limit, err
}

// countSent counts one message to the number on day. It runs after the
// send: under two senders at once a number may get one message over the
// cap, never one fewer than it should.
func countSent(ctx context.Context, q store.Querier, key, day string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO notice_daily (phone_blind, day, sent) VALUES (?, ?, 1)
		ON CONFLICT (phone_blind, day) DO UPDATE SET sent = notice_daily.sent + 1`, key, day)
	return err
}
