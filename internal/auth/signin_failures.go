package auth

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"civicgrid/internal/ratelimit"
	"civicgrid/internal/store"
)

// How long a failure is remembered when no other follows: a day for one
// username from one address, an hour for an address as a whole (an
// office's typos spread over a day must not add up to a wait for all).
// A success forgets the username's count, not the address's.
const (
	nameMemory    = 24 * time.Hour
	addressMemory = time.Hour
)

// anyName is the username of an address's own row; no username can be it.
const anyName = "*"

// failureKey is the row a failure is counted in: a username as typed
// (normalised, bounded), or anyName, with the client's address key (an
// IPv6 client by its /64).
type failureKey struct{ name, address string }

func keysFor(name, ip string) (byName, byAddress failureKey) {
	if len(name) > 64 {
		name = name[:64]
	}
	addr := ratelimit.AddressKey(ip)
	return failureKey{name, addr}, failureKey{anyName, addr}
}

// blockedUntil is when the later of the two rows lets tries in again;
// zero when neither holds them back at now.
func blockedUntil(ctx context.Context, q store.Querier, byName, byAddress failureKey, now time.Time) (time.Time, error) {
	var until sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT MAX(blocked_until) FROM signin_failures
		WHERE address = ? AND username IN (?, ?)`, byName.address, byName.name, byAddress.name).Scan(&until)
	if err != nil {
		return time.Time{}, fmt.Errorf("auth: sign-in failures: %w", err)
	}
	if !until.Valid || until.Int64 <= store.Millis(now) {
		return time.Time{}, nil
	}
	return store.Time(until.Int64), nil
}

// recordFailure counts a failed sign-in in both rows in one transaction,
// so concurrent failures are all counted, and sets each row's wait. It
// returns the username's count and when tries may resume (zero if they
// need not wait).
func (p Policy) recordFailure(ctx context.Context, db *store.DB, byName, byAddress failureKey, now time.Time) (int, time.Time, error) {
	var count int
	var until time.Time
	err := db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		count, until, err = p.countIn(ctx, tx, byName, nameMemory, p.MaxFailures, now)
		if err != nil {
			return err
		}
		_, addrUntil, err := p.countIn(ctx, tx, byAddress, addressMemory, p.AddressFailures, now)
		if addrUntil.After(until) {
			until = addrUntil
		}
		return err
	})
	return count, until, err
}

// countIn adds one failure to a row (starting afresh when the last one is
// older than memory) and sets its wait.
func (p Policy) countIn(ctx context.Context, tx *store.Tx, k failureKey, memory time.Duration, threshold int, now time.Time) (int, time.Time, error) {
	ms, forgotten := store.Millis(now), store.Millis(now.Add(-memory))
	var n int
	err := tx.QueryRowContext(ctx, `INSERT INTO signin_failures (username, address, failures, last_failed_at)
		VALUES (?, ?, 1, ?)
		ON CONFLICT (username, address) DO UPDATE SET
			failures = CASE WHEN signin_failures.last_failed_at < ? THEN 1 ELSE signin_failures.failures + 1 END,
			last_failed_at = ?
		RETURNING failures`, k.name, k.address, ms, forgotten, ms).Scan(&n)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("auth: count failed sign-in: %w", err)
	}
	wait := p.wait(n, threshold)
	if wait == 0 {
		return n, time.Time{}, nil
	}
	until := now.Add(wait)
	if _, err := tx.ExecContext(ctx, `UPDATE signin_failures SET blocked_until = ? WHERE username = ? AND address = ?`,
		store.Millis(until), k.name, k.address); err != nil {
		return 0, time.Time{}, fmt.Errorf("auth: count failed sign-in: %w", err)
	}
	return n, until, nil
}

// forgetFailures drops a username's count from one address (after a
// success there) or, with address "", from everywhere (a password reset).
func forgetFailures(ctx context.Context, q store.Querier, name, address string) error {
	var err error
	if address == "" {
		_, err = q.ExecContext(ctx, `DELETE FROM signin_failures WHERE username = ?`, name)
	} else {
		_, err = q.ExecContext(ctx, `DELETE FROM signin_failures WHERE username = ? AND address = ?`, name, address)
	}
	if err != nil {
		return fmt.Errorf("auth: forget sign-in failures: %w", err)
	}
	return nil
}

// PurgeSignInFailures deletes counts no sign-in would still read: those
// whose last failure is past memory and whose wait is over. Run it now and
// then (with PurgeSessions); it returns how many it deleted.
func PurgeSignInFailures(ctx context.Context, q store.Querier, now time.Time) (int64, error) {
	res, err := q.ExecContext(ctx, `DELETE FROM signin_failures WHERE last_failed_at < ? AND blocked_until < ?`,
		store.Millis(now.Add(-nameMemory)), store.Millis(now))
	if err != nil {
		return 0, fmt.Errorf("auth: purge sign-in failures: %w", err)
	}
	return res.RowsAffected()
}
