package party_test

import (
	"context"
	"strings"
	"testing"

	"civicgrid/internal/errs"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/party"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestOrganisationsAndMembers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		w := e.world(t)

		// The tree's rules; each refusal writes nothing.
		orgs := count(t, db, "party_orgs")
		for name, in := range map[string]party.OrgInput{
			"second top":          {CommunityCode: ordertest.Community1, Kind: party.OrgCommittee, Name: "东兴社区党委"},
			"group without grid":  {CommunityCode: ordertest.Community1, Kind: party.OrgGroup, ParentID: w.branch.ID, Name: "一网格党小组"},
			"grid of another":     {CommunityCode: ordertest.Community1, Kind: party.OrgGroup, ParentID: w.branch.ID, GridCode: ordertest.GridC, Name: "三网格党小组"},
			"branch under branch": {CommunityCode: ordertest.Community1, Kind: party.OrgBranch, ParentID: w.branch.ID, Name: "第二党支部"},
			"a street":            {CommunityCode: ordertest.Street1, Kind: party.OrgCommittee, Name: "街道党工委"},
			"bad kind":            {CommunityCode: ordertest.Community1, Kind: "cell", Name: "小组"},
		} {
			if _, err := e.svc.AddOrg(ctx, comm1, in); errs.KindOf(err) != errs.Invalid && errs.KindOf(err) != errs.Conflict {
				t.Errorf("%s: %v", name, err)
			}
		}
		if _, err := e.svc.AddOrg(ctx, comm3, party.OrgInput{CommunityCode: ordertest.Community1, Kind: party.OrgBranch, ParentID: w.top.ID, Name: "第三党支部"}); errs.KindOf(err) != errs.NotFound {
			t.Errorf("another community's staff: %v", err)
		}
		if _, err := e.svc.AddOrg(ctx, leader, party.OrgInput{CommunityCode: ordertest.Community1, Kind: party.OrgBranch, ParentID: w.top.ID, Name: "第三党支部"}); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a leader adding: %v", err)
		}
		if n := count(t, db, "party_orgs"); n != orgs {
			t.Fatalf("refusals wrote %d organisations", n-orgs)
		}
		group, err := e.svc.AddOrg(ctx, street1, party.OrgInput{CommunityCode: ordertest.Community1, Kind: party.OrgGroup, ParentID: w.branch.ID,
			GridCode: ordertest.GridA, Name: "一网格党小组"})
		if err != nil || group.GridCode != ordertest.GridA {
			t.Fatalf("grid group %+v, %v", group, err)
		}
		list := must(e.svc.Orgs(ctx, comm1, ""))(t)
		if len(list) != 3 || list[0].ID != w.top.ID || list[1].Members+list[2].Members != 1 {
			t.Errorf("organisations %+v", list)
		}
		if list := must(e.svc.Orgs(ctx, comm3, ""))(t); len(list) != 0 {
			t.Errorf("community 3 sees %d organisations of community 1", len(list))
		}

		// Members: sealed at rest, masked on screen, revealed with a purpose.
		if w.resident.Name != "王**" || w.resident.Phone == "13900001111" || !strings.Contains(w.resident.IDNumber, "*") {
			t.Errorf("masked member %+v", w.resident)
		}
		var raw string
		if err := db.QueryRowContext(ctx, `SELECT name_sealed || phone_sealed || idno_sealed FROM party_members WHERE id = ?`, w.resident.ID).Scan(&raw); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(raw, "王秀英") || strings.Contains(raw, "13900001111") || strings.Contains(raw, idNumber(1)) {
			t.Errorf("member stored in clear: %q", raw)
		}
		if _, err := e.svc.RevealMember(ctx, comm1, w.resident.ID, ""); errs.KindOf(err) != errs.Invalid {
			t.Errorf("reveal without a purpose: %v", err)
		}
		if _, err := e.svc.RevealMember(ctx, leader, w.resident.ID, "核对党员信息"); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a leader revealing: %v", err)
		}
		clear, err := e.svc.RevealMember(ctx, comm1, w.resident.ID, "联系党员参加组织生活")
		if err != nil || clear.Name != "王秀英" || clear.Phone != "13900001111" || clear.IDNumber != idNumber(1) {
			t.Fatalf("revealed %+v, %v", clear, err)
		}
		var audited int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'party.reveal' AND detail = '联系党员参加组织生活'`).Scan(&audited); err != nil || audited != 1 {
			t.Errorf("reveal audited %d times, %v", audited, err)
		}
		// Bad input: nothing written, clear errors.
		members := count(t, db, "party_members")
		for name, in := range map[string]party.MemberInput{
			"same ID number":       {Kind: party.MemberCommunity, CommunityCode: ordertest.Community1, OrgID: w.branch.ID, Name: "王秀英", IDNumber: idNumber(1)},
			"ID check digit":       {Kind: party.MemberCommunity, CommunityCode: ordertest.Community1, OrgID: w.branch.ID, Name: "李明", IDNumber: idNumber(3)[:17] + "0"},
			"outside the district": {Kind: party.MemberWorking, CommunityCode: "210521001001", UnitID: w.unit.ID, Name: "李明", IDNumber: idNumber(3)},
			"working without unit": {Kind: party.MemberWorking, CommunityCode: ordertest.Community1, Name: "李明", IDNumber: idNumber(3)},
			"org of another":       {Kind: party.MemberCommunity, CommunityCode: ordertest.Community2, OrgID: w.branch.ID, Name: "李明", IDNumber: idNumber(3)},
			"bad phone":            {Kind: party.MemberCommunity, CommunityCode: ordertest.Community1, OrgID: w.branch.ID, Name: "李明", Phone: "123", IDNumber: idNumber(3)},
		} {
			_, err := e.svc.AddMember(ctx, street1, in)
			if k := errs.KindOf(err); k != errs.Invalid && k != errs.Conflict {
				t.Errorf("%s: %v", name, err)
			}
			if name == "outside the district" && !strings.Contains(err.Error(), "不是本区的社区") {
				t.Errorf("outside the district says %v", err)
			}
		}
		if n := count(t, db, "party_members"); n != members {
			t.Fatalf("bad input wrote %d members", n-members)
		}
		// Scope: community 3 sees the working member (their unit is paired
		// with it) but not the community member; a grid worker nothing.
		seen := must(e.svc.Members(ctx, comm3, party.MemberFilter{}, 0, 0))(t)
		if len(seen) != 1 || seen[0].ID != w.working.ID {
			t.Errorf("community 3 sees %+v", seen)
		}
		if _, err := e.svc.GetMember(ctx, comm3, w.resident.ID); errs.KindOf(err) != errs.NotFound {
			t.Errorf("community 3 reading community 1's member: %v", err)
		}
		if _, err := e.svc.Members(ctx, gridUser, party.MemberFilter{}, 0, 0); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("grid worker listing members: %v", err)
		}
		if byName := must(e.svc.Members(ctx, street1, party.MemberFilter{Name: "赵建国"}, 0, 0))(t); len(byName) != 1 || byName[0].ID != w.working.ID {
			t.Errorf("search by name %+v", byName)
		}
	})
}

func TestDoubleReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		w := e.world(t)
		m := w.working
		if due := m.DueCommunities(); len(due) != 2 || due[0].Code != ordertest.Community1 || due[1].Code != ordertest.Community3 {
			t.Fatalf("due %+v", due)
		}
		// Refusals first; none writes.
		for name, c := range map[string]struct {
			a    party.Actor
			id   int64
			code string
			kind errs.Kind
		}{
			"outside the district":  {comm1, m.ID, "210521001001", errs.Invalid},
			"neither community":     {street1, m.ID, ordertest.Community2, errs.Invalid},
			"a community member":    {comm1, w.resident.ID, ordertest.Community1, errs.Invalid},
			"the other community's": {comm1, m.ID, ordertest.Community3, errs.Forbidden},
			"a leader":              {leader, m.ID, ordertest.Community1, errs.Forbidden},
		} {
			if _, err := e.svc.RecordReport(ctx, c.a, c.id, c.code); errs.KindOf(err) != c.kind {
				t.Errorf("%s: %v, want %s", name, err, c.kind)
			}
		}
		if n := count(t, db, "party_reports"); n != 0 {
			t.Fatalf("refusals wrote %d reports", n)
		}
		got, err := e.svc.RecordReport(ctx, comm1, m.ID, ordertest.Community1)
		if err != nil || len(got.Reports) != 1 || got.Reports[0].Kind != party.ReportResidence {
			t.Fatalf("residence report %+v, %v", got, err)
		}
		if _, err := e.svc.RecordReport(ctx, comm1, m.ID, ordertest.Community1); errs.KindOf(err) != errs.Conflict {
			t.Errorf("second residence report: %v", err)
		}
		meas := must(e.svc.Measures(ctx, admin, ordertest.Monday09.Add(-24*hour), ordertest.Monday09.Add(24*hour)))(t)
		if len(meas.Units) != 1 || meas.Units[0].Due != 2 || meas.Units[0].Reported != 1 {
			t.Errorf("unit after one report %+v", meas.Units)
		}
		if rate, ok := meas.Units[0].Rate(); !ok || rate != 50 {
			t.Errorf("unit 报到率 %v %v", rate, ok)
		}
		if _, err := e.svc.RecordReport(ctx, comm3, m.ID, ordertest.Community3); err != nil {
			t.Fatal(err)
		}
		meas = must(e.svc.Measures(ctx, admin, ordertest.Monday09.Add(-24*hour), ordertest.Monday09.Add(24*hour)))(t)
		byCode := map[string]party.Figures{}
		for _, f := range meas.Communities {
			byCode[f.Code] = f
		}
		if f := byCode[ordertest.Community1]; f.Due != 1 || f.Reported != 1 {
			t.Errorf("community 1 %+v", f)
		}
		if f := byCode[ordertest.Community3]; f.Due != 1 || f.Reported != 1 {
			t.Errorf("community 3 %+v", f)
		}
		if f := byCode[ordertest.Community2]; f.Due != 0 {
			t.Errorf("community 2 %+v", f)
		}
		if rate, _ := meas.Units[0].Rate(); rate != 100 {
			t.Errorf("unit 报到率 after both %v", rate)
		}
		// A community sees its own figures only.
		own := must(e.svc.Measures(ctx, comm3, ordertest.Monday09.Add(-24*hour), ordertest.Monday09.Add(24*hour)))(t)
		if len(own.Communities) != 1 || own.Communities[0].Code != ordertest.Community3 {
			t.Errorf("community 3's measures %+v", own.Communities)
		}
	})
}
