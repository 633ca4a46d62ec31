package orgunit_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"civicgrid/internal/address"
	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/errs"
	"civicgrid/internal/grid"
	"civicgrid/internal/orgunit"
	"civicgrid/internal/orgunit/registertest"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestUnitsRegister(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := registertest.Seed(t, db)
		svc := &orgunit.Service{DB: db, Keys: w.Keys, Addresses: w.Addresses}
		ent := code("91210504MA0Q12345")
		u, err := svc.Create(ctx, w.EdA, orgunit.Input{Kind: orgunit.KindEnterprise, Name: "东兴商贸有限公司", CreditCode: strings.ToLower(ent),
			Address: "胜利路十二号", ContactName: "王建国", ContactPhone: "138 1234 5678", StaffCount: 12})
		if err != nil {
			t.Fatal(err)
		}
		if u.CreditCode != ent || u.GridCode != registertest.GridA1 || u.AddressID != w.AddrA.ID || u.State != orgunit.StateActive ||
			!u.HasPoint || u.AddressText != "胜利路12号" {
			t.Fatalf("unit %+v", u)
		}
		// Sealed at rest: no plaintext contact in the row.
		var name, phone string
		db.QueryRowContext(ctx, `SELECT contact_name, contact_phone FROM org_units WHERE id = ?`, u.ID).Scan(&name, &phone)
		if name == "" || strings.Contains(name, "王") || strings.Contains(phone, "5678") {
			t.Fatalf("contact not sealed: %q %q", name, phone)
		}
		got, err := svc.Get(ctx, w.ScopeA, u.ID)
		if err != nil || got.ContactName != "王**" || got.ContactPhone != "138****5678" || got.Revealed {
			t.Fatalf("masked get %+v, %v", got, err)
		}
		// Reveal with a purpose, audited.
		if _, err := svc.RevealContact(ctx, w.EdA, u.ID, "x"); errs.KindOf(err) != errs.Invalid {
			t.Errorf("reveal without a real purpose: %v", err)
		}
		r, err := svc.RevealContact(ctx, w.EdA, u.ID, "核实消防检查联系人")
		if err != nil || r.ContactName != "王建国" || r.ContactPhone != "13812345678" || !r.Revealed {
			t.Fatalf("reveal %+v, %v", r, err)
		}
		es, err := audit.List(ctx, db, audit.Filter{Action: "unit.reveal_contact"})
		if err != nil || len(es) != 1 || !strings.Contains(es[0].Detail, "核实消防检查联系人") {
			t.Fatalf("reveal audit %+v, %v", es, err)
		}
		// 个体工商户 without a code.
		shop, err := svc.Create(ctx, w.EdA, orgunit.Input{Kind: orgunit.KindIndividual, Name: "老王修鞋铺", AddressID: w.AddrA2.ID})
		if err != nil || shop.CreditCode != "" || shop.GridCode != registertest.GridA2 {
			t.Fatalf("individual %+v, %v", shop, err)
		}

		// Bad input changes nothing.
		before := count(t, db, "org_units")
		for _, in := range []orgunit.Input{
			{Kind: orgunit.KindEnterprise, Name: "坏码公司", CreditCode: ent[:17] + "0", AddressID: w.AddrA.ID},       // wrong check character
			{Kind: orgunit.KindEnterprise, Name: "无码公司", AddressID: w.AddrA.ID},                                   // code required
			{Kind: orgunit.KindOrgan, Name: "错类机关", CreditCode: code("91210504MA0Q12346"), AddressID: w.AddrA.ID}, // 91 is not a 机关
			{Kind: orgunit.KindShop, Name: "无址商店", Address: "人民路888号"},                                            // address in no grid
			{Kind: orgunit.KindShop, Name: "无址商店"},                                                                // no address
			{Kind: "bank", Name: "某银行", AddressID: w.AddrA.ID},                                                    // no such kind
			{Kind: orgunit.KindShop, Name: "", AddressID: w.AddrA.ID},                                             // no name
			{Kind: orgunit.KindShop, Name: "负人数", AddressID: w.AddrA.ID, StaffCount: -1},                          // staff count
			{Kind: orgunit.KindShop, Name: "坏电话", AddressID: w.AddrA.ID, ContactPhone: "call me"},                 // phone
			{Kind: orgunit.KindEnterprise, Name: "重码公司", CreditCode: ent, AddressID: w.AddrA2.ID},                 // code taken: conflict
		} {
			_, err := svc.Create(ctx, w.EdA, in)
			if k := errs.KindOf(err); k != errs.Invalid && k != errs.Conflict {
				t.Errorf("Create(%+v) = %v, want invalid", in, err)
			}
		}
		var nm *address.NoMatchError
		if _, err := svc.Create(ctx, w.EdA, orgunit.Input{Kind: orgunit.KindShop, Name: "x", Address: "人民路888号"}); !errors.As(err, &nm) {
			t.Errorf("address in no grid: %v", err)
		}
		if after := count(t, db, "org_units"); after != before {
			t.Fatalf("bad input wrote %d units", after-before)
		}

		// Update with versions.
		up, err := svc.Update(ctx, w.EdA, u.ID, u.Version, orgunit.Input{Kind: orgunit.KindEnterprise, Name: "东兴商贸有限公司", CreditCode: ent,
			AddressID: w.AddrA.ID, StaffCount: 15, State: orgunit.StateSuspended})
		if err != nil || up.State != orgunit.StateSuspended || up.StaffCount != 15 || up.Version != 2 {
			t.Fatalf("update %+v, %v", up, err)
		}
		if _, err := svc.Update(ctx, w.EdA, u.ID, u.Version, orgunit.Input{Kind: orgunit.KindEnterprise, Name: "x", CreditCode: ent, AddressID: w.AddrA.ID}); errs.KindOf(err) != errs.Stale {
			t.Errorf("stale update: %v", err)
		}
		// A page edit that shows the contact masked keeps it; one without
		// KeepContact clears it.
		withContact, err := svc.Update(ctx, w.EdA, u.ID, up.Version, orgunit.Input{Kind: orgunit.KindEnterprise, Name: "东兴商贸有限公司", CreditCode: ent,
			AddressID: w.AddrA.ID, ContactName: "王建国", ContactPhone: "13812345678"})
		if err != nil {
			t.Fatal(err)
		}
		kept, err := svc.Update(ctx, w.EdA, u.ID, withContact.Version, orgunit.Input{Kind: orgunit.KindEnterprise, Name: "东兴商贸有限公司", CreditCode: ent,
			AddressID: w.AddrA.ID, StaffCount: 16, KeepContact: true})
		if err != nil || kept.ContactName != "王**" || kept.ContactPhone != "138****5678" || kept.StaffCount != 16 {
			t.Fatalf("update keeping the contact %+v, %v", kept, err)
		}
		us, err := svc.List(ctx, w.ScopeA, orgunit.Filter{Q: "修鞋"}, 10, 0)
		if err != nil || len(us) != 1 || us[0].ID != shop.ID {
			t.Errorf("List(q) = %+v, %v", us, err)
		}
		if us, _ := svc.List(ctx, w.ScopeA, orgunit.Filter{Q: ent}, 10, 0); len(us) != 1 || us[0].ID != u.ID {
			t.Errorf("List(credit code) = %+v", us)
		}
	})
}

