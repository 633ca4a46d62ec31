package party_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/errs"
	"civicgrid/internal/imagemeta/imagemetatest"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/party"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
	"civicgrid/internal/wish"
)

// TestMemberClaimsWish: a member claims a 微心愿 as themselves; the
// fulfilment credits their hours once; one who has not reported may not.
func TestMemberClaimsWish(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		w := e.world(t)
		wishes, err := wish.New(wish.Config{DB: db, Keys: e.keys, Now: e.now.Now, Members: e.svc})
		if err != nil {
			t.Fatal(err)
		}
		u := auth.User{ID: 10, Username: "c1", Role: auth.RoleCommunity, NodeCode: ordertest.Community1}
		staff := wish.Actor{User: u, Scope: auth.ScopeOf(u, "")}
		post := func() wish.Wish {
			x := must(wishes.Post(ctx, staff, wish.PostInput{CommunityCode: ordertest.Community1, Title: "一台收音机", Beneficiary: "独居老人", Name: "刘桂芝"}))(t)
			return must(wishes.Review(ctx, staff, x.ID, 0, true, ""))(t)
		}
		radio := post()
		if _, err := wishes.Claim(ctx, staff, radio.ID, wish.ClaimInput{Kind: "member", MemberID: w.working.ID}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("claim before 报到: %v", err)
		}
		if _, err := wishes.Claim(ctx, staff, radio.ID, wish.ClaimInput{Kind: "volunteer", MemberID: w.resident.ID}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("member reference as a volunteer: %v", err)
		}
		if got := must(wishes.Get(ctx, staff, radio.ID))(t); got.Status != wish.StatusApproved {
			t.Fatalf("refused claims changed the wish: %s", got.Status)
		}
		got, err := wishes.Claim(ctx, staff, radio.ID, wish.ClaimInput{Kind: "member", MemberID: w.resident.ID})
		if err != nil || got.ClaimantMemberID != w.resident.ID || got.ClaimantName != "王**" {
			t.Fatalf("member claim %+v, %v", got, err)
		}
		if _, err := wishes.Claim(ctx, staff, radio.ID, wish.ClaimInput{Kind: "member", MemberID: w.resident.ID}); !errs.Is(err, errs.Conflict) {
			t.Errorf("a wish claimed twice: %v", err)
		}
		photo := imagemetatest.PhoneJPEG(imagemetatest.Halves(64, 48), 1)
		must(wishes.Fulfil(ctx, staff, radio.ID, 0, "已送到老人家中并教会使用", photo))(t)
		if m := must(e.svc.GetMember(ctx, comm1, w.resident.ID))(t); m.Minutes != party.WishMinutes {
			t.Errorf("member credited %d minutes for a wish", m.Minutes)
		}
		// Without the register a member reference is refused plainly.
		bare, _ := wish.New(wish.Config{DB: db, Keys: e.keys, Now: e.now.Now})
		shoes := post()
		if _, err := bare.Claim(ctx, staff, shoes.ID, wish.ClaimInput{Kind: "member", MemberID: w.resident.ID}); errs.KindOf(err) != errs.Invalid {
			t.Errorf("member claim without a register: %v", err)
		}
	})
}

