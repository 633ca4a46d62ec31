package org_test

import (
	"context"
	"errors"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/org"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestEditAndRetireDepartment: an admin renames and retires a department
// of their subtree; one served elsewhere is not found; a retired one
// leaves the lists but stays readable; open orders keep it in service.
func TestEditAndRetireDepartment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mustImport(t, db, parseFixture(t), "2105")
		u := auth.User{ID: 1, Username: "admin", Role: auth.RoleAdmin, NodeCode: "210504"}
		by, err := auth.AdminOf(u, auth.ScopeOf(u, ""), "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		sys := auth.SystemAdmin()
		d, err := org.AddDepartment(ctx, db, org.Department{Code: "xinfang", Name: "明山区信访局", RegionCode: "210504"}, by)
		if err != nil {
			t.Fatal(err)
		}
		far, err := org.AddDepartment(ctx, db, org.Department{Code: "pingshan", Name: "平山区某局", RegionCode: "210502"}, sys)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := org.EditDepartment(ctx, db, far.Code, "改名", far.Version, by); !errors.Is(err, org.ErrNotFound) {
			t.Fatalf("rename outside the subtree: %v", err)
		}
		if err := org.RetireDepartment(ctx, db, far.Code, far.Version, by); !errors.Is(err, org.ErrNotFound) {
			t.Fatalf("retire outside the subtree: %v", err)
		}
		d, err = org.EditDepartment(ctx, db, d.Code, "明山区信访办", d.Version, by)
		if err != nil || d.Name != "明山区信访办" {
			t.Fatalf("rename: %+v, %v", d, err)
		}
		if err := org.RetireDepartment(ctx, db, d.Code, d.Version-1, by); !errors.Is(err, org.ErrStaleVersion) {
			t.Fatalf("stale retire: %v", err)
		}
		// An open order with it keeps it in service.
		if _, err := db.ExecContext(ctx, `INSERT INTO categories (code, name_zh, name_en, kind, route, urgency, reply_minutes,
			resolve_days, created_at, updated_at) VALUES ('t.x', '测试', 'test', 'event', 'centre', 'normal', 120, 3, 1, 1)`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO orders (number, channel, status, category_code, category_version, kind, urgency,
			reply_minutes, resolve_days, resolve_minutes, description, community_code, street_code, district_code, handler_level,
			handler_code, received_at, reply_due_at, resolve_due_at, created_at, updated_at)
			SELECT 'T1', 'hotline', 'processing', c.code, c.version, 'event', 'normal', 120, 3, 0, 'd', r.code, r.parent_code,
			'210504', 'department', 'xinfang', 1, 1, 1, 1, 1
			FROM categories c, regions r WHERE c.code = 't.x' AND r.level = 'community' AND r.code LIKE '210504%' ORDER BY c.code, r.code LIMIT 1`); err != nil {
			t.Fatal(err)
		}
		if err := org.RetireDepartment(ctx, db, d.Code, d.Version, by); !errors.Is(err, org.ErrInUse) {
			t.Fatalf("retire with an open order: %v", err)
		}
		if _, err := db.ExecContext(ctx, `UPDATE orders SET status = 'closed' WHERE number = 'T1'`); err != nil {
			t.Fatal(err)
		}
		if err := org.RetireDepartment(ctx, db, d.Code, d.Version, by); err != nil {
			t.Fatalf("retire: %v", err)
		}
		list, _ := org.ListDepartments(ctx, db, "210504")
		retired, _ := org.ListRetiredDepartments(ctx, db, "210504")
		if contains(departmentCodes(list), "xinfang") || !contains(departmentCodes(retired), "xinfang") {
			t.Errorf("after retiring: in service %v, retired %v", departmentCodes(list), departmentCodes(retired))
		}
		if got, err := org.GetDepartment(ctx, db, "xinfang"); err != nil || got.RetiredAt.IsZero() {
			t.Errorf("the retired department reads %+v, %v", got, err)
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
