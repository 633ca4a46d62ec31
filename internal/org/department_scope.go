package org

import (
	"context"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// communityLen is a community code's length: a grid worker works with the
// departments of its grid's community (docs/design.md §2).
const communityLen = 12

// DepartmentsFor lists the departments in service that a user with scope
// s works with: those serving s's part of the tree and the levels above it
// (ListDepartments), for a grid worker those of its grid's community, for a
// department user those beside it. A scope that covers nothing lists none.
func DepartmentsFor(ctx context.Context, q store.Querier, s auth.Scope) ([]Department, error) {
	if s.IsZero() {
		return nil, nil
	}
	under := s.RegionPrefix()
	if len(under) > communityLen {
		under = under[:communityLen]
	}
	return ListDepartments(ctx, q, under)
}

// GetDepartmentFor is the department with code as a user with scope s may
// see it: ErrNotFound when there is none or s may not see it (scope never
// leaks existence).
func GetDepartmentFor(ctx context.Context, q store.Querier, s auth.Scope, code string) (Department, error) {
	d, err := GetDepartment(ctx, q, code)
	if err != nil {
		return Department{}, err
	}
	if !DepartmentVisible(s, d) {
		return Department{}, departmentNotFound(code)
	}
	return d, nil
}

// DepartmentVisible is the read rule for one department: a department user
// sees its own; a node user sees a department serving its subtree or one
// of its ancestors, the same rule as ListDepartments.
func DepartmentVisible(s auth.Scope, d Department) bool {
	if s.DepartmentCode() != "" {
		return s.DepartmentCode() == d.Code
	}
	prefix := s.RegionPrefix()
	return prefix != "" && (Covers(prefix, d.RegionCode) || Covers(d.RegionCode, prefix))
}
