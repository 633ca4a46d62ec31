package org_test

import (
	"context"
	"errors"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/errs"
	"civicgrid/internal/org"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestAddDepartmentKeepsToTheAdminsSubtree: the engine refuses a region
// outside the admin's part of the tree and changes nothing; a role that
// may not administer gets no Admin at all.
func TestAddDepartmentKeepsToTheAdminsSubtree(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mustImport(t, db, parseFixture(t), "2105")
		u := auth.User{ID: 1, Username: "admin", Role: auth.RoleAdmin, NodeCode: "210504"}
		by, err := auth.AdminOf(u, auth.ScopeOf(u, ""), "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		_, err = org.AddDepartment(ctx, db, org.Department{Code: "pingshan", Name: "平山区某局", RegionCode: "210502"}, by)
		if !errors.Is(err, org.ErrOutsideScope) || !errs.Is(err, errs.Invalid) {
			t.Fatalf("outside the subtree: %v, want ErrOutsideScope (invalid)", err)
		}
		if _, err := org.GetDepartment(ctx, db, "pingshan"); !errors.Is(err, org.ErrNotFound) {
			t.Fatalf("a refused department was stored: %v", err)
		}
		if _, err := org.AddDepartment(ctx, db, org.Department{Code: "xinfang", Name: "明山区信访局", RegionCode: "210504"}, by); err != nil {
			t.Fatalf("inside the subtree: %v", err)
		}
		if _, err := org.AddDepartment(ctx, db, org.Department{Code: "pingshan", Name: "平山区某局", RegionCode: "210502"}, auth.SystemAdmin()); err != nil {
			t.Fatalf("the command line covers the whole tree: %v", err)
		}
		worker := auth.User{ID: 2, Role: auth.RoleGrid, NodeCode: "210504"}
		if _, err := auth.AdminOf(worker, auth.ScopeOf(worker, ""), ""); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("a grid worker as admin: %v, want forbidden", err)
		}
		if _, err := auth.AdminOf(auth.User{Role: auth.RoleAdmin}, auth.Scope{}, ""); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("an admin without a scope: %v, want forbidden", err)
		}
	})
}
