package org

import (
	"context"
	"fmt"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// AddDepartment creates a department serving a region in by's part of the
// tree (ErrOutsideScope otherwise) and records "department.create" in the
// audit log in the same transaction: an admin change never lands
// unrecorded.
func AddDepartment(ctx context.Context, db *store.DB, d Department, by auth.Admin) (Department, error) {
	if !by.CoversRegion(d.RegionCode) {
		return Department{}, fmt.Errorf("%w: region_code %s", ErrOutsideScope, d.RegionCode)
	}
	var out Department
	err := db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if out, err = createDepartment(ctx, tx, d, by.At()); err != nil {
			return err
		}
		return by.Record(ctx, tx, by.At(), "department.create", "department:"+out.Code,
			out.Name+" serving "+out.RegionCode)
	})
	return out, err
}
