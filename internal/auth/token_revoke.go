package auth

import (
	"context"
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/store"
)

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

// TokenOwnerFor returns the owner of token tokenID if by may manage that
// user's tokens: their own, or, for an admin, those of any user scope
// covers. Anything else is ErrNotFound, like a token that does not exist,
// so an id never tells whose it is.
func TokenOwnerFor(ctx context.Context, q store.Querier, tokenID int64, by User, scope Scope) (Token, User, error) {
	t, err := GetToken(ctx, q, tokenID)
	if err != nil {
		return Token{}, User{}, err
	}
	owner, err := GetUser(ctx, q, t.UserID)
	if err != nil {
		return Token{}, User{}, err
	}
	if !MayManageTokens(by, scope, owner) {
		return Token{}, User{}, fmt.Errorf("%w: token %d", ErrNotFound, tokenID)
	}
	return t, owner, nil
}

// MayManageTokens says whether by may list and revoke owner's tokens: a
// user their own, an admin those of every user in scope.
func MayManageTokens(by User, scope Scope, owner User) bool {
	return by.ID == owner.ID || (CanAdminister(by.Role) && scope.CoversUser(owner))
}

// RevokeTokenBy revokes token tokenID for by (see TokenOwnerFor for who
// may) and records "token.revoke" with by as the actor.
func RevokeTokenBy(ctx context.Context, db *store.DB, tokenID int64, by User, scope Scope, ip string) error {
	t, _, err := TokenOwnerFor(ctx, db, tokenID, by, scope)
	if err != nil {
		return err
	}
	return RevokeToken(ctx, db, t.UserID, t.ID, ActorOf(by, ip))
}

// revokeAllTokens ends every token of a user still valid, in the caller's
// transaction, and records one "token.revoke" naming them and why.
func revokeAllTokens(ctx context.Context, tx *store.Tx, u User, now time.Time, why string, actor Actor) error {
	ids, err := store.Strings(tx.QueryContext(ctx, `SELECT CAST(id AS TEXT) FROM api_tokens
		WHERE user_id = ? AND revoked_at = 0 AND expires_at > ? ORDER BY id`, u.ID, store.Millis(now)))
	if err != nil {
		return fmt.Errorf("auth: revoke tokens: %w", err)
	}
	if len(ids) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at = 0`,
		store.Millis(now), u.ID); err != nil {
		return fmt.Errorf("auth: revoke tokens: %w", err)
	}
	return actor.Record(ctx, tx, now, "token.revoke", userTarget(u.Username),
		fmt.Sprintf("all tokens (%s): %s", strings.Join(ids, ", "), why))
}
