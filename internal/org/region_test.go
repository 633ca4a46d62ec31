package org_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"testing"

	"civicgrid/internal/org"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestRegionQueries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d := parseFixture(t)
		mustImport(t, db, d, "2105")

		r, err := org.GetRegion(ctx, db, "210504010202")
		want := org.Region{Code: "210504010202", Name: "欢喜岭村", OfficialName: "欢喜岭村委会", Level: org.LevelVillage, ParentCode: "210504010"}
		if err != nil || r != want {
			t.Errorf("GetRegion = %+v, %v; want %+v", r, err, want)
		}
		for _, code := range []string{"210503", "110101", "", "21%", "abc"} {
			if _, err := org.GetRegion(ctx, db, code); !errors.Is(err, org.ErrNotFound) {
				t.Errorf("GetRegion(%q): %v, want ErrNotFound", code, err)
			}
		}

		anc, err := org.Ancestors(ctx, db, "210504010202")
		if err != nil || !slices.Equal(codesOf(anc), []string{"21", "2105", "210504", "210504010"}) {
			t.Errorf("Ancestors = %v, %v", codesOf(anc), err)
		}
		if anc, err := org.Ancestors(ctx, db, "21"); err != nil || len(anc) != 0 {
			t.Errorf("Ancestors(21) = %v, %v; want none", anc, err)
		}
		if _, err := org.Ancestors(ctx, db, "210599"); !errors.Is(err, org.ErrNotFound) {
			t.Errorf("Ancestors(unknown): %v", err)
		}

		kids, err := org.Children(ctx, db, "210504")
		if err != nil || !slices.Equal(codesOf(kids), mingshanStreets) {
			t.Errorf("Children(210504) = %v, %v", codesOf(kids), err)
		}
		kids, err = org.Children(ctx, db, "2105")
		if err != nil || !slices.Equal(codesOf(kids), []string{"210502", "210504", "210505"}) {
			t.Errorf("Children(2105) = %v, %v", codesOf(kids), err)
		}
		if kids, err := org.Children(ctx, db, "210504010202"); err != nil || len(kids) != 0 {
			t.Errorf("Children(village) = %v, %v", kids, err)
		}

		for code, want := range map[string]map[string]int{
			"210504":    {org.LevelStreet: 7, org.LevelCommunity: 56, org.LevelVillage: 26},
			"210504010": {org.LevelCommunity: 5, org.LevelVillage: 8},
			"2105":      {org.LevelDistrict: 3, org.LevelStreet: 15, org.LevelCommunity: 119, org.LevelVillage: 39},
			"21":        {org.LevelCity: 1, org.LevelDistrict: 3, org.LevelStreet: 15, org.LevelCommunity: 119, org.LevelVillage: 39},
		} {
			got, err := org.ChildCounts(ctx, db, code)
			if err != nil || !maps.Equal(got, want) {
				t.Errorf("ChildCounts(%s) = %v, %v; want %v", code, got, err, want)
			}
			// The database agrees with the parsed files.
			if fromFile := d.CountByLevel(code); !maps.Equal(fromFile, want) {
				t.Errorf("CountByLevel(%s) = %v, want %v", code, fromFile, want)
			}
		}
		if _, err := org.ChildCounts(ctx, db, "2"); !errors.Is(err, org.ErrNotFound) {
			t.Errorf("ChildCounts(2): %v, want ErrNotFound", err)
		}

		roots, err := org.Roots(ctx, db)
		if err != nil || !slices.Equal(codesOf(roots), []string{"21"}) {
			t.Errorf("Roots = %v, %v", codesOf(roots), err)
		}
	})
}
