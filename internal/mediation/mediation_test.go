package mediation_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/errs"
	"civicgrid/internal/mediation"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestCaseLifecycleScopeAndSealedParties(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		c, err := e.svc.Open(ctx, community, mediation.Input{CommunityCode: ordertest.Community1, DisputeType: "邻里纠纷",
			Summary: "两户因楼道堆物发生争执", Mediator: "李调解", Parties: []mediation.PartyInput{
				{Side: "applicant", Name: "张三丰", Phone: "13812345678"}, {Side: "被申请人", Name: "王五"}}})
		if err != nil {
			t.Fatal(err)
		}
		if c.Level != mediation.LevelCommunity || c.Status != mediation.StatusOpen || c.StreetCode != ordertest.Street1 ||
			!c.DueAt.Equal(c.OpenedAt.Add(mediation.Term)) || len(c.Parties) != 2 {
			t.Fatalf("case %+v", c)
		}
		if p := c.Parties[0]; p.Name == "张三丰" || p.Revealed || !strings.HasPrefix(p.Name, "张") || strings.Contains(p.Phone, "1234") {
			t.Fatalf("party not masked: %+v", p)
		}
		// Nothing is stored in clear.
		var sealed string
		if err := db.QueryRowContext(ctx, `SELECT name_sealed FROM mediation_parties WHERE case_id = ? ORDER BY id LIMIT 1`, c.ID).Scan(&sealed); err != nil || strings.Contains(sealed, "张") {
			t.Fatalf("sealed name %q, %v", sealed, err)
		}
		// Reveal needs a purpose and is audited.
		if _, err := e.svc.Reveal(ctx, community, c.ID, ""); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("reveal without purpose: %v", err)
		}
		r, err := e.svc.Reveal(ctx, community, c.ID, "电话通知当事人参加调解")
		if err != nil || r.Parties[0].Name != "张三丰" || r.Parties[0].Phone != "13812345678" {
			t.Fatalf("reveal %+v, %v", r.Parties, err)
		}
		var audited int
		db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'mediation.reveal'`).Scan(&audited)
		if audited != 1 {
			t.Fatalf("reveals audited: %d", audited)
		}

		// Scope: another community and a grid worker see nothing; the
		// leader reads but works nothing; the street reads.
		if _, err := e.svc.Get(ctx, other, c.ID); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("other community: %v", err)
		}
		if _, err := e.svc.Get(ctx, gridUser, c.ID); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("grid worker: %v", err)
		}
		if got, err := e.svc.Get(ctx, leader, c.ID); err != nil || len(mediation.Actions(leader, got)) != 0 {
			t.Fatalf("leader: %v, %v", mediation.Actions(leader, got), err)
		}
		if list, err := e.svc.List(ctx, other, mediation.Filter{}, 0, 0); err != nil || len(list) != 0 {
			t.Fatalf("other's list %v, %v", list, err)
		}
		if list, err := e.svc.List(ctx, street, mediation.Filter{Status: "调解中"}, 0, 0); err != nil || len(list) != 1 {
			t.Fatalf("street's list %v, %v", list, err)
		}
		if got := mediation.Actions(community, c); !slices.Equal(got, []string{"party", "session", "escalate", "close", "reveal"}) {
			t.Fatalf("community's actions %v", got)
		}
		if got := mediation.Actions(street, c); !slices.Equal(got, []string{"reveal"}) {
			t.Fatalf("street's actions on a community case %v", got)
		}

		// A sitting, then bad closes change nothing.
		e.now.Advance(48 * time.Hour)
		if c, err = e.svc.AddSession(ctx, community, c.ID, mediation.SessionInput{Place: "社区调解室", Note: "双方陈述意见，约定三日后再谈"}); err != nil || len(c.Sessions) != 1 || c.Sessions[0].Mediator != "李调解" {
			t.Fatalf("session %+v, %v", c.Sessions, err)
		}
		if _, err := e.svc.AddSession(ctx, community, c.ID, mediation.SessionInput{HeldAt: e.now.Now().Add(48 * time.Hour), Note: "未来的调解"}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("future sitting: %v", err)
		}
		for _, bad := range []mediation.CloseInput{{}, {Outcome: "maybe", Note: "不知道"}, {Outcome: "调解成功"}, {Outcome: "failed"}} {
			if _, err := e.svc.Close(ctx, community, c.ID, c.Version, bad); errs.KindOf(err) != errs.Invalid {
				t.Fatalf("close %+v: %v", bad, err)
			}
		}
		if _, err := e.svc.Close(ctx, street, c.ID, c.Version, mediation.CloseInput{Outcome: "failed", Note: "街道越级结案"}); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("street closing a community case: %v", err)
		}
		if _, err := e.svc.Close(ctx, community, c.ID, c.Version+1, mediation.CloseInput{Outcome: "failed", Note: "双方各执一词"}); errs.KindOf(err) != errs.Stale {
			t.Fatalf("stale close: %v", err)
		}
		if got, _ := e.svc.Get(ctx, community, c.ID); got.Status != mediation.StatusOpen || got.Version != c.Version {
			t.Fatalf("bad closes changed the case: %+v", got)
		}

		// 小事不出社区，大事不出街道: the community escalates, the street settles.
		if c, err = e.svc.Escalate(ctx, community, c.ID, c.Version, "双方分歧大，社区调解未果"); err != nil || c.Level != mediation.LevelStreet ||
			!c.DueAt.Equal(e.now.Now().Add(mediation.Term)) {
			t.Fatalf("escalate %+v, %v", c, err)
		}
		if _, err := e.svc.Escalate(ctx, street, c.ID, c.Version, "再往上交"); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("street escalating: %v", err)
		}
		if _, err := e.svc.AddSession(ctx, community, c.ID, mediation.SessionInput{Note: "社区继续调解"}); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("community working a street case: %v", err)
		}
		e.now.Advance(24 * time.Hour)
		done, err := e.svc.Close(ctx, street, c.ID, c.Version, mediation.CloseInput{Outcome: "success", Agreement: "王五三日内清理楼道堆物，双方互不追究"})
		if err != nil || done.Case.Status != mediation.StatusClosed || done.Case.Outcome != mediation.OutcomeSuccess || done.OrderStep != "" {
			t.Fatalf("close %+v, %v", done, err)
		}
		if _, err := e.svc.AddParty(ctx, street, c.ID, mediation.PartyInput{Side: "other", Name: "赵六"}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("party on a closed case: %v", err)
		}
	})
}

func TestCaseFromOrderResolvesTheOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		streetOrders := order.StaffActor(street.User, street.Scope, "ip")

		// Not a dispute: refused, nothing written.
		light := e.file(t, "streetlight.out")
		if _, err := e.svc.OpenFromOrder(ctx, community, light.Number, mediation.Input{}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("streetlight order: %v", err)
		}
		if _, err := e.svc.OpenFromOrder(ctx, other, light.Number, mediation.Input{}); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("order out of scope: %v", err)
		}
		if n := count(t, db, "mediation_cases"); n != 0 {
			t.Fatalf("%d cases", n)
		}

		// A 物业纠纷 order goes to the street, which signs it.
		o := e.file(t, "property.dispute")
		o, err := e.orders.Sign(ctx, streetOrders, o.Number, o.Version)
		if err != nil {
			t.Fatal(err)
		}
		c, err := e.svc.OpenFromOrder(ctx, community, o.Number, mediation.Input{Parties: []mediation.PartyInput{{Side: "applicant", Name: "刘一"}}})
		if err != nil || c.OrderNumber != o.Number || c.DisputeType != "property" || c.CommunityCode != ordertest.Community1 || !strings.Contains(c.Summary, "漏水") {
			t.Fatalf("case from order %+v, %v", c, err)
		}
		if _, err := e.svc.OpenFromOrder(ctx, community, o.Number, mediation.Input{}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("second case for one order: %v", err)
		}
		if c, err = e.svc.Escalate(ctx, community, c.ID, 0, "物业公司拒不到场"); err != nil {
			t.Fatal(err)
		}
		done, err := e.svc.Close(ctx, street, c.ID, c.Version, mediation.CloseInput{Outcome: "调解成功", Agreement: "物业公司十日内维修防水层"})
		if err != nil || done.OrderStep != mediation.OrderResolved {
			t.Fatalf("close %+v, %v", done, err)
		}
		got, err := e.orders.Get(ctx, streetOrders, o.Number)
		if err != nil || got.Status != order.StatusResolved {
			t.Fatalf("order after the case closed: %v, %v", got.Status, err)
		}
		tl, err := e.orders.Timeline(ctx, streetOrders, o.Number)
		if err != nil {
			t.Fatal(err)
		}
		var steps []string
		for _, ev := range tl {
			steps = append(steps, string(ev.Action))
		}
		for _, want := range []string{"mediation_opened", "mediation_escalated", "mediation_closed", "resolve"} {
			if !slices.Contains(steps, want) {
				t.Fatalf("timeline %v lacks %s", steps, want)
			}
		}
	})
}

func TestMeasuresFromCases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		from := e.now.Now()
		open := func() mediation.Case {
			c, err := e.svc.Open(ctx, community, mediation.Input{CommunityCode: ordertest.Community1, DisputeType: "family", Summary: "赡养老人费用分担"})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		// Three cases closed after 2, 4 and 6 days (two settled, one not),
		// one left open past its term.
		a, b, c, d := open(), open(), open(), open()
		e.now.Advance(48 * time.Hour)
		if _, err := e.svc.Close(ctx, community, a.ID, 0, mediation.CloseInput{Outcome: "success", Agreement: "子女按月分担赡养费"}); err != nil {
			t.Fatal(err)
		}
		e.now.Advance(48 * time.Hour)
		if _, err := e.svc.Close(ctx, community, b.ID, 0, mediation.CloseInput{Outcome: "success", Agreement: "轮流照料老人"}); err != nil {
			t.Fatal(err)
		}
		e.now.Advance(48 * time.Hour)
		if _, err := e.svc.Close(ctx, community, c.ID, 0, mediation.CloseInput{Outcome: "litigation", Note: "当事人起诉至法院"}); err != nil {
			t.Fatal(err)
		}
		_ = d
		e.now.Advance(30 * 24 * time.Hour)
		m, err := e.svc.Measure(ctx, leader, "", from, e.now.Now())
		if err != nil {
			t.Fatal(err)
		}
		want := mediation.Measures{Received: 4, Concluded: 3, Success: 2, Litigation: 1, Open: 1, Overdue: 1, SuccessRate: 2.0 / 3, MeanDays: 4}
		if m != want {
			t.Fatalf("measures %+v, want %+v", m, want)
		}
		if m, err := e.svc.Measure(ctx, other, "", from, e.now.Now()); err != nil || m.Received != 0 {
			t.Fatalf("another community's measures %+v, %v", m, err)
		}
		if _, err := e.svc.Measure(ctx, gridUser, "", from, e.now.Now()); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("grid worker's measures: %v", err)
		}
	})
}
