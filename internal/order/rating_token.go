package order

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"

	"civicgrid/internal/errs"
	"civicgrid/internal/store"
)

// RatingTokenTTL is how long a rating token from a lookup stays good.
const RatingTokenTTL = 24 * time.Hour

// ErrRatingToken refuses a resident's rating without a good token: none,
// unknown, of another order, expired or used. Nothing is changed.
var ErrRatingToken = errs.New(errs.Forbidden,
	"order: the rating token is missing, used or expired; look the order up again — 评价凭证无效或已使用，请重新查询后再评价")

// issueRatingToken makes a one-time token bound to order id: 256 random
// bits, of which only the SHA-256 is stored, so a copy of the table rates
// nothing.
func issueRatingToken(ctx context.Context, q store.Querier, orderID int64, now time.Time) (string, time.Time, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", time.Time{}, fmt.Errorf("order: random: %w", err)
	}
	token := "cgr_" + base64.RawURLEncoding.EncodeToString(b)
	expires := now.Add(RatingTokenTTL)
	_, err := q.ExecContext(ctx, `INSERT INTO rating_tokens (token_hash, order_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		ratingTokenHash(token), orderID, store.Millis(now), store.Millis(expires))
	if err != nil {
		return "", time.Time{}, fmt.Errorf("order: issue rating token: %w", err)
	}
	return token, expires, nil
}

// useRatingToken spends token on order id inside the rating's
// transaction: if the rating is refused later the transaction rolls back
// and the token stays good.
func useRatingToken(ctx context.Context, tx *store.Tx, orderID int64, token string, now time.Time) error {
	if token == "" || len(token) > 100 {
		return ErrRatingToken
	}
	ms := store.Millis(now)
	res, err := tx.ExecContext(ctx, `UPDATE rating_tokens SET used_at = ?
		WHERE token_hash = ? AND order_id = ? AND used_at = 0 AND expires_at > ?`, ms, ratingTokenHash(token), orderID, ms)
	if err != nil {
		return fmt.Errorf("order: use rating token: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("order: use rating token: %w", err)
	} else if n != 1 {
		return ErrRatingToken
	}
	return nil
}

func ratingTokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