func TestPairsCadresAndReceptions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		w := e.world(t)
		hh := e.household(t)

		// 结对联系.
		if _, err := e.svc.PairMember(ctx, comm1, w.working.ID, hh); errs.KindOf(err) != errs.Invalid {
			t.Errorf("pairing a member who has not reported: %v", err)
		}
		if _, err := e.svc.PairMember(ctx, comm3, w.working.ID, hh); errs.KindOf(err) != errs.NotFound {
			t.Errorf("another community pairing: %v", err)
		}
		pair := must(e.svc.PairMember(ctx, comm1, w.resident.ID, hh))(t)
		if _, err := e.svc.PairMember(ctx, comm1, w.resident.ID, hh); errs.KindOf(err) != errs.Conflict {
			t.Errorf("paired twice: %v", err)
		}
		if _, err := e.svc.LogVisit(ctx, comm1, pair.ID, party.VisitInput{Note: "好"}); errs.KindOf(err) != errs.Invalid {
			t.Errorf("a visit without a note: %v", err)
		}
		if _, err := e.svc.LogVisit(ctx, comm1, pair.ID, party.VisitInput{Note: "了解老人近况", VisitedAt: ordertest.Monday09.Add(2 * hour)}); errs.KindOf(err) != errs.Invalid {
			t.Errorf("a visit in the future: %v", err)
		}
		must(e.svc.LogVisit(ctx, comm1, pair.ID, party.VisitInput{Note: "了解老人近况，帮助预约体检", Lat: 41.05, Lng: 123.05}))(t)
		var box string
		if err := db.QueryRowContext(ctx, `SELECT note_sealed FROM party_visits`).Scan(&box); err != nil || strings.Contains(box, "体检") {
			t.Errorf("visit note stored in clear: %q %v", box, err)
		}
		visits := must(e.svc.Visits(ctx, comm1, pair.ID))(t)
		if len(visits) != 1 || visits[0].Note != "了解老人近况，帮助预约体检" || !visits[0].HasPoint {
			t.Errorf("visits %+v", visits)
		}
		if ps := must(e.svc.Pairs(ctx, street1, ""))(t); len(ps) != 1 || ps[0].Visits != 1 || ps[0].LastVisitAt.IsZero() {
			t.Errorf("pairs %+v", ps)
		}

		// 干部下沉: the working member is a cadre of the unit.
		if _, err := e.svc.AssignCadre(ctx, comm1, party.CadreInput{MemberID: w.working.ID, CommunityCode: ordertest.Community1, Post: "第一书记", StartsOn: "2026-09-01", EndsOn: "2027-08-31"}); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a community assigning cadres: %v", err)
		}
		if _, err := e.svc.AssignCadre(ctx, admin, party.CadreInput{MemberID: w.resident.ID, CommunityCode: ordertest.Community1, Post: "第一书记", StartsOn: "2026-09-01", EndsOn: "2027-08-31"}); errs.KindOf(err) != errs.Invalid {
			t.Errorf("a community member as cadre: %v", err)
		}
		cadre := must(e.svc.AssignCadre(ctx, street1, party.CadreInput{MemberID: w.working.ID, CommunityCode: ordertest.Community1, Post: "挂职副书记", StartsOn: "2026-09-01", EndsOn: "2027-08-31"}))(t)
		if _, err := e.svc.AddDuty(ctx, comm1, cadre.ID, party.Duty{Day: "2028-01-05", Slot: "am"}); errs.KindOf(err) != errs.Invalid {
			t.Errorf("duty outside the term: %v", err)
		}
		must(e.svc.AddDuty(ctx, comm1, cadre.ID, party.Duty{Day: "2026-11-25", Slot: "上午", Place: "党群服务中心"}))(t)
		if _, err := e.svc.AddDuty(ctx, comm1, cadre.ID, party.Duty{Day: "2026-11-25", Slot: "am"}); errs.KindOf(err) != errs.Conflict {
			t.Errorf("the same duty twice: %v", err)
		}
		got := must(e.svc.RecordService(ctx, comm1, cadre.ID, party.ServiceInput{ServedAt: ordertest.Monday09.Add(-hour), Minutes: 120, Summary: "协调解决小区路灯维修"}))(t)
		if got.Minutes != 120 || got.Services != 1 || len(got.Duties) != 1 || got.UnitName != "明山区财政局" {
			t.Errorf("cadre %+v", got)
		}
		meas := must(e.svc.Measures(ctx, admin, ordertest.Monday09.Add(-24*hour), ordertest.Monday09.Add(24*hour)))(t)
		if meas.Units[0].Minutes != 120 {
			t.Errorf("unit hours from the cadre's service %+v", meas.Units[0])
		}

		// 党代表接待日: a matter becomes a work order in one step, once.
		rec := must(e.svc.ScheduleReception(ctx, comm1, party.ReceptionInput{CommunityCode: ordertest.Community1, StartsAt: ordertest.Monday09.Add(-30 * time.Minute),
			Place: "社区党群服务中心", Deputies: "区党代表 张明、刘芳"}))(t)
		later := must(e.svc.ScheduleReception(ctx, comm1, party.ReceptionInput{CommunityCode: ordertest.Community1, StartsAt: ordertest.Monday09.Add(7 * 24 * hour),
			Place: "社区党群服务中心", Deputies: "区党代表 张明"}))(t)
		if _, err := e.svc.RecordMatter(ctx, comm1, later.ID, party.MatterInput{Name: "周大爷", Matter: "楼道灯坏了"}); errs.KindOf(err) != errs.Invalid {
			t.Errorf("a matter before the day: %v", err)
		}
		rec = must(e.svc.RecordMatter(ctx, comm1, rec.ID, party.MatterInput{Name: "周振华", Phone: "13612345678", Matter: "3号楼楼道灯坏了半个月，晚上老人上下楼不安全"}))(t)
		if len(rec.Matters) != 1 || rec.Matters[0].VisitorName != "周**" {
			t.Fatalf("matters %+v", rec.Matters)
		}
		matter := rec.Matters[0]
		if _, err := e.svc.FileMatter(ctx, street1, matter.ID, "streetlight.out", ""); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a street filing: %v", err)
		}
		if _, err := e.svc.FileMatter(ctx, comm1, matter.ID, "no.such.category", ""); errs.KindOf(err) != errs.Invalid {
			t.Errorf("unknown category: %v", err)
		}
		if rec := must(e.svc.GetReception(ctx, comm1, rec.ID))(t); rec.Matters[0].OrderNumber != "" {
			t.Fatalf("a failed filing linked %s", rec.Matters[0].OrderNumber)
		}
		o, err := e.svc.FileMatter(ctx, comm1, matter.ID, "streetlight.out", "")
		if err != nil || o.Number == "" || o.CommunityCode != ordertest.Community1 {
			t.Fatalf("filed %+v, %v", o, err)
		}
		if _, err := e.svc.FileMatter(ctx, comm1, matter.ID, "streetlight.out", ""); errs.KindOf(err) != errs.Conflict {
			t.Errorf("filed twice: %v", err)
		}
		if rec := must(e.svc.GetReception(ctx, street1, rec.ID))(t); rec.Matters[0].OrderNumber != o.Number {
			t.Errorf("matter links %q, want %s", rec.Matters[0].OrderNumber, o.Number)
		}
		if _, err := e.svc.GetReception(ctx, comm3, rec.ID); errs.KindOf(err) != errs.NotFound {
			t.Errorf("another community reading the reception: %v", err)
		}
	})
}
