package apikey

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/store"
)

const maxRef = 200

// Remember records, in the caller's transaction q, that the client of key
// keyID did ref and got result. A ref already on file for the key is
// ErrReceipt: a concurrent retry won, so the caller rolls back and Recalls
// the first result. (On PostgreSQL the failed insert ends the transaction
// either way.)
func Remember(ctx context.Context, q store.Querier, keyID int64, ref, result string, now time.Time) error {
	if ref == "" || len(ref) > maxRef || strings.ContainsAny(ref, "\x00") {
		return invalid("ref", "a receipt needs a reference of 1-%d bytes", maxRef)
	}
	_, err := q.ExecContext(ctx, `INSERT INTO api_key_receipts (key_id, ref, result, created_at) VALUES (?, ?, ?, ?)`,
		keyID, ref, result, store.Millis(now))
	if store.IsUniqueViolation(err) {
		return fmt.Errorf("apikey: key %d %q: %w", keyID, ref, ErrReceipt)
	}
	if err != nil {
		return fmt.Errorf("apikey: remember: %w", err)
	}
	return nil
}

// Recall returns the result recorded for ref under key keyID; found is
// false when there is none.
func Recall(ctx context.Context, q store.Querier, keyID int64, ref string) (result string, found bool, err error) {
	err = q.QueryRowContext(ctx, `SELECT result FROM api_key_receipts WHERE key_id = ? AND ref = ?`, keyID, ref).Scan(&result)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("apikey: recall: %w", err)
	}
	return result, true, nil
}
