package org_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"civicgrid/internal/org"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func departmentCodes(ds []org.Department) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Code
	}
	return out
}

func TestCreateAndGetDepartment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mustImport(t, db, parseFixture(t), "210504")

		got, err := org.CreateDepartment(ctx, db, org.Department{Code: "mingshan-cg", Name: " 明山区城管局 ", RegionCode: "210504"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "明山区城管局" || got.Version != 1 || got.CreatedAt.IsZero() || !got.UpdatedAt.Equal(got.CreatedAt) {
			t.Errorf("created %+v", got)
		}
		back, err := org.GetDepartment(ctx, db, "mingshan-cg")
		if err != nil || back != got {
			t.Errorf("GetDepartment = %+v, %v; want %+v", back, err, got)
		}
		if _, err := org.GetDepartment(ctx, db, "nope"); !errors.Is(err, org.ErrNotFound) {
			t.Errorf("GetDepartment(nope): %v", err)
		}

		_, err = org.CreateDepartment(ctx, db, org.Department{Code: "mingshan-cg", Name: "另一个", RegionCode: "210504"})
		if !errors.Is(err, org.ErrConflict) {
			t.Errorf("duplicate code: %v, want ErrConflict", err)
		}

		bad := []struct {
			d     org.Department
			field string
		}{
			{org.Department{Code: "CG", Name: "城管", RegionCode: "210504"}, "code"},
			{org.Department{Code: "c", Name: "城管", RegionCode: "210504"}, "code"},
			{org.Department{Code: strings.Repeat("a", 33), Name: "城管", RegionCode: "210504"}, "code"},
			{org.Department{Code: "城管", Name: "城管", RegionCode: "210504"}, "code"},
			{org.Department{Code: "cg 2", Name: "城管", RegionCode: "210504"}, "code"},
			{org.Department{Code: "cg2", Name: "  ", RegionCode: "210504"}, "name"},
			{org.Department{Code: "cg2", Name: strings.Repeat("城", 65), RegionCode: "210504"}, "name"},
			{org.Department{Code: "cg2", Name: "城管", RegionCode: "210505"}, "region_code"},
			{org.Department{Code: "cg2", Name: "城管", RegionCode: ""}, "region_code"},
		}
		for _, c := range bad {
			_, err := org.CreateDepartment(ctx, db, c.d)
			var ve *org.ValidationError
			if !errors.As(err, &ve) || ve.Field != c.field {
				t.Errorf("CreateDepartment(%+v): %v, want a validation error on %s", c.d, err, c.field)
			}
		}
		all, err := org.ListDepartments(ctx, db, "")
		if err != nil || len(all) != 1 {
			t.Fatalf("after refused creates: %v, %v; want only mingshan-cg", departmentCodes(all), err)
		}
	})
}

func TestListDepartmentsSeesSubtreeAndAncestors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mustImport(t, db, parseFixture(t), "2105")
		for _, d := range []org.Department{
			{Code: "benxi-sw", Name: "本溪市水务局", RegionCode: "2105"},
			{Code: "mingshan-cg", Name: "明山区城管局", RegionCode: "210504"},
			{Code: "beidi-zhzx", Name: "北地街道综合执法队", RegionCode: "210504002"},
			{Code: "gaoyu-zhzx", Name: "高峪街道综合执法队", RegionCode: "210504004"},
			{Code: "pingshan-cg", Name: "平山区城管局", RegionCode: "210502"},
		} {
			if _, err := org.CreateDepartment(ctx, db, d); err != nil {
				t.Fatal(err)
			}
		}
		cases := map[string]string{
			"210504002":    "beidi-zhzx benxi-sw mingshan-cg",
			"210504002001": "beidi-zhzx benxi-sw mingshan-cg",
			"210504":       "beidi-zhzx benxi-sw gaoyu-zhzx mingshan-cg",
			"210502":       "benxi-sw pingshan-cg",
			"2105":         "beidi-zhzx benxi-sw gaoyu-zhzx mingshan-cg pingshan-cg",
			"":             "beidi-zhzx benxi-sw gaoyu-zhzx mingshan-cg pingshan-cg",
		}
		for under, want := range cases {
			ds, err := org.ListDepartments(ctx, db, under)
			if got := strings.Join(departmentCodes(ds), " "); err != nil || got != want {
				t.Errorf("ListDepartments(%q) = %q, %v; want %q", under, got, err, want)
			}
		}
		if _, err := org.ListDepartments(ctx, db, "210503"); !errors.Is(err, org.ErrNotFound) {
			t.Errorf("ListDepartments(unknown): %v", err)
		}
	})
}

func TestUpdateDepartmentOptimisticLocking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mustImport(t, db, parseFixture(t), "210504")
		created, err := org.CreateDepartment(ctx, db, org.Department{Code: "mingshan-sw", Name: "明山区水务局", RegionCode: "210504"})
		if err != nil {
			t.Fatal(err)
		}
		updated, err := org.UpdateDepartment(ctx, db, "mingshan-sw", "明山区水务事务中心", created.Version)
		if err != nil {
			t.Fatal(err)
		}
		if updated.Name != "明山区水务事务中心" || updated.Version != 2 || updated.UpdatedAt.Before(created.UpdatedAt) ||
			!updated.CreatedAt.Equal(created.CreatedAt) || updated.RegionCode != "210504" {
			t.Errorf("updated %+v", updated)
		}

		// A second editor still holding version 1 loses, and changes nothing.
		_, err = org.UpdateDepartment(ctx, db, "mingshan-sw", "旧名", created.Version)
		if !errors.Is(err, org.ErrStaleVersion) {
			t.Fatalf("stale update: %v, want ErrStaleVersion", err)
		}
		now, err := org.GetDepartment(ctx, db, "mingshan-sw")
		if err != nil || now != updated {
			t.Errorf("after stale update: %+v, %v; want %+v", now, err, updated)
		}

		if _, err := org.UpdateDepartment(ctx, db, "nope", "x", 1); !errors.Is(err, org.ErrNotFound) {
			t.Errorf("update unknown: %v, want ErrNotFound", err)
		}
		var ve *org.ValidationError
		if _, err := org.UpdateDepartment(ctx, db, "mingshan-sw", " ", updated.Version); !errors.As(err, &ve) {
			t.Errorf("update with empty name: %v, want *ValidationError", err)
		}
		if now, _ := org.GetDepartment(ctx, db, "mingshan-sw"); now != updated {
			t.Errorf("refused update changed the row: %+v", now)
		}
	})
}
