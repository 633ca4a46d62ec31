package org_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/org"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestDepartmentsForScope: the one read rule for departments, which the
// API used to work out itself — a node user sees its subtree's and its
// ancestors' departments (a grid worker its community's), a department
// user its own, and a scope that covers nothing sees none; a department it
// may not see is not found.
func TestDepartmentsForScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mustImport(t, db, parseFixture(t), "2105")
		for _, d := range []org.Department{
			{Code: "benxi-sw", Name: "本溪市水务局", RegionCode: "2105"},
			{Code: "mingshan-cg", Name: "明山区城管局", RegionCode: "210504"},
			{Code: "beidi-zhzx", Name: "北地街道综合执法队", RegionCode: "210504002"},
			{Code: "pingshan-cg", Name: "平山区城管局", RegionCode: "210502"},
		} {
			if _, err := org.CreateDepartment(ctx, db, d); err != nil {
				t.Fatal(err)
			}
		}
		node := func(code string) auth.Scope {
			return auth.ScopeOf(auth.User{Role: auth.RoleStreet, NodeCode: code}, "")
		}
		gridWorker := node("210504002001001") // a grid's code: lists for its community
		dept := auth.ScopeOf(auth.User{Role: auth.RoleDepartment, DepartmentCode: "mingshan-cg"}, "210504")
		for _, c := range []struct {
			name  string
			scope auth.Scope
			want  string
		}{
			{"street", node("210504002"), "beidi-zhzx benxi-sw mingshan-cg"},
			{"grid worker", gridWorker, "beidi-zhzx benxi-sw mingshan-cg"},
			{"other district", node("210502"), "benxi-sw pingshan-cg"},
			{"nothing", auth.Scope{}, ""},
		} {
			ds, err := org.DepartmentsFor(ctx, db, c.scope)
			if got := strings.Join(departmentCodes(ds), " "); err != nil || got != c.want {
				t.Errorf("%s: DepartmentsFor = %q, %v; want %q", c.name, got, err, c.want)
			}
		}
		for _, c := range []struct {
			name  string
			scope auth.Scope
			code  string
			seen  bool
		}{
			{"street sees its own", node("210504002"), "beidi-zhzx", true},
			{"street sees the city's", node("210504002"), "benxi-sw", true},
			{"street of another district", node("210502"), "mingshan-cg", false},
			{"department sees itself", dept, "mingshan-cg", true},
			{"department beside it", dept, "beidi-zhzx", false},
			{"nothing", auth.Scope{}, "benxi-sw", false},
			{"no such department", node("2105"), "nope", false},
		} {
			d, err := org.GetDepartmentFor(ctx, db, c.scope, c.code)
			switch {
			case c.seen && (err != nil || d.Code != c.code):
				t.Errorf("%s: %+v, %v; want %s", c.name, d, err, c.code)
			case !c.seen && !errors.Is(err, org.ErrNotFound):
				t.Errorf("%s: %+v, %v; want ErrNotFound", c.name, d, err)
			}
		}
	})
}
