package auth

import (
	"context"
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/store"
)

// UserUpdate is the full editable state of a user: fill it from the
// current User and change what you mean to. The username is fixed.
type UserUpdate struct {
	DisplayName    string
	Role           string
	NodeCode       string
	DepartmentCode string
	Disabled       bool
}

// UpdateUser replaces the editable fields of user id if its version is
// still version (else ErrStaleVersion), bumps the version and records
// "user.update" with what changed. Disabling a user ends its sessions and
// revokes its API tokens (re-enabling brings neither back). An
// update that changes nothing writes nothing and returns the user as is.
func UpdateUser(ctx context.Context, db *store.DB, id int64, in UserUpdate, version int, actor Actor) (User, error) {
	place := placement{role: strings.TrimSpace(in.Role), node: strings.TrimSpace(in.NodeCode),
		department: strings.TrimSpace(in.DepartmentCode)}
	if err := place.check(); err != nil {
		return User{}, err
	}
	var out User
	err := db.InTx(ctx, func(tx *store.Tx) error {
		cur, err := GetUser(ctx, tx, id)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return fmt.Errorf("%w: user %q is at version %d, not %d", ErrStaleVersion, cur.Username, cur.Version, version)
		}
		display, err := cleanDisplayName(in.DisplayName, cur.Username)
		if err != nil {
			return err
		}
		changes := diffUser(cur, display, place, in.Disabled)
		if len(changes) == 0 {
			out = cur
			return nil
		}
		if err := place.exists(ctx, tx); err != nil {
			return err
		}
		now := time.Now()
		res, err := tx.ExecContext(ctx, `UPDATE users SET display_name = ?, role = ?, node_code = ?,
			department_code = ?, disabled = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ?`,
			display, place.role, nullable(place.node), nullable(place.department), in.Disabled,
			store.Millis(now), id, version)
		if err != nil {
			return fmt.Errorf("auth: update user: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("%w: user %q changed meanwhile", ErrStaleVersion, cur.Username)
		}
		if in.Disabled && !cur.Disabled {
			if err := endSessions(ctx, tx, id); err != nil {
				return err
			}
			if err := revokeAllTokens(ctx, tx, cur, now, "account disabled", actor); err != nil {
				return err
			}
		}
		if err := actor.Record(ctx, tx, now, "user.update", userTarget(cur.Username), strings.Join(changes, "; ")); err != nil {
			return err
		}
		out, err = GetUser(ctx, tx, id)
		return err
	})
	return out, err
}

// diffUser describes each changed field as "field: old → new".
func diffUser(cur User, display string, p placement, disabled bool) []string {
	var out []string
	add := func(field, old, new string) {
		if old != new {
			out = append(out, fmt.Sprintf("%s: %q → %q", field, old, new))
		}
	}
	add("display_name", cur.DisplayName, display)
	add("role", cur.Role, p.role)
	add("node", cur.NodeCode, p.node)
	add("department", cur.DepartmentCode, p.department)
	add("disabled", fmt.Sprint(cur.Disabled), fmt.Sprint(disabled))
	return out
}

// SetPassword replaces the password of username after checking the
// policy (see CheckPassword), clears any sign-in delay, ends the user's
// sessions and revokes their API tokens: a reset is often the answer to a
// stolen password or a stolen laptop, and a token issued by the thief
// must not outlive it. Records "user.password".
func SetPassword(ctx context.Context, db *store.DB, username, pw string, actor Actor) error {
	name := normalizeUsername(username)
	if err := ValidatePassword(pw, name); err != nil {
		return err
	}
	hash, err := HashPassword(pw)
	if err != nil {
		return err
	}
	now := time.Now()
	return db.InTx(ctx, func(tx *store.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `UPDATE users SET password_hash = ?, updated_at = ?
			WHERE username = ? RETURNING id`, hash, store.Millis(now), name).Scan(&id)
		if err := notFound(err, "user %q", name); err != nil {
			return err
		}
		if err := forgetFailures(ctx, tx, name, ""); err != nil {
			return err
		}
		if err := endSessions(ctx, tx, id); err != nil {
			return err
		}
		u, err := GetUser(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := revokeAllTokens(ctx, tx, u, now, "password set", actor); err != nil {
			return err
		}
		return actor.Record(ctx, tx, now, "user.password", userTarget(name), "password set; failed sign-ins forgotten; sessions ended; tokens revoked")
	})
}
