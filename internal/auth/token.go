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

// Token describes an API token; the secret itself is never stored.
type Token struct {
	ID         int64
	UserID     int64
	Name       string
	CreatedAt  time.Time
	LastUsedAt time.Time // zero if never used; updated at most once a minute
	RevokedAt  time.Time // zero while valid
}

// CreateToken issues an API token for user userID and records
// "token.create". It returns the plaintext, "cgt_" + 43 base64url
// characters, which cannot be shown again: only its SHA-256 is stored.
func CreateToken(ctx context.Context, db *store.DB, userID int64, name string, actor Actor) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > maxTokenName {
		return "", invalid("name", "a token needs a name of 1-%d characters", maxTokenName)
	}
	secret, err := newSecret()
	if err != nil {
		return "", err
	}
	plaintext := TokenPrefix + secret
	now := time.Now()
	err = db.InTx(ctx, func(tx *store.Tx) error {
		u, err := GetUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		if u.Disabled {
			return invalid("user", "account %q is disabled", u.Username)
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, token_hash, name, created_at)
			VALUES (?, ?, ?, ?) RETURNING id`, userID, digest(plaintext), name, store.Millis(now)).Scan(&id)
		if err != nil {
			return fmt.Errorf("auth: create token: %w", err)
		}
		return actor.Record(ctx, tx, now, "token.create", userTarget(u.Username), fmt.Sprintf("token %d %q", id, name))
	})
	if err != nil {
		return "", err
	}
	return plaintext, nil
}

// TokenUser returns the user behind a bearer token. An unknown or revoked
// token, or one of a disabled user, is ErrBadCredentials.
func TokenUser(ctx context.Context, db *store.DB, plaintext string, now time.Time) (User, error) {
	if !strings.HasPrefix(plaintext, TokenPrefix) {
		return User{}, ErrBadCredentials
	}
	var id, lastUsed, revoked int64
	u, err := scanUser(db.QueryRowContext(ctx, `SELECT `+userColumns+`, t.id, t.last_used_at, t.revoked_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		LEFT JOIN departments d ON d.code = u.department_code WHERE t.token_hash = ?`, digest(plaintext)),
		&id, &lastUsed, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrBadCredentials
	}
	if err != nil {
		return User{}, fmt.Errorf("auth: token: %w", err)
	}
	if revoked != 0 || u.Disabled {
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

// RevokeToken revokes token tokenID of user userID and records
// "token.revoke". The user id guards against revoking someone else's token
// by id; a token that is not the user's is ErrNotFound. Revoking twice is
// not an error.
func RevokeToken(ctx context.Context, db *store.DB, userID, tokenID int64, actor Actor) error {
	now := time.Now()
	return db.InTx(ctx, func(tx *store.Tx) error {
		var revoked int64
		var username string
		err := tx.QueryRowContext(ctx, `SELECT t.revoked_at, u.username FROM api_tokens t
			JOIN users u ON u.id = t.user_id WHERE t.id = ? AND t.user_id = ?`, tokenID, userID).Scan(&revoked, &username)
		if err := notFound(err, "token %d of user %d", tokenID, userID); err != nil {
			return err
		}
		if revoked != 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ?`, store.Millis(now), tokenID); err != nil {
			return fmt.Errorf("auth: revoke token: %w", err)
		}
		return actor.Record(ctx, tx, now, "token.revoke", userTarget(username), fmt.Sprintf("token %d", tokenID))
	})
}

// ListTokens returns a user's tokens, revoked ones included, newest first.
func ListTokens(ctx context.Context, q store.Querier, userID int64) ([]Token, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, user_id, name, created_at, last_used_at, revoked_at
		FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("auth: list tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var created, used, revoked int64
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &created, &used, &revoked); err != nil {
			return nil, fmt.Errorf("auth: list tokens: %w", err)
		}
		t.CreatedAt, t.LastUsedAt, t.RevokedAt = store.Time(created), store.Time(used), store.Time(revoked)
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("auth: list tokens: %w", err)
	}
	return out, nil
}
