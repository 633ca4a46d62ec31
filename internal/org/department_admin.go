package org

import (
	"context"
	"fmt"

	"civicgrid/internal/auth"
	"civicgrid/internal/errs"
	"civicgrid/internal/store"
)

// ErrInUse: the department still has open work orders, so it cannot be
// retired before they are re-dispatched or done.
var ErrInUse = errs.New(errs.Conflict, "org: department still handles open orders")

// scopedDepartment loads the department with code if it serves a region
// in by's part of the tree; one served above (a district's, seen by a
// street admin) or unknown is ErrNotFound, like any record out of scope.
func scopedDepartment(ctx context.Context, q store.Querier, code string, by auth.Admin) (Department, error) {
	d, err := GetDepartment(ctx, q, code)
	if err != nil {
		return Department{}, err
	}
	if !by.CoversRegion(d.RegionCode) {
		return Department{}, departmentNotFound(code)
	}
	return d, nil
}

// MayManageDepartment says whether by may rename or retire d: it serves a
// region in by's subtree.
func MayManageDepartment(by auth.Admin, d Department) bool { return by.CoversRegion(d.RegionCode) }

// EditDepartment renames the department with code in by's part of the
// tree (UpdateDepartment's version check) and records
// "department.update".
func EditDepartment(ctx context.Context, db *store.DB, code, name string, version int, by auth.Admin) (Department, error) {
	var out Department
	err := db.InTx(ctx, func(tx *store.Tx) error {
		cur, err := scopedDepartment(ctx, tx, code, by)
		if err != nil {
			return err
		}
		if out, err = updateDepartment(ctx, tx, code, name, version, by.At()); err != nil {
			return err
		}
		if out.Name == cur.Name {
			return nil
		}
		return by.Record(ctx, tx, by.At(), "department.update", "department:"+code, fmt.Sprintf("name: %q → %q", cur.Name, out.Name))
	})
	return out, err
}

// RetireDepartment takes the department with code in by's part of the
// tree out of service (撤销): it is no longer offered as a dispatch target,
// catalogue owner or user placement, and stays for the orders and users
// that name it. A department with open orders as lead handler is
// ErrInUse. Records "department.retire".
func RetireDepartment(ctx context.Context, db *store.DB, code string, version int, by auth.Admin) error {
	return db.InTx(ctx, func(tx *store.Tx) error {
		d, err := scopedDepartment(ctx, tx, code, by)
		if err != nil {
			return err
		}
		if d.Version != version {
			return fmt.Errorf("org: department %q at version %d: %w", code, version, ErrStaleVersion)
		}
		var open int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders WHERE handler_level = 'department' AND handler_code = ?
			AND status IN ('new', 'pending', 'dispatched', 'processing', 'suspended')`, code).Scan(&open); err != nil {
			return fmt.Errorf("org: open orders of %s: %w", code, err)
		}
		if open > 0 {
			return fmt.Errorf("%w: %d open orders", ErrInUse, open)
		}
		now := by.At()
		if _, err := tx.ExecContext(ctx, `UPDATE departments SET retired_at = ?, version = version + 1, updated_at = ?
			WHERE code = ? AND version = ?`, store.Millis(now), store.Millis(now), code, version); err != nil {
			return fmt.Errorf("org: retire %s: %w", code, err)
		}
		return by.Record(ctx, tx, now, "department.retire", "department:"+code, d.Name)
	})
}
