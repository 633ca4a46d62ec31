package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"civicgrid/internal/store"
)

// SignIn checks username and password with DefaultPolicy; see Policy.SignIn.
func SignIn(ctx context.Context, db *store.DB, username, password, ip string, now time.Time) (Session, User, error) {
	return DefaultPolicy().SignIn(ctx, db, username, password, ip, now)
}

// SignIn checks username and password and opens a session.
//
// An unknown user, a wrong password and a disabled account all give
// ErrBadCredentials after the same amount of hashing. MaxFailures wrong
// passwords in a row lock the account for Lockout: the failure that locks
// it and every attempt until then, even with the right password, get a
// *LockedOutError (ErrLockedOut) with the unlock time. A success resets
// the count. Every outcome is audited: "signin", "signin.failed",
// "signin.locked".
func (p Policy) SignIn(ctx context.Context, db *store.DB, username, password, ip string, now time.Time) (Session, User, error) {
	p = p.withDefaults()
	name := normalizeUsername(username)
	fail := func(actor Actor, action, detail string, result error) (Session, User, error) {
		if err := actor.Record(ctx, db, now, action, userTarget(name), detail); err != nil {
			return Session{}, User{}, err
		}
		return Session{}, User{}, result
	}
	anon := Actor{Name: "(anonymous)", IP: ip}
	if len(password) > MaxPasswordLen {
		// Never hash an oversized input: the empty password fails like any
		// wrong one (no stored hash is of a password under 10 characters).
		password = ""
	}

	u, hash, err := credentials(ctx, db, name)
	if errors.Is(err, ErrNotFound) {
		_, _ = VerifyPassword(dummyHash(), password) // same time as a real check
		return fail(anon, "signin.failed", "unknown user", ErrBadCredentials)
	}
	if err != nil {
		return Session{}, User{}, err
	}
	actor := ActorOf(u, ip)
	if now.Before(u.LockedUntil) {
		locked := &LockedOutError{Until: u.LockedUntil}
		return fail(actor, "signin.locked", "refused: locked until "+stamp(u.LockedUntil), locked)
	}
	ok, err := VerifyPassword(hash, password)
	if err != nil {
		return Session{}, User{}, fmt.Errorf("auth: user %q: %w", name, err)
	}
	if u.Disabled {
		return fail(actor, "signin.failed", "account disabled", ErrBadCredentials)
	}
	if !ok {
		count, until, err := p.recordFailure(ctx, db, u.ID, now)
		if err != nil {
			return Session{}, User{}, err
		}
		if now.Before(until) {
			detail := fmt.Sprintf("wrong password (%d in a row): locked until %s", count, stamp(until))
			return fail(actor, "signin.locked", detail, &LockedOutError{Until: until})
		}
		return fail(actor, "signin.failed", fmt.Sprintf("wrong password (%d in a row)", count), ErrBadCredentials)
	}

	var sess Session
	err = db.InTx(ctx, func(tx *store.Tx) error {
		// Reset only if no concurrent failure locked the account meanwhile.
		res, err := tx.ExecContext(ctx, `UPDATE users SET failed_signins = 0, locked_until = 0
			WHERE id = ? AND locked_until <= ?`, u.ID, store.Millis(now))
		if err != nil {
			return fmt.Errorf("auth: sign in: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return ErrLockedOut
		}
		if sess, err = p.openSession(ctx, tx, u.ID, now); err != nil {
			return err
		}
		return actor.Record(ctx, tx, now, "signin", userTarget(u.Username), "")
	})
	if err != nil {
		return Session{}, User{}, err
	}
	u.LockedUntil = time.Time{}
	return sess, u, nil
}

// credentials reads a user with its password hash.
func credentials(ctx context.Context, q store.Querier, name string) (User, string, error) {
	var hash string
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+`, u.password_hash`+userFrom+
		` WHERE u.username = ?`, name), &hash)
	return u, hash, notFound(err, "user %q", name)
}

// recordFailure counts a wrong password and locks the account when the
// count reaches MaxFailures. One statement counts, so that concurrent
// failures are all counted; a lockout that has run out starts a new count.
func (p Policy) recordFailure(ctx context.Context, db *store.DB, id int64, now time.Time) (int, time.Time, error) {
	var count int
	var until int64
	ms := store.Millis(now)
	err := db.InTx(ctx, func(tx *store.Tx) error {
		err := tx.QueryRowContext(ctx, `UPDATE users SET
			failed_signins = CASE WHEN locked_until <> 0 AND locked_until <= ? THEN 1 ELSE failed_signins + 1 END,
			locked_until   = CASE WHEN locked_until <> 0 AND locked_until <= ? THEN 0 ELSE locked_until END
			WHERE id = ? RETURNING failed_signins, locked_until`, ms, ms, id).Scan(&count, &until)
		if err != nil {
			return fmt.Errorf("auth: count failed sign-in: %w", err)
		}
		if count >= p.MaxFailures && until == 0 {
			until = store.Millis(now.Add(p.Lockout))
			_, err = tx.ExecContext(ctx, `UPDATE users SET locked_until = ? WHERE id = ?`, until, id)
		}
		return err
	})
	return count, store.Time(until), err
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
