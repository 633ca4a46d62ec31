package auth

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"civicgrid/internal/store"
)

// Session is a signed-in browser. The database keeps only the SHA-256 of
// Token, so Token is known only to SignIn's caller, who puts it in the
// cookie; SessionUser leaves it empty.
type Session struct {
	Token      string
	CSRFToken  string // put in forms and compare with CheckCSRF
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time // updated at most once a minute
	ExpiresAt  time.Time // the absolute end; idleness may end it sooner
}

func (p Policy) openSession(ctx context.Context, q store.Querier, userID int64, now time.Time) (Session, error) {
	token, err := newSecret()
	if err != nil {
		return Session{}, err
	}
	csrf, err := newSecret()
	if err != nil {
		return Session{}, err
	}
	s := Session{Token: token, CSRFToken: csrf, UserID: userID, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(p.Absolute)}
	_, err = q.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?)`, digest(token), userID, csrf, store.Millis(now), store.Millis(now), store.Millis(s.ExpiresAt))
	if err != nil {
		return Session{}, fmt.Errorf("auth: open session: %w", err)
	}
	return s, nil
}

// SessionUser resolves a session cookie with DefaultPolicy; see
// Policy.SessionUser.
func SessionUser(ctx context.Context, db *store.DB, token string, now time.Time) (User, Session, error) {
	return DefaultPolicy().SessionUser(ctx, db, token, now)
}

// SessionUser returns the user and session behind a cookie value. An
// unknown token, or a session of a disabled user, is ErrBadCredentials; a
// session idle for Idle or older than Absolute is ErrSessionExpired. Ended
// sessions are deleted. Idleness is measured from last_seen_at, which is
// written at most once a minute, so it is exact to a minute.
func (p Policy) SessionUser(ctx context.Context, db *store.DB, token string, now time.Time) (User, Session, error) {
	p = p.withDefaults()
	if token == "" {
		return User{}, Session{}, ErrBadCredentials
	}
	hash := digest(token)
	var s Session
	var created, seen, expires int64
	u, err := scanUser(db.QueryRowContext(ctx, `SELECT `+userColumns+`, s.user_id, s.csrf_token, s.created_at,
		s.last_seen_at, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
		LEFT JOIN departments d ON d.code = u.department_code WHERE s.token_hash = ?`, hash),
		&s.UserID, &s.CSRFToken, &created, &seen, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, Session{}, ErrBadCredentials
	}
	if err != nil {
		return User{}, Session{}, fmt.Errorf("auth: session: %w", err)
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = store.Time(created), store.Time(seen), store.Time(expires)

	var ended error
	switch {
	case !now.Before(s.ExpiresAt) || now.Sub(s.LastSeenAt) >= p.Idle:
		ended = ErrSessionExpired
	case u.Disabled:
		ended = ErrBadCredentials
	}
	if ended != nil {
		if _, err := db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hash); err != nil {
			return User{}, Session{}, fmt.Errorf("auth: end session: %w", err)
		}
		return User{}, Session{}, ended
	}
	if now.Sub(s.LastSeenAt) >= touchEvery {
		// The guard keeps two concurrent requests from moving it backwards.
		_, err := db.ExecContext(ctx, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND last_seen_at < ?`,
			store.Millis(now), hash, store.Millis(now))
		if err != nil {
			return User{}, Session{}, fmt.Errorf("auth: touch session: %w", err)
		}
		s.LastSeenAt = now
	}
	return u, s, nil
}

// SignOut ends the session behind token and records "signout". An unknown
// token is not an error: the browser is signed out either way.
func SignOut(ctx context.Context, db *store.DB, token string) error {
	if token == "" {
		return nil
	}
	return db.InTx(ctx, func(tx *store.Tx) error {
		var userID int64
		err := tx.QueryRowContext(ctx, `DELETE FROM sessions WHERE token_hash = ? RETURNING user_id`, digest(token)).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("auth: sign out: %w", err)
		}
		u, err := GetUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		return ActorOf(u, "").Record(ctx, tx, time.Now(), "signout", userTarget(u.Username), "")
	})
}

// CheckCSRF reports, in constant time, whether formToken is the session's
// CSRF token.
func CheckCSRF(sess Session, formToken string) bool {
	if sess.CSRFToken == "" || formToken == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(sess.CSRFToken), []byte(formToken)) == 1
}

// PurgeSessions deletes sessions ended by time with DefaultPolicy; see
// Policy.PurgeSessions.
func PurgeSessions(ctx context.Context, q store.Querier, now time.Time) (int64, error) {
	return DefaultPolicy().PurgeSessions(ctx, q, now)
}

// PurgeSessions deletes sessions past their absolute end or idle for Idle,
// which SessionUser would refuse anyway; run it now and then so abandoned
// sessions do not pile up. It returns how many it deleted.
func (p Policy) PurgeSessions(ctx context.Context, q store.Querier, now time.Time) (int64, error) {
	p = p.withDefaults()
	res, err := q.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?`,
		store.Millis(now), store.Millis(now.Add(-p.Idle)))
	if err != nil {
		return 0, fmt.Errorf("auth: purge sessions: %w", err)
	}
	return res.RowsAffected()
}

// endSessions signs a user out everywhere.
func endSessions(ctx context.Context, q store.Querier, userID int64) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("auth: end sessions: %w", err)
	}
	return nil
}
