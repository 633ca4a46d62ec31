package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"civicgrid/internal/store"
)

// TokenPrefix starts every API token, so a leaked one is recognisable
// (secret scanners, logs) and a cookie is never mistaken for one.
const TokenPrefix = "cgt_"

const maxTokenName = 64

// Token lifetimes: a token ends DefaultTokenTTL after it is issued unless
// the issuer picks another lifetime within [MinTokenTTL, MaxTokenTTL]. No
// token lives for ever, so a forgotten one stops working by itself.
const (
	DefaultTokenTTL = 90 * 24 * time.Hour
	MinTokenTTL     = time.Hour
	MaxTokenTTL     = 366 * 24 * time.Hour
)

// Token describes an API token; the secret itself is never stored.
type Token struct {
	ID         int64
	UserID     int64
	Name       string
	CreatedAt  time.Time
	LastUsedAt time.Time // zero if never used; updated at most once a minute
	ExpiresAt  time.Time
	RevokedAt  time.Time // zero while not revoked
}

// Valid reports whether the token still grants access at now.
func (t Token) Valid(now time.Time) bool { return t.RevokedAt.IsZero() && now.Before(t.ExpiresAt) }

// CreateToken issues an API token for DefaultTokenTTL; see CreateTokenTTL.
func CreateToken(ctx context.Context, db *store.DB, userID int64, name string, actor Actor) (string, error) {
	return CreateTokenTTL(ctx, db, userID, name, DefaultTokenTTL, actor)
}

// CreateTokenTTL issues an API token for user userID that ends ttl from now
// (0 means DefaultTokenTTL) and records "token.create". It returns the
// plaintext, "cgt_" + 43 base64url characters, which cannot be shown
// again: only its SHA-256 is stored.
func CreateTokenTTL(ctx context.Context, db *store.DB, userID int64, name string, ttl time.Duration, actor Actor) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > maxTokenName {
		return "", invalid("name", "a token needs a name of 1-%d characters", maxTokenName)
	}
	if ttl == 0 {
		ttl = DefaultTokenTTL
	}
	if ttl < MinTokenTTL || ttl > MaxTokenTTL {
		return "", invalid("ttl", "a token lives from 1 hour to 366 days (got %s)", ttl)
	}
	secret, err := newSecret()
	if err != nil {
		return "", err
	}
	plaintext := TokenPrefix + secret
	now := time.Now()
	expires := now.Add(ttl)
	err = db.InTx(ctx, func(tx *store.Tx) error {
		u, err := GetUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		if u.Disabled {
			return invalid("user", "account %q is disabled", u.Username)
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, token_hash, name, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, userID, digest(plaintext), name, store.Millis(now), store.Millis(expires)).Scan(&id)
		if err != nil {
			return fmt.Errorf("auth: create token: %w", err)
		}
		return actor.Record(ctx, tx, now, "token.create", userTarget(u.Username),
			fmt.Sprintf("token %d %q, expires %s", id, name, stamp(expires)))
	})
	if err != nil {
		return "", err
	}
	return plaintext, nil
}

// TokenUser returns the user behind a bearer token. An unknown, expired or
// revoked token, or one of a disabled user, is ErrBadCredentials.
func TokenUser(ctx context.Context, db *store.DB, plaintext string, now time.Time) (User, error) {
	if !strings.HasPrefix(plaintext, TokenPrefix) {
		return User{}, ErrBadCredentials
	}
	var id, lastUsed, expires, revoked int64
	u, err := scanUser(db.QueryRowContext(ctx, `SELECT `+userColumns+`, t.id, t.last_used_at, t.expires_at, t.revoked_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		LEFT JOIN departments d ON d.code = u.department_code WHERE t.token_hash = ?`, digest(plaintext)),
		&id, &lastUsed, &expires, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrBadCredentials
	}
	if err != nil {
		return User{}, fmt.Errorf("auth: token: %w", err)
	}
	if revoked != 0 || store.Millis(now) >= expires || u.Disabled {
		return User{}, ErrBadCredentials
	}
	if now.Sub(store.Time(lastUsed)) >= touchEvery {
		_, err := db.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND last_used_at < ?`,
			store.Millis(now), id, store.Millis(now))
		if err != nil {
			return User{}, fmt.Errorf("auth: touch token: %w", err)
		}
	}
	return u, nil
}

const tokenColumns = `id, user_id, name, created_at, last_used_at, expires_at, revoked_at`

func scanToken(s scanner) (Token, error) {
	var t Token
	var created, used, expires, revoked int64
	if err := s.Scan(&t.ID, &t.UserID, &t.Name, &created, &used, &expires, &revoked); err != nil {
		return Token{}, err
	}
	t.CreatedAt, t.LastUsedAt = store.Time(created), store.Time(used)
	t.ExpiresAt, t.RevokedAt = store.Time(expires), store.Time(revoked)
	return t, nil
}

// GetToken reads token id (not its secret, which is not kept).
func GetToken(ctx context.Context, q store.Querier, id int64) (Token, error) {
	t, err := scanToken(q.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE id = ?`, id))
	return t, notFound(err, "token %d", id)
}

// ListTokens returns a user's tokens, revoked and expired ones included,
// newest first.
func ListTokens(ctx context.Context, q store.Querier, userID int64) ([]Token, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+tokenColumns+`
		FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("auth: list tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("auth: list tokens: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("auth: list tokens: %w", err)
	}
	return out, nil
}
