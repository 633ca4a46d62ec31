package org

import (
	"context"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/store"
)

// AddDepartment creates a department and records "department.create" in
// the audit log in the same transaction: an admin change never lands
// unrecorded.
func AddDepartment(ctx context.Context, db *store.DB, d Department, actor audit.Actor) (Department, error) {
	var out Department
	err := db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if out, err = CreateDepartment(ctx, tx, d); err != nil {
			return err
		}
		return actor.Record(ctx, tx, time.Now(), "department.create", "department:"+out.Code,
			out.Name+" serving "+out.RegionCode)
	})
	return out, err
}
