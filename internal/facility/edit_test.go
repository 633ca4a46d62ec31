package facility_test

import (
	"context"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/errs"
	"civicgrid/internal/facility"
	"civicgrid/internal/grid"
	"civicgrid/internal/orgunit/registertest"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestUpdateFacility: name, point (another grid of the community) and
// owner change; out of the community, in no grid, stale, other roles and
// scopes are refused and change nothing.
func TestUpdateFacility(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := registertest.Seed(t, db)
		svc := &facility.Service{DB: db, Locator: w.Locator}
		lng, lat := registertest.At(1, 2)
		f, err := svc.Create(ctx, w.EdA, facility.Input{Kind: "路灯", Lng: lng, Lat: lat, Name: "旧名"})
		if err != nil {
			t.Fatal(err)
		}
		lng2, lat2 := registertest.At(5, 2)
		lngB, latB := registertest.At(11, 2)
		for name, c := range map[string]struct {
			ed   grid.Editor
			e    facility.Edit
			ver  int
			kind errs.Kind
		}{
			"out of the community": {w.EdA, facility.Edit{Lng: lngB, Lat: latB}, f.Version, errs.Invalid},
			"in no grid":           {w.EdA, facility.Edit{Lng: registertest.Lng0 - 1, Lat: registertest.Lat0}, f.Version, errs.Invalid},
			"unknown owner":        {w.EdA, facility.Edit{Lng: lng, Lat: lat, OwnerUnitID: 999}, f.Version, errs.Invalid},
			"stale":                {w.EdA, facility.Edit{Lng: lng, Lat: lat}, f.Version + 1, errs.Stale},
			"another community":    {w.EdB, facility.Edit{Lng: lng, Lat: lat}, f.Version, errs.NotFound},
			"operator":             {grid.Editor{Role: auth.RoleOperator, Scope: w.City}, facility.Edit{Lng: lng, Lat: lat}, f.Version, errs.Forbidden},
		} {
			if _, err := svc.Update(ctx, c.ed, f.ID, c.ver, c.e); errs.KindOf(err) != c.kind {
				t.Errorf("%s: %v, want %v", name, err, c.kind)
			}
		}
		if got, _ := facility.Get(ctx, db, w.ScopeA, f.ID); got.Version != f.Version || got.Name != "旧名" {
			t.Fatalf("refused edits changed %+v", got)
		}
		got, err := svc.Update(ctx, w.EdA, f.ID, f.Version, facility.Edit{Name: "胜利路西侧", Lng: lng2, Lat: lat2, OwnerDeptCode: ""})
		if err != nil || got.Name != "胜利路西侧" || got.GridCode != registertest.GridA2 || got.Code != f.Code || got.Version != f.Version+1 {
			t.Fatalf("update %+v %v", got, err)
		}
	})
}
