package auth

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"civicgrid/internal/store"
)

var usernamePattern = regexp.MustCompile(`^[a-zA-Z0-9_.-]{3,32}$`)

const maxDisplayName = 64

func validateUsername(name string) error {
	if !usernamePattern.MatchString(name) {
		return invalid("username", "must be 3-32 characters of letters, digits, '_', '.' or '-' (got %q)", name)
	}
	return nil
}

// cleanDisplayName trims it, defaults it to the username and checks it.
func cleanDisplayName(display, username string) (string, error) {
	display = strings.TrimSpace(display)
	if display == "" {
		display = username
	}
	if utf8.RuneCountInString(display) > maxDisplayName {
		return "", invalid("display_name", "must be at most %d characters", maxDisplayName)
	}
	if strings.IndexFunc(display, unicode.IsControl) >= 0 {
		return "", invalid("display_name", "must not contain control characters")
	}
	return display, nil
}

// placement is where a user sits: a role and one of node or department.
type placement struct {
	role, node, department string
}

// check validates what can be seen without the database.
func (p placement) check() error {
	if !IsRole(p.role) {
		return invalid("role", "unknown role %q (want one of %s)", p.role, strings.Join(roles, ", "))
	}
	switch {
	case p.node == "" && p.department == "":
		return invalid("node_code", "a user needs an org node or a department")
	case p.node != "" && p.department != "":
		return invalid("node_code", "a user has an org node or a department, not both")
	case p.role == RoleDepartment && p.department == "":
		return invalid("department_code", "role %q needs a department", RoleDepartment)
	}
	return nil
}

// exists checks that the node or department is there, inside the
// transaction that writes the user.
func (p placement) exists(ctx context.Context, q store.Querier) error {
	table, field, code := "regions", "node_code", p.node
	if p.department != "" {
		table, field, code = "departments", "department_code", p.department
	}
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM `+table+` WHERE code = ?`, code).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return invalid(field, "no such %s %q", strings.TrimSuffix(table, "s"), code)
	}
	return err
}
