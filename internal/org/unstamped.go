package org

import (
	"context"
	"time"

	"civicgrid/internal/store"
)

// The tree written without an admin or a clock: by imports of the
// divisions (the command line, the demo builder) and by tests. Every
// change an admin makes goes through an auth.Admin, stamped by its clock.

// unstamped is the time of a change made without a clock: the wall clock.
func unstamped() time.Time { return time.Now() }

// CreateDepartment is createDepartment now, without an admin (no audit).
func CreateDepartment(ctx context.Context, q store.Querier, d Department) (Department, error) {
	return createDepartment(ctx, q, d, unstamped())
}

// UpdateDepartment is updateDepartment now, without an admin (no audit).
func UpdateDepartment(ctx context.Context, q store.Querier, code, name string, version int) (Department, error) {
	return updateDepartment(ctx, q, code, name, version, unstamped())
}
