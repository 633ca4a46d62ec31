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

// SignIn checks username and password from client address ip and opens a
// session.
//
// An unknown user, a wrong password and a disabled account all give
// ErrBadCredentials after the same work: one lookup, one hash (a dummy
// hash for unknown names), one count. Failures are counted per username
// as typed and address, and per address (docs/security.md, "Sign-in"):
// from MaxFailures for the name, or AddressFailures for the address, each
// failure makes tries from that address wait, Delay at first and doubling
// up to Lockout. That failure, and every try until the wait is over, even
// with the right password, gets a *LockedOutError (ErrLockedOut) with the
// time tries resume. Known and unknown names are treated alike, so the
// answer never tells whether an account exists, and a stranger elsewhere
// cannot lock anyone out. A success forgets the name's count from that
// address. Every outcome is audited: "signin", "signin.failed",
// "signin.locked".
func (p Policy) SignIn(ctx context.Context, db *store.DB, username, password, ip string, now time.Time) (Session, User, error) {
	p = p.withDefaults()
	name := normalizeUsername(username)
	byName, byAddress := keysFor(name, ip)
	if len(password) > MaxPasswordLen {
		// Never hash an oversized input: the empty password fails like any
		// wrong one (no stored hash is of a password under 10 characters).
		password = ""
	}

	u, hash, err := credentials(ctx, db, name)
	known := err == nil
	if err != nil && !errors.Is(err, ErrNotFound) {
		return Session{}, User{}, err
	}
	actor := Actor{Name: "(anonymous)", IP: ip}
	if known {
		actor = ActorOf(u, ip)
	}
	fail := func(action, detail string, result error) (Session, User, error) {
		if err := actor.Record(ctx, db, now, action, userTarget(name), detail); err != nil {
			return Session{}, User{}, err
		}
		return Session{}, User{}, result
	}

	until, err := blockedUntil(ctx, db, byName, byAddress, now)
	if err != nil {
		return Session{}, User{}, err
	}
	if !until.IsZero() {
		return fail("signin.locked", "refused: too many failures from this address; tries resume at "+stamp(until),
			&LockedOutError{Until: until})
	}

	var ok bool
	if known {
		if ok, err = VerifyPassword(hash, password); err != nil {
			return Session{}, User{}, fmt.Errorf("auth: user %q: %w", name, err)
		}
	} else {
		_, _ = VerifyPassword(dummyHash(), password) // same time as a real check
	}
	if !ok || u.Disabled {
		why := "wrong password"
		switch {
		case !known:
			why = "unknown user"
		case ok:
			why = "account disabled"
		}
		count, until, err := p.recordFailure(ctx, db, byName, byAddress, now)
		if err != nil {
			return Session{}, User{}, err
		}
		detail := fmt.Sprintf("%s (%d in a row)", why, count)
		if !until.IsZero() {
			return fail("signin.locked", detail+": tries wait until "+stamp(until), &LockedOutError{Until: until})
		}
		return fail("signin.failed", detail, ErrBadCredentials)
	}

	var sess Session
	err = db.InTx(ctx, func(tx *store.Tx) error {
		// A concurrent failure may have started a wait meanwhile.
		if until, err := blockedUntil(ctx, tx, byName, byAddress, now); err != nil {
			return err
		} else if !until.IsZero() {
			return &LockedOutError{Until: until}
		}
		if err := forgetFailures(ctx, tx, byName.name, byName.address); err != nil {
			return err
		}
		if sess, err = p.openSession(ctx, tx, u.ID, now); err != nil {
			return err
		}
		return actor.Record(ctx, tx, now, "signin", userTarget(u.Username), "")
	})
	if err != nil {
		return Session{}, User{}, err
	}
	return sess, u, nil
}

// credentials reads a user with its password hash.
func credentials(ctx context.Context, q store.Querier, name string) (User, string, error) {
	var hash string
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+`, u.password_hash`+userFrom+
		` WHERE u.username = ?`, name), &hash)
	return u, hash, notFound(err, "user %q", name)
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