// TestUnitsAuthorization: every role against a unit in its scope and one
// outside it. Everyone with a scope reads in it; only the register keepers
// (admin, street, community, grid) add units and reveal contacts; outside
// the scope everything is NotFound.
func TestUnitsAuthorization(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := registertest.Seed(t, db)
		svc := &orgunit.Service{DB: db, Keys: w.Keys, Addresses: w.Addresses}
		in, err := svc.Create(ctx, w.EdA, orgunit.Input{Kind: orgunit.KindShop, Name: "东兴超市", AddressID: w.AddrA.ID, ContactName: "李四"})
		if err != nil {
			t.Fatal(err)
		}
		out, err := svc.Create(ctx, w.EdB, orgunit.Input{Kind: orgunit.KindShop, Name: "新明超市", AddressID: w.AddrB.ID, ContactName: "赵六"})
		if err != nil {
			t.Fatal(err)
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
				if _, err := svc.Get(ctx, scope, in.ID); err != nil {
					t.Errorf("get in scope: %v", err)
				}
				us, err := svc.List(ctx, scope, orgunit.Filter{}, 100, 0)
				if err != nil || len(us) == 0 || us[0].ID != in.ID {
					t.Errorf("list = %d units, %v", len(us), err)
				}
				for _, x := range us {
					if x.CommunityCode != registertest.CommA {
						t.Errorf("list shows unit %d of %s", x.ID, x.CommunityCode)
					}
				}
				if _, err := svc.Get(ctx, scope, out.ID); errs.KindOf(err) != errs.NotFound {
					t.Errorf("get out of scope: %v", err)
				}
				_, err = svc.RevealContact(ctx, ed, in.ID, "核实联系人信息")
				if keepers[role] != (err == nil) || (!keepers[role] && errs.KindOf(err) != errs.Forbidden) {
					t.Errorf("reveal in scope: %v", err)
				}
				if _, err := svc.RevealContact(ctx, ed, out.ID, "核实联系人信息"); errs.KindOf(err) != errs.NotFound {
					t.Errorf("reveal out of scope: %v", err)
				}
				before := count(t, db, "org_units")
				_, err = svc.Create(ctx, ed, orgunit.Input{Kind: orgunit.KindShop, Name: "新店" + role, AddressID: w.AddrA.ID})
				if keepers[role] != (err == nil) || (!keepers[role] && errs.KindOf(err) != errs.Forbidden) {
					t.Errorf("create in scope: %v", err)
				}
				_, err = svc.Create(ctx, ed, orgunit.Input{Kind: orgunit.KindShop, Name: "外店" + role, AddressID: w.AddrB.ID})
				if want := map[bool]errs.Kind{true: errs.NotFound, false: errs.Forbidden}[keepers[role]]; errs.KindOf(err) != want {
					t.Errorf("create out of scope: %v, want %v", err, want)
				}
				if _, err := svc.Update(ctx, ed, out.ID, out.Version, orgunit.Input{Kind: orgunit.KindShop, Name: "改", AddressID: w.AddrB.ID}); err == nil {
					t.Errorf("updated a unit out of scope")
				}
				wrote := count(t, db, "org_units") - before
				if want := map[bool]int{true: 1, false: 0}[keepers[role]]; wrote != want {
					t.Errorf("wrote %d units, want %d", wrote, want)
				}
			})
		}
	})
}
