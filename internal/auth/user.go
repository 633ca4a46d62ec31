package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/store"
)

// User is a staff account. It has exactly one of NodeCode (a region of the
// org tree) and DepartmentCode.
type User struct {
	ID             int64
	Username       string
	DisplayName    string
	Role           string
	NodeCode       string
	DepartmentCode string
	// DepartmentRegion is the region the user's department serves (read
	// from departments.region_code); "" for node users.
	DepartmentRegion string
	Disabled         bool
	Version          int
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// userColumns is selected by every user read, in scanUser's order.
const userColumns = `u.id, u.username, u.display_name, u.role, COALESCE(u.node_code, ''),
	COALESCE(u.department_code, ''), COALESCE(d.region_code, ''), u.disabled,
	u.version, u.created_at, u.updated_at`

const userFrom = ` FROM users u LEFT JOIN departments d ON d.code = u.department_code`

type scanner interface{ Scan(dest ...any) error }

func scanUser(s scanner, extra ...any) (User, error) {
	var u User
	var created, updated int64
	dest := append([]any{&u.ID, &u.Username, &u.DisplayName, &u.Role, &u.NodeCode,
		&u.DepartmentCode, &u.DepartmentRegion, &u.Disabled, &u.Version, &created, &updated}, extra...)
	if err := s.Scan(dest...); err != nil {
		return User{}, err
	}
	u.CreatedAt, u.UpdatedAt = store.Time(created), store.Time(updated)
	return u, nil
}

// GetUser reads a user by id.
func GetUser(ctx context.Context, q store.Querier, id int64) (User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+userFrom+` WHERE u.id = ?`, id))
	return u, notFound(err, "user %d", id)
}

// GetUserByUsername reads a user by username (case-insensitive: usernames
// are stored in lower case).
func GetUserByUsername(ctx context.Context, q store.Querier, username string) (User, error) {
	name := normalizeUsername(username)
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+userFrom+` WHERE u.username = ?`, name))
	return u, notFound(err, "user %q", name)
}

// User list paging bounds.
const (
	DefaultListLimit = 100
	MaxListLimit     = 1000
)

// ListUsers returns the users scope covers (see Scope.CoversUser), ordered
// by username. A zero Scope lists nobody.
func ListUsers(ctx context.Context, q store.Querier, scope Scope, limit, offset int) ([]User, error) {
	var where string
	var args []any
	switch {
	case scope.prefix == "":
		return nil, nil
	case scope.department != "":
		where = `u.node_code LIKE ? OR u.department_code = ? OR u.id = ?`
		args = []any{scope.prefix + "%", scope.department, scope.self}
	default:
		where = `u.node_code LIKE ? OR d.region_code LIKE ? OR u.id = ?`
		args = []any{scope.prefix + "%", scope.prefix + "%", scope.self}
	}
	if limit <= 0 {
		limit = DefaultListLimit
	}
	args = append(args, min(limit, MaxListLimit), max(offset, 0))
	rows, err := q.QueryContext(ctx, `SELECT `+userColumns+userFrom+` WHERE `+where+
		` ORDER BY u.username LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("auth: list users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("auth: list users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("auth: list users: %w", err)
	}
	return out, nil
}

// notFound turns sql.ErrNoRows into ErrNotFound naming what was missing.
func notFound(err error, format string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %s", ErrNotFound, fmt.Sprintf(format, args...))
	}
	if err != nil {
		return fmt.Errorf("auth: %s: %w", fmt.Sprintf(format, args...), err)
	}
	return nil
}

func normalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// nullable stores "" as NULL, for the optional foreign keys.
func nullable(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }
