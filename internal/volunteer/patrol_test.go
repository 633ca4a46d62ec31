package volunteer_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/errs"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
	"civicgrid/internal/volunteer"
)

func TestVolunteerPatrol(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		patrolTeam, err := e.svc.CreateTeam(ctx, street, volunteer.TeamInput{RegionCode: ordertest.Street1, Name: "东兴街道平安志愿巡逻队", Kind: volunteer.TeamPatrol})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.CreateTeam(ctx, street, volunteer.TeamInput{RegionCode: ordertest.Street1, Name: "东兴街道平安志愿巡逻队", Kind: volunteer.TeamPatrol})
		want(t, "same team twice", err, errs.Conflict, "已有")
		_, err = e.svc.CreateTeam(ctx, community, volunteer.TeamInput{RegionCode: ordertest.Street1, Name: "越级队伍", Kind: volunteer.TeamPatrol})
		want(t, "community founding a street team", err, errs.NotFound, "")
		service, err := e.svc.CreateTeam(ctx, community, volunteer.TeamInput{RegionCode: ordertest.Community1, Name: "夕阳红助老服务队", Kind: volunteer.TeamService})
		if err != nil {
			t.Fatal(err)
		}
		// The community sees its street's team and its own.
		if ts, err := e.svc.Teams(ctx, community, ""); err != nil || len(ts) != 2 {
			t.Fatalf("community's teams %+v, %v", ts, err)
		}
		if ts, err := e.svc.Teams(ctx, other, ""); err != nil || len(ts) != 0 {
			t.Fatalf("other street's teams %+v, %v", ts, err)
		}
		a := e.register(t, community, ordertest.Community1, patrolTeam.ID, "马国强", "13800001001")
		b := e.register(t, community, ordertest.Community1, patrolTeam.ID, "刘德顺", "13800001002")
		c := e.register(t, community, ordertest.Community1, service.ID, "张桂英", "13800001003")
		e.now.Set(ordertest.Monday09.Add(12 * time.Hour)) // 21:00
		in := volunteer.PatrolInput{TeamID: patrolTeam.ID, CommunityCode: ordertest.Community1,
			StartedAt: ordertest.Monday09.Add(10 * time.Hour), EndedAt: ordertest.Monday09.Add(11*time.Hour + 30*time.Minute),
			Route:    []volunteer.Point{{Lng: 123.05, Lat: 41.05}, {Lng: 123.06, Lat: 41.05}, {Lng: 123.06, Lat: 41.06}},
			Note:     "夜间巡逻，重点查看背街小巷",
			Members:  []int64{a.ID, b.ID},
			Findings: []volunteer.FindingInput{{Text: "3号楼下路灯不亮", Lng: 123.055, Lat: 41.052}, {Text: "小区东门有人乱扔垃圾"}, {Text: "  "}}}
		for what, bad := range map[string]func(*volunteer.PatrolInput){
			"a service team's member": func(p *volunteer.PatrolInput) { p.Members = []int64{a.ID, c.ID} },
			"a service team":          func(p *volunteer.PatrolInput) { p.TeamID = service.ID },
			"no members":              func(p *volunteer.PatrolInput) { p.Members = nil },
			"in the future":           func(p *volunteer.PatrolInput) { p.EndedAt = ordertest.Monday09.Add(14 * time.Hour) },
			"a bad route":             func(p *volunteer.PatrolInput) { p.Route = []volunteer.Point{{Lng: 0, Lat: 0}} },
		} {
			p := in
			bad(&p)
			_, err := e.svc.RecordPatrol(ctx, gridUser, p)
			want(t, what, err, errs.Invalid, "—")
		}
		if n := count(t, db, "volunteer_patrols") + count(t, db, "volunteer_ledger"); n != 0 {
			t.Fatalf("%d rows written by bad patrols", n)
		}
		_, err = e.svc.RecordPatrol(ctx, operator, in)
		want(t, "operator", err, errs.Forbidden, "无权")
		p, err := e.svc.RecordPatrol(ctx, gridUser, in)
		if err != nil || p.Members != 2 || len(p.Findings) != 2 || len(p.Route) != 3 {
			t.Fatalf("patrol %+v, %v", p, err)
		}
		// Members are credited the patrol's 90 minutes.
		for _, id := range []int64{a.ID, b.ID} {
			v, err := e.svc.Get(ctx, community, id)
			if err != nil || v.Minutes != 90 || v.Points != 15 {
				t.Fatalf("member %d credited %+v, %v", id, v, err)
			}
		}
		// A finding becomes a patrol order in its grid, once.
		f, err := e.svc.FileFinding(ctx, gridUser, p.Findings[0].ID, "litter.exposed")
		if err != nil || f.OrderNumber == "" {
			t.Fatalf("file %+v, %v", f, err)
		}
		o, err := e.orders.Get(ctx, order.StaffActor(community.User, community.Scope, ""), f.OrderNumber)
		if err != nil || o.Channel != order.ChannelPatrol || o.GridCode != ordertest.GridA || !strings.Contains(o.Description, "路灯不亮") {
			t.Fatalf("order %+v, %v", o, err)
		}
		_, err = e.svc.FileFinding(ctx, gridUser, p.Findings[0].ID, "litter.exposed")
		want(t, "filed twice", err, errs.Conflict, "已转为工单")
		if _, err := e.svc.FileFinding(ctx, other, p.Findings[1].ID, "litter.exposed"); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("other community filing: %v", err)
		}
		// Reading: the leader sees it with the order; the other street nothing.
		ps, err := e.svc.Patrols(ctx, leader, "", 0, 0)
		if err != nil || len(ps) != 1 || ps[0].Findings[0].OrderNumber != f.OrderNumber {
			t.Fatalf("leader's patrols %+v, %v", ps, err)
		}
		if ps, err := e.svc.Patrols(ctx, other, "", 0, 0); err != nil || len(ps) != 0 {
			t.Fatalf("other's patrols %+v, %v", ps, err)
		}
	})
}
