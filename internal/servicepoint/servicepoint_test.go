package servicepoint_test

import (
	"context"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/errs"
	"civicgrid/internal/orgunit/registertest"
	"civicgrid/internal/servicepoint"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func staff(id int64, role, node string) servicepoint.Actor {
	u := auth.User{ID: id, Username: role, Role: role, NodeCode: node}
	return servicepoint.Actor{User: u, Scope: auth.ScopeOf(u, "")}
}

func TestServicePoints(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		registertest.Seed(t, db)
		svc, err := servicepoint.New(servicepoint.Config{DB: db})
		if err != nil {
			t.Fatal(err)
		}
		community := staff(2, auth.RoleCommunity, registertest.CommA)
		other := staff(3, auth.RoleCommunity, registertest.CommB)
		grid := staff(4, auth.RoleGrid, registertest.GridA1)

		if _, err := svc.Create(ctx, community, servicepoint.Input{CommunityCode: registertest.CommA, Kind: "派出所", Name: "东兴社区警务室"}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("bad kind: %v", err)
		}
		if _, err := svc.Create(ctx, other, servicepoint.Input{CommunityCode: registertest.CommA, Kind: "警务室", Name: "东兴社区警务室"}); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("other community: %v", err)
		}
		if _, err := svc.Create(ctx, grid, servicepoint.Input{CommunityCode: registertest.CommA, Kind: "警务室", Name: "东兴社区警务室"}); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("grid worker: %v", err)
		}
		p, err := svc.Create(ctx, community, servicepoint.Input{CommunityCode: registertest.CommA, Kind: "警务室", Name: "东兴社区警务室",
			Address: "胜利路12号", Phone: "024-42812110", Hours: "全天"})
		if err != nil || p.Kind != "police" || p.Phone != "02442812110" {
			t.Fatalf("create %+v, %v", p, err)
		}
		if _, err := svc.Create(ctx, community, servicepoint.Input{CommunityCode: registertest.CommA, Kind: "police", Name: "东兴社区警务室"}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("same name twice: %v", err)
		}
		if _, err := svc.AddStaff(ctx, community, p.ID, servicepoint.Staff{Name: "王警官", Post: "社区民警", Phone: "13x"}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("bad phone: %v", err)
		}
		if p, err = svc.AddStaff(ctx, community, p.ID, servicepoint.Staff{Name: "王立新", Post: "社区民警", Phone: "13904140110", Duty: "周一至周五"}); err != nil {
			t.Fatal(err)
		}
		if p, err = svc.AddItem(ctx, community, p.ID, servicepoint.Item{Name: "居住证申领", Note: "带身份证和租房合同"}); err != nil || len(p.Items) != 1 || len(p.Staff) != 1 {
			t.Fatalf("item %+v, %v", p, err)
		}
		if _, err := svc.Update(ctx, community, p.ID, p.Version+5, servicepoint.Input{Name: "东兴警务室"}); errs.KindOf(err) != errs.Stale {
			t.Fatalf("stale update: %v", err)
		}
		if p, err = svc.RemoveItem(ctx, community, p.ID, p.Items[0].ID); err != nil || len(p.Items) != 0 {
			t.Fatalf("remove %+v, %v", p, err)
		}
		pub, err := svc.Public(ctx, registertest.CommA)
		if err != nil || len(pub) != 1 || pub[0].Staff[0].Phone != "13904140110" {
			t.Fatalf("public %+v, %v", pub, err)
		}
		if list, err := svc.List(ctx, other); err != nil || len(list) != 0 {
			t.Fatalf("other's list %+v, %v", list, err)
		}
		if list, err := svc.List(ctx, grid); err != nil || len(list) != 1 {
			t.Fatalf("grid worker reads %+v, %v", list, err)
		}
	})
}
