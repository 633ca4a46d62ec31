package facility_test

import (
	"context"
	"strings"
	"testing"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/errs"
	"civicgrid/internal/facility"
	"civicgrid/internal/grid"
	"civicgrid/internal/orgunit"
	"civicgrid/internal/orgunit/registertest"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func count(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM facilities`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestParseAndFindCode(t *testing.T) {
	for in, want := range map[string]string{
		"2105040020010109-0123": "2105040020010109-0123",
		"21050400200101090123":  "2105040020010109-0123",
		" ２１０５０４００２００１０１０９－０１２３": "2105040020010109-0123",
	} {
		if got, err := facility.ParseCode(in); err != nil || got != want {
			t.Errorf("ParseCode(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "2105040020010109-012", "2105040020019909-0123", "路灯0123"} {
		if _, err := facility.ParseCode(bad); errs.KindOf(err) != errs.Invalid {
			t.Errorf("ParseCode(%q) = %v", bad, err)
		}
	}
	if got := facility.FindCode("路灯 2105040020010109-0123 不亮"); got != "2105040020010109-0123" {
		t.Errorf("FindCode = %q", got)
	}
	if got := facility.FindCode("胜利路12号门口有垃圾"); got != "" {
		t.Errorf("FindCode found %q", got)
	}
}

func TestFacilities(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := registertest.Seed(t, db)
		units := &orgunit.Service{DB: db, Keys: w.Keys, Addresses: w.Addresses}
		owner, err := units.Create(ctx, w.EdA, orgunit.Input{Kind: orgunit.KindShop, Name: "东兴物业服务中心", AddressID: w.AddrA.ID})
		if err != nil {
			t.Fatal(err)
		}
		svc := &facility.Service{DB: db, Locator: w.Locator}
		lng, lat := registertest.At(2, 2)
		f1, err := svc.Create(ctx, w.EdA, facility.Input{Kind: "路灯", Lng: lng, Lat: lat, OwnerUnitID: owner.ID, Name: "胜利路东侧"})
		if err != nil {
			t.Fatal(err)
		}
		if f1.Code != registertest.CommA+"0109-0001" || f1.Class != "01" || f1.GridCode != registertest.GridA1 || f1.OwnerName != "东兴物业服务中心" || f1.State != facility.StateOK {
			t.Fatalf("facility %+v", f1)
		}
		lng2, lat2 := registertest.At(5, 2)
		f2, err := svc.Create(ctx, w.EdA, facility.Input{Kind: "0109", Lng: lng2, Lat: lat2})
		if err != nil || f2.Code != registertest.CommA+"0109-0002" || f2.GridCode != registertest.GridA2 {
			t.Fatalf("second streetlight %+v, %v", f2, err)
		}
		cam, err := svc.Create(ctx, w.EdA, facility.Input{Kind: "视频监控", Lng: lng, Lat: lat})
		if err != nil || cam.Code != registertest.CommA+"0112-0001" {
			t.Fatalf("camera %+v, %v", cam, err)
		}

		// Bad input changes nothing.
		before := count(t, db)
		for _, in := range []facility.Input{
			{Kind: "飞碟", Lng: lng, Lat: lat},
			{Kind: "路灯", Lng: registertest.Lng0 - 1, Lat: registertest.Lat0}, // in no grid
			{Kind: "路灯", Lng: 500, Lat: lat},
			{Kind: "路灯", Lng: lng, Lat: lat, State: "broken"},
			{Kind: "路灯", Lng: lng, Lat: lat, OwnerUnitID: 999},
			{Kind: "路灯", Lng: lng, Lat: lat, OwnerDeptCode: "NOPE"},
			{Kind: "路灯", Lng: lng, Lat: lat, OwnerUnitID: owner.ID, OwnerDeptCode: "NOPE"},
		} {
			if _, err := svc.Create(ctx, w.EdA, in); errs.KindOf(err) != errs.Invalid {
				t.Errorf("Create(%+v) = %v, want invalid", in, err)
			}
		}
		if after := count(t, db); after != before {
			t.Fatalf("bad input wrote %d facilities", after-before)
		}

		// State from the phone, audited; a stale version refused.
		d, err := svc.SetState(ctx, w.EdA, f1.ID, f1.Version, "损坏")
		if err != nil || d.State != facility.StateDamaged || d.Version != 2 {
			t.Fatalf("SetState %+v, %v", d, err)
		}
		if _, err := svc.SetState(ctx, w.EdA, f1.ID, f1.Version, "ok"); errs.KindOf(err) != errs.Stale {
			t.Errorf("stale SetState: %v", err)
		}
		if _, err := svc.SetState(ctx, w.EdA, f1.ID, 0, "坏了"); errs.KindOf(err) != errs.Invalid {
			t.Errorf("bad state: %v", err)
		}
		es, _ := audit.List(ctx, db, audit.Filter{Action: "facility.state"})
		if len(es) != 1 || !strings.Contains(es[0].Detail, "完好 → 损坏") {
			t.Errorf("state audit %+v", es)
		}

		// Resolve for order intake, anywhere; unknown codes say so.
		ref, err := svc.Resolve(ctx, strings.Replace(f1.Code, "-", "", 1))
		if err != nil || ref.GridCode != registertest.GridA1 || ref.Owner != "东兴物业服务中心" || ref.Lng != lng || !strings.Contains(ref.Label, "路灯") {
			t.Fatalf("Resolve %+v, %v", ref, err)
		}
		if _, err := svc.Resolve(ctx, registertest.CommA+"0109-0099"); errs.KindOf(err) != errs.Invalid || !strings.Contains(err.Error(), "没有编码为") {
			t.Errorf("unknown code: %v", err)
		}
		if fs, err := facility.List(ctx, db, w.ScopeA, facility.Filter{Kind: "路灯", State: "损坏"}, 10, 0); err != nil || len(fs) != 1 || fs[0].ID != f1.ID {
			t.Errorf("List damaged streetlights = %+v, %v", fs, err)
		}
	})
}

// TestFacilitiesAuthorization: every role against a facility in its
// scope and one outside it.
func TestFacilitiesAuthorization(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := registertest.Seed(t, db)
		svc := &facility.Service{DB: db, Locator: w.Locator}
		lngA, latA := registertest.At(1, 2)
		lngB, latB := registertest.At(11, 2)
		in, err := svc.Create(ctx, w.EdA, facility.Input{Kind: "门禁", Lng: lngA, Lat: latA})
		if err != nil {
			t.Fatal(err)
		}
		out, err := svc.Create(ctx, w.EdB, facility.Input{Kind: "门禁", Lng: lngB, Lat: latB})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Create(ctx, w.EdA, facility.Input{Kind: "门禁", Lng: lngB, Lat: latB}); errs.KindOf(err) != errs.NotFound {
			t.Errorf("community A placed a facility in B: %v", err)
		}
		keepers := map[string]bool{auth.RoleAdmin: true, auth.RoleStreet: true, auth.RoleCommunity: true, auth.RoleGrid: true}
		for _, role := range auth.Roles() {
			node := registertest.Street
			switch role {
			case auth.RoleCommunity, auth.RoleBuilding:
				node = registertest.CommA
			case auth.RoleGrid:
				node = registertest.GridA1
			}
			u := auth.User{ID: 50, Role: role, NodeCode: node}
			if role == auth.RoleDepartment {
				u = auth.User{ID: 50, Role: role, DepartmentCode: "D01", DepartmentRegion: registertest.Street}
			}
			scope := auth.ScopeOf(u, "")
			ed := grid.Editor{Role: role, Scope: scope, Actor: audit.Actor{Name: role}}
			t.Run(role, func(t *testing.T) {
				if _, err := facility.Get(ctx, db, scope, in.ID); err != nil {
					t.Errorf("get in scope: %v", err)
				}
				if _, err := facility.GetByCode(ctx, db, scope, out.Code); errs.KindOf(err) != errs.NotFound {
					t.Errorf("get out of scope: %v", err)
				}
				if fs, _ := facility.List(ctx, db, scope, facility.Filter{}, 100, 0); len(fs) == 0 || fs[0].CommunityCode != registertest.CommA {
					t.Errorf("list = %+v", fs)
				}
				_, err := svc.SetState(ctx, ed, in.ID, 0, "损坏")
				if keepers[role] != (err == nil) || (!keepers[role] && errs.KindOf(err) != errs.Forbidden) {
					t.Errorf("set state in scope: %v", err)
				}
				want := map[bool]errs.Kind{true: errs.NotFound, false: errs.Forbidden}[keepers[role]]
				if _, err := svc.SetState(ctx, ed, out.ID, 0, "损坏"); errs.KindOf(err) != want {
					t.Errorf("set state out of scope: %v, want %v", err, want)
				}
				before := count(t, db)
				_, err = svc.Create(ctx, ed, facility.Input{Kind: "垃圾箱", Lng: lngA, Lat: latA})
				if keepers[role] != (err == nil) || (!keepers[role] && errs.KindOf(err) != errs.Forbidden) {
					t.Errorf("create in scope: %v", err)
				}
				if _, err := svc.Create(ctx, ed, facility.Input{Kind: "垃圾箱", Lng: lngB, Lat: latB}); errs.KindOf(err) != want {
					t.Errorf("create out of scope: %v, want %v", err, want)
				}
				if got, want := count(t, db)-before, map[bool]int{true: 1, false: 0}[keepers[role]]; got != want {
					t.Errorf("wrote %d facilities, want %d", got, want)
				}
			})
		}
		if f, _ := facility.Get(ctx, db, w.City, out.ID); f.State != facility.StateOK {
			t.Errorf("out-of-scope facility changed to %s", f.State)
		}
	})
}
