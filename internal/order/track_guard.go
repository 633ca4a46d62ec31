package order

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"civicgrid/internal/errs"
	"civicgrid/internal/store"
)

// TrackLock is the per-order guard of the public lookup: after Misses
// wrong answers for one order number that number's lookup is locked for
// Lock, the right answer included, doubling with each further lock up to
// Max. It is kept in the store, so it holds across restarts and app nodes
// and against guesses spread over many addresses; the per-address limit
// of the HTTP layer comes on top. A zero field takes its default.
type TrackLock struct {
	Misses int
	Lock   time.Duration
	Max    time.Duration
}

// Defaults for TrackLock: 4 digits are 10,000 answers, and at 5 tries per
// lock growing from 15 minutes to a day, trying them all takes years.
const (
	DefaultTrackMisses = 5
	DefaultTrackLock   = 15 * time.Minute
	DefaultTrackMax    = 24 * time.Hour
)

// trackMemory is how long misses and locks are remembered after the last
// miss; a lock longer than that is remembered until it ends.
const trackMemory = 24 * time.Hour

func (p TrackLock) withDefaults() TrackLock {
	if p.Misses <= 0 {
		p.Misses = DefaultTrackMisses
	}
	if p.Lock <= 0 {
		p.Lock = DefaultTrackLock
	}
	if p.Max < p.Lock {
		p.Max = max(DefaultTrackMax, p.Lock)
	}
	return p
}

// lockFor is the length of the n-th lock (n ≥ 1).
func (p TrackLock) lockFor(n int) time.Duration {
	d := p.Lock
	for i := 1; i < n && d < p.Max; i++ {
		d *= 2
	}
	return min(d, p.Max)
}

// ErrTrackLocked is the kind of a *TrackLockedError.
var ErrTrackLocked = errs.New(errs.TooMany, "order: tracking locked after too many wrong answers")

// TrackLockedError says the order number's public lookup is locked until
// Until (a 429 with Retry-After).
type TrackLockedError struct {
	Number string
	Until  time.Time
}

func (e *TrackLockedError) Error() string {
	return fmt.Sprintf("order %s: tracking locked until %s after too many wrong answers", e.Number, e.Until.UTC().Format(time.RFC3339))
}

func (e *TrackLockedError) Is(target error) bool { return target == ErrTrackLocked }

func (e *TrackLockedError) ErrorKind() errs.Kind { return errs.TooMany }

// RetryAt is when the lookup opens again (errs.RetryAt).
func (e *TrackLockedError) RetryAt() time.Time { return e.Until }

// trackLockedUntil is when number's lookup opens again (zero if it is
// open) and how many misses are counted against it.
func trackLockedUntil(ctx context.Context, q store.Querier, number string, now time.Time) (time.Time, int, error) {
	var until int64
	var misses int
	err := q.QueryRowContext(ctx, `SELECT locked_until, misses FROM track_misses WHERE number = ?`, number).Scan(&until, &misses)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, 0, nil
	}
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("order: tracking lock: %w", err)
	}
	if until <= store.Millis(now) {
		return time.Time{}, misses, nil
	}
	return store.Time(until), misses, nil
}

// recordTrackMiss counts a wrong answer for number in one transaction
// (the upsert holds the row, so concurrent misses on several nodes are
// all counted) and locks the number when the count reaches p.Misses. It
// returns when the lookup opens again, zero if it is not locked.
func (s *Service) recordTrackMiss(ctx context.Context, number string, now time.Time) (time.Time, error) {
	p := s.trackLock
	ms, forgotten := store.Millis(now), store.Millis(now.Add(-trackMemory))
	var until time.Time
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var misses, locks int
		err := tx.QueryRowContext(ctx, `INSERT INTO track_misses (number, misses, locks, last_miss_at)
			VALUES (?, 1, 0, ?)
			ON CONFLICT (number) DO UPDATE SET
				misses = CASE WHEN track_misses.last_miss_at < ? AND track_misses.locked_until < ? THEN 1 ELSE track_misses.misses + 1 END,
				locks = CASE WHEN track_misses.last_miss_at < ? AND track_misses.locked_until < ? THEN 0 ELSE track_misses.locks END,
				last_miss_at = ?
			RETURNING misses, locks`, number, ms, forgotten, ms, forgotten, ms, ms).Scan(&misses, &locks)
		if err != nil {
			return fmt.Errorf("order: count tracking miss: %w", err)
		}
		if misses < p.Misses {
			return nil
		}
		until = now.Add(p.lockFor(locks + 1))
		_, err = tx.ExecContext(ctx, `UPDATE track_misses SET misses = 0, locks = locks + 1, locked_until = ? WHERE number = ?`,
			store.Millis(until), number)
		if err != nil {
			return fmt.Errorf("order: lock tracking: %w", err)
		}
		return nil
	})
	return until, err
}

// forgetTrackMisses drops the misses (not the locks, which keep growing
// for a day) after a right answer, so a resident's own typos do not add
// up over a day.
func forgetTrackMisses(ctx context.Context, q store.Querier, number string) error {
	if _, err := q.ExecContext(ctx, `UPDATE track_misses SET misses = 0 WHERE number = ?`, number); err != nil {
		return fmt.Errorf("order: forget tracking misses: %w", err)
	}
	return nil
}

// PurgeTracking deletes what no lookup or rating will read again: misses
// and locks forgotten (a day after the last miss, the lock over) and
// rating tokens expired. Run it now and then; it returns how many rows it
// deleted.
func PurgeTracking(ctx context.Context, q store.Querier, now time.Time) (int64, error) {
	res, err := q.ExecContext(ctx, `DELETE FROM track_misses WHERE last_miss_at < ? AND locked_until < ?`,
		store.Millis(now.Add(-trackMemory)), store.Millis(now))
	if err != nil {
		return 0, fmt.Errorf("order: purge tracking misses: %w", err)
	}
	n, _ := res.RowsAffected()
	res, err = q.ExecContext(ctx, `DELETE FROM rating_tokens WHERE expires_at < ?`, store.Millis(now))
	if err != nil {
		return n, fmt.Errorf("order: purge rating tokens: %w", err)
	}
	m, _ := res.RowsAffected()
	return n + m, nil
}
