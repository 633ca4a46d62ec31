package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"civicgrid/internal/store"
)

// ReasonOutside is the ValidationError.Reason of a placement outside the
// acting admin's part of the org tree.
const ReasonOutside = "outside"

// ReasonSelf is the ValidationError.Reason of an admin changing their own
// role or placement (they could lock themself out).
const ReasonSelf = "self"

// ReasonSelfDisable is the ValidationError.Reason of an admin disabling
// their own account (they would be signed out with no way back).
const ReasonSelfDisable = "self_disable"

// UpdateUserIn is UpdateUser for an admin acting in scope: the user must
// be in scope (else ErrNotFound, as if there were no such user), only an
// administering role may change anyone, an admin neither moves nor
// disables themself (ReasonSelf, ReasonSelfDisable), and a new org node
// or department must lie in scope too (a *ValidationError with Reason
// ReasonOutside on the field). The pages change role and placement through
// it; the CLI, acting for the whole installation, uses UpdateUser.
func UpdateUserIn(ctx context.Context, db *store.DB, by User, scope Scope, id int64, in UserUpdate, version int, actor Actor) (User, error) {
	cur, err := GetUser(ctx, db, id)
	if err != nil {
		return User{}, err
	}
	if !CanAdminister(by.Role) || !scope.CoversUser(cur) {
		return User{}, fmt.Errorf("%w: user %d", ErrNotFound, id)
	}
	if cur.ID == by.ID && in.Disabled && !cur.Disabled {
		return User{}, &ValidationError{Field: "disabled", Message: "an admin does not disable themself; ask another admin",
			Reason: ReasonSelfDisable}
	}
	if cur.ID == by.ID && (in.Role != cur.Role || strings.TrimSpace(in.NodeCode) != cur.NodeCode ||
		strings.TrimSpace(in.DepartmentCode) != cur.DepartmentCode) {
		return User{}, &ValidationError{Field: "role", Message: "an admin does not move themself; ask another admin",
			Reason: ReasonSelf}
	}
	// The user's current placement stays allowed (an admin may rename
	// someone placed above them by the command line); a new one must lie
	// in scope.
	node, dept := strings.TrimSpace(in.NodeCode), strings.TrimSpace(in.DepartmentCode)
	if node == cur.NodeCode {
		node = ""
	}
	if dept == cur.DepartmentCode {
		dept = ""
	}
	if err := placeIn(ctx, db, scope, node, dept); err != nil {
		return User{}, err
	}
	return UpdateUser(ctx, db, id, in, version, actor)
}

// CreateUserIn is CreateUser for an admin acting in scope: only an
// administering role with a scope may (else ErrForbidden), and the new
// user's org node or department must lie in scope (a *ValidationError with
// Reason ReasonOutside on the field). The pages and the API create users
// through it; the CLI, acting for the whole installation, uses CreateUser.
func CreateUserIn(ctx context.Context, db *store.DB, by User, scope Scope, in NewUser, actor Actor) (User, error) {
	if !CanAdminister(by.Role) || scope.IsZero() {
		return User{}, fmt.Errorf("%w: only an admin creates users", ErrForbidden)
	}
	if err := placeIn(ctx, db, scope, strings.TrimSpace(in.NodeCode), strings.TrimSpace(in.DepartmentCode)); err != nil {
		return User{}, err
	}
	return CreateUser(ctx, db, in, actor)
}

// placeIn refuses an org node or a department (either may be empty) that
// lies outside scope: the one placement rule of CreateUserIn and
// UpdateUserIn.
func placeIn(ctx context.Context, q store.Querier, scope Scope, node, dept string) error {
	if node != "" && !scope.CoversRegion(node) {
		return &ValidationError{Field: "node_code", Message: "outside your part of the org tree", Reason: ReasonOutside}
	}
	if dept == "" {
		return nil
	}
	ok, err := departmentInScope(ctx, q, scope, dept)
	if err != nil {
		return err
	}
	if !ok {
		return &ValidationError{Field: "department_code", Message: "outside your part of the org tree", Reason: ReasonOutside}
	}
	return nil
}

// departmentInScope says whether scope covers the department with code
// (unknown departments are left to UpdateUser to refuse).
func departmentInScope(ctx context.Context, q store.Querier, scope Scope, code string) (bool, error) {
	var region sql.NullString
	err := q.QueryRowContext(ctx, `SELECT region_code FROM departments WHERE code = ?`, code).Scan(&region)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("auth: department %s: %w", code, err)
	}
	return scope.CoversDepartmentAt(code, region.String), nil
}
