package volunteer_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"civicgrid/internal/errs"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
	"civicgrid/internal/volunteer"
)

// The activity's place: in grid A of the fake locator.
const lng0, lat0 = 123.05, 41.05

func TestVolunteerRegister(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		// Bad input writes nothing.
		for _, in := range []volunteer.RegisterInput{
			{CommunityCode: ordertest.Community1, Name: "王秀兰", Phone: "12345"},
			{CommunityCode: ordertest.Community1, Name: "王", Phone: "13900001111"},
			{CommunityCode: ordertest.Community1, Name: "王秀兰", Phone: "13900001111", Skills: []string{"飞行"}},
			{CommunityCode: ordertest.Street1, Name: "王秀兰", Phone: "13900001111"},
		} {
			_, err := e.svc.Register(ctx, community, in)
			want(t, "bad registration", err, errs.Invalid, "—")
		}
		_, err := e.svc.Register(ctx, operator, volunteer.RegisterInput{CommunityCode: ordertest.Community1, Name: "王秀兰", Phone: "13900001111"})
		want(t, "operator registering", err, errs.Forbidden, "无权")
		_, err = e.svc.Register(ctx, community, volunteer.RegisterInput{CommunityCode: ordertest.Community3, Name: "王秀兰", Phone: "13900001111"})
		want(t, "another community", err, errs.NotFound, "")
		if n := count(t, db, "volunteers"); n != 0 {
			t.Fatalf("%d volunteers written by bad input", n)
		}
		v, err := e.svc.Register(ctx, community, volunteer.RegisterInput{CommunityCode: ordertest.Community1, Name: "王秀兰", Phone: "139 0000 1111",
			Skills: []string{"助老服务", "medical"}, Availability: []string{"weekend"}})
		if err != nil || v.Name != "王**" || v.Phone == "13900001111" || len(v.Skills) != 2 || v.Skills[0] != "elder" {
			t.Fatalf("registered %+v, %v", v, err)
		}
		_, err = e.svc.Register(ctx, street, volunteer.RegisterInput{CommunityCode: ordertest.Community1, Name: "王建国", Phone: "13900001111"})
		want(t, "same phone twice", err, errs.Conflict, "已注册")
		// Scope: the other community does not see them; a grid worker of
		// the community does (patrols), masked; reveal is audited.
		if _, err := e.svc.Get(ctx, other, v.ID); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("other community reading: %v", err)
		}
		if got, err := e.svc.Get(ctx, gridUser, v.ID); err != nil || got.Name != "王**" {
			t.Fatalf("grid worker reading %+v, %v", got, err)
		}
		if _, _, err := e.svc.Reveal(ctx, gridUser, v.ID, "联系参加活动"); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("grid worker revealing: %v", err)
		}
		got, card, err := e.svc.Reveal(ctx, community, v.ID, "联系参加活动")
		if err != nil || got.Name != "王秀兰" || got.Phone != "13900001111" || card == "" {
			t.Fatalf("reveal %+v %q, %v", got, card, err)
		}
		var audited int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'volunteer.reveal'`).Scan(&audited); err != nil || audited != 1 {
			t.Fatalf("reveal audited %d times, %v", audited, err)
		}
		// The card opens their own page; a forged one opens nothing.
		if me, err := e.svc.Me(ctx, card); err != nil || me.ID != v.ID {
			t.Fatalf("me %+v, %v", me, err)
		}
		for _, bad := range []string{"", "1", "1-00000000000000000000", card + "0", "2" + card[1:]} {
			if _, err := e.svc.Me(ctx, bad); errs.KindOf(err) != errs.NotFound {
				t.Fatalf("forged card %q: %v", bad, err)
			}
		}
		// Leaving: a reason; the card then opens nothing; the count drops.
		_, err = e.svc.Leave(ctx, community, v.ID, "")
		want(t, "leave without a reason", err, errs.Invalid, "事由")
		_, err = e.svc.Leave(ctx, gridUser, v.ID, "搬离本社区")
		want(t, "grid worker", err, errs.Forbidden, "无权")
		if got, err := e.svc.Leave(ctx, community, v.ID, "搬离本社区"); err != nil || got.Status != volunteer.StatusLeft {
			t.Fatalf("leave %+v, %v", got, err)
		}
		_, err = e.svc.Leave(ctx, community, v.ID, "搬离本社区")
		want(t, "leave twice", err, errs.Conflict, "已退出")
		if _, err := e.svc.Me(ctx, card); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("a card after leaving: %v", err)
		}
		if n, err := e.svc.Count(ctx, community, ""); err != nil || n != 0 {
			t.Fatalf("count after leaving %d, %v", n, err)
		}
	})
}

func TestVolunteerListPaged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		for i, n := range []string{"赵一鸣", "钱二妹", "孙三强", "李四海", "周五福"} {
			e.register(t, community, ordertest.Community1, 0, n, "1390000100"+string(rune('0'+i)))
		}
		e.register(t, other, ordertest.Community3, 0, "吴六顺", "13900002000")
		var seen []int64
		after := int64(0)
		for page := 0; ; page++ {
			vs, next, err := e.svc.List(ctx, street, volunteer.Filter{After: after, Limit: 2})
			if err != nil || page > 3 {
				t.Fatalf("page %d: %v", page, err)
			}
			for _, v := range vs {
				seen = append(seen, v.ID)
			}
			if next == 0 {
				break
			}
			after = next
		}
		if len(seen) != 5 {
			t.Fatalf("paged through %v, want the street's 5", seen)
		}
		if vs, _, err := e.svc.List(ctx, leader, volunteer.Filter{Phone: "13900001002"}); err != nil || len(vs) != 1 || vs[0].Name != "孙**" {
			t.Fatalf("by phone %+v, %v", vs, err)
		}
		if vs, _, err := e.svc.List(ctx, leader, volunteer.Filter{Name: "吴六顺"}); err != nil || len(vs) != 1 {
			t.Fatalf("by name %+v, %v", vs, err)
		}
		if vs, _, err := e.svc.List(ctx, other, volunteer.Filter{Skill: "elder"}); err != nil || len(vs) != 1 {
			t.Fatalf("other community by skill %+v, %v", vs, err)
		}
		if _, _, err := e.svc.List(ctx, operator, volunteer.Filter{}); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("operator listing: %v", err)
		}
		if n, err := e.svc.Count(ctx, leader, ""); err != nil || n != 6 {
			t.Fatalf("count %d, %v", n, err)
		}
	})
}

func TestVolunteerActivityCheckIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		day := ordertest.Monday09.Truncate(24 * time.Hour)
		_ = day
		start := ordertest.Monday09.Add(5 * time.Hour) // 14:00
		end := start.Add(2 * time.Hour)
		good := volunteer.ActivityInput{CommunityCode: ordertest.Community1, Title: "敬老院陪伴", Place: "明山区敬老院", Lng: lng0, Lat: lat0,
			RadiusM: 200, StartsAt: start, EndsAt: end, Capacity: 3}
		for _, bad := range []func(*volunteer.ActivityInput){
			func(in *volunteer.ActivityInput) { in.RadiusM = 5 },
			func(in *volunteer.ActivityInput) { in.EndsAt = in.StartsAt.Add(-time.Hour) },
			func(in *volunteer.ActivityInput) { in.Capacity = 0 },
			func(in *volunteer.ActivityInput) { in.Lng, in.Lat = 0, 0 },
			func(in *volunteer.ActivityInput) { in.Title = "" },
		} {
			in := good
			bad(&in)
			_, err := e.svc.Publish(ctx, community, in)
			want(t, "bad activity", err, errs.Invalid, "—")
		}
		if n := count(t, db, "volunteer_activities"); n != 0 {
			t.Fatalf("%d activities written by bad input", n)
		}
		x, err := e.svc.Publish(ctx, community, good)
		if err != nil || x.Left() != 3 {
			t.Fatalf("publish %+v, %v", x, err)
		}
		if _, err := e.svc.Activity(ctx, other, x.ID); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("other community: %v", err)
		}
		cards := make([]string, 4)
		for i, n := range []string{"赵一鸣", "钱二妹", "孙三强", "李四海"} {
			v := e.register(t, community, ordertest.Community1, 0, n, "1390000100"+string(rune('0'+i)))
			_, cards[i], _ = e.svc.Reveal(ctx, community, v.ID, "发放志愿者证")
		}
		me := func(i int) volunteer.Self { return volunteer.Self{Card: cards[i], IP: "10.0.0.1"} }

		// Sign-up: once each, never past the capacity.
		for i := range 3 {
			if _, err := e.svc.SignUp(ctx, me(i), x.ID); err != nil {
				t.Fatalf("sign-up %d: %v", i, err)
			}
		}
		_, err = e.svc.SignUp(ctx, me(0), x.ID)
		want(t, "double sign-up", err, errs.Conflict, "已报名")
		_, err = e.svc.SignUp(ctx, me(3), x.ID)
		want(t, "full", err, errs.Conflict, "名额已满")
		_, err = e.svc.SignUp(ctx, volunteer.Self{Card: "9-abc"}, x.ID)
		want(t, "forged card", err, errs.NotFound, "")
		up, err := e.svc.Upcoming(ctx, ordertest.Community1, 0, 0)
		if err != nil || len(up) != 1 || up[0].Left() != 0 {
			t.Fatalf("upcoming %+v, %v", up, err)
		}

		// Check-in opens 30 minutes before the start.
		_, err = e.svc.CheckInGPS(ctx, me(0), x.ID, lng0, lat0)
		want(t, "too early", err, errs.Invalid, "还未到签到时间")
		_, _, err = e.svc.CheckInCode(ctx, community, x.ID)
		want(t, "code too early", err, errs.Invalid, "签到时间")
		e.now.Set(start.Add(-15 * time.Minute))
		// GPS: inside the radius only.
		_, err = e.svc.CheckInGPS(ctx, me(0), x.ID, lng0+0.012, lat0)
		want(t, "too far", err, errs.Invalid, "超出200米签到范围")
		if n := count(t, db, "volunteer_signups WHERE checkin_at > 0"); n != 0 {
			t.Fatalf("a refused check-in wrote %d", n)
		}
		su, err := e.svc.CheckInGPS(ctx, me(0), x.ID, lng0+0.001, lat0+0.001)
		if err != nil || su.CheckInMethod != volunteer.MethodGPS {
			t.Fatalf("gps check-in %+v, %v", su, err)
		}
		_, err = e.svc.CheckInGPS(ctx, me(0), x.ID, lng0, lat0)
		want(t, "twice", err, errs.Conflict, "已于")
		// QR: the organiser's code, while fresh; a forged one never.
		if _, _, err := e.svc.CheckInCode(ctx, other, x.ID); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("other community's code: %v", err)
		}
		code, _, err := e.svc.CheckInCode(ctx, community, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		if su, err := e.svc.CheckInQR(ctx, me(1), code); err != nil || su.CheckInMethod != volunteer.MethodQR {
			t.Fatalf("qr check-in %+v, %v", su, err)
		}
		_, err = e.svc.CheckInQR(ctx, me(2), code[:len(code)-1]+"0")
		want(t, "forged code", err, errs.Invalid, "不是签到二维码")
		e.now.Advance(volunteer.QRTTL + time.Second)
		_, err = e.svc.CheckInQR(ctx, me(2), code)
		want(t, "expired code", err, errs.Invalid, "已过期")
		_, err = e.svc.CheckInQR(ctx, me(3), mustCode(t, e, x.ID))
		want(t, "not signed up", err, errs.Invalid, "未报名")

		// Check-out credits hours from the start (not the early check-in).
		e.now.Set(start.Add(105 * time.Minute))
		out, err := e.svc.CheckOut(ctx, me(0), x.ID)
		if err != nil || out.Minutes != 105 {
			t.Fatalf("check-out %+v, %v", out, err)
		}
		_, err = e.svc.CheckOut(ctx, me(2), x.ID)
		want(t, "check-out without check-in", err, errs.Invalid, "还没有签到")
		_, err = e.svc.Confirm(ctx, community, x.ID)
		want(t, "confirm before the end", err, errs.Conflict, "尚未结束")
		// After the end: nobody checks in; the organiser confirms the rest.
		e.now.Set(end.Add(30 * time.Minute))
		_, err = e.svc.CheckInGPS(ctx, me(2), x.ID, lng0, lat0)
		want(t, "after the end", err, errs.Invalid, "结束")
		if n, err := e.svc.Confirm(ctx, community, x.ID); err != nil || n != 1 {
			t.Fatalf("confirmed %d, %v", n, err)
		}
		if n, err := e.svc.Confirm(ctx, community, x.ID); err != nil || n != 0 {
			t.Fatalf("confirmed again %d, %v", n, err)
		}
		_, err = e.svc.CheckOut(ctx, me(1), x.ID)
		want(t, "check-out after confirmation", err, errs.Conflict, "已于")

		// The ledgers: totals are sums; 10 积分 an hour.
		totals := func(i int) (int64, int64) {
			v, err := e.svc.Me(ctx, cards[i])
			if err != nil {
				t.Fatal(err)
			}
			return v.Minutes, v.Points
		}
		for i, w := range [][2]int64{{105, 17}, {120, 20}, {0, 0}} {
			if m, p := totals(i); m != w[0] || p != w[1] {
				t.Fatalf("volunteer %d: %d minutes %d points, want %v", i, m, p, w)
			}
		}
		v0, _ := e.svc.Me(ctx, cards[0])
		_, err = e.svc.Adjust(ctx, community, v0.ID, volunteer.KindPoints, -30, "兑换洗衣液")
		want(t, "redeem past zero", err, errs.Conflict, "余额不足")
		_, err = e.svc.Adjust(ctx, gridUser, v0.ID, volunteer.KindPoints, -10, "兑换洗衣液")
		want(t, "grid worker adjusting", err, errs.Forbidden, "无权")
		if v, err := e.svc.Adjust(ctx, community, v0.ID, volunteer.KindPoints, -10, "兑换洗衣液"); err != nil || v.Points != 7 {
			t.Fatalf("redeem %+v, %v", v, err)
		}
		lines, err := e.svc.MyLines(ctx, cards[0], "", 0, 0)
		if err != nil || len(lines) != 3 || lines[0].Amount != -10 {
			t.Fatalf("lines %+v, %v", lines, err)
		}
		sus, xs, err := e.svc.MySignups(ctx, cards[0], 0)
		if err != nil || len(sus) != 1 || xs[0].ID != x.ID || sus[0].Minutes != 105 {
			t.Fatalf("my sign-ups %+v, %v", sus, err)
		}
		if sum, err := e.svc.Summarise(ctx, street); err != nil || sum.Volunteers != 4 || sum.Activities != 1 || sum.Minutes != 225 {
			t.Fatalf("summary %+v, %v", sum, err)
		}
		list, err := e.svc.Signups(ctx, community, x.ID)
		if err != nil || len(list) != 3 || list[0].VolunteerName != "赵**" {
			t.Fatalf("sign-ups %+v, %v", list, err)
		}
	})
}

func mustCode(t *testing.T, e *env, id int64) string {
	t.Helper()
	code, _, err := e.svc.CheckInCode(context.Background(), community, id)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// Two volunteers racing for the last place: exactly one gets it.
func TestVolunteerLastPlace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		start := ordertest.Monday09.Add(24 * time.Hour)
		x, err := e.svc.Publish(ctx, community, volunteer.ActivityInput{CommunityCode: ordertest.Community1, Title: "垃圾分类宣传", Place: "社区广场",
			Lng: lng0, Lat: lat0, RadiusM: 100, StartsAt: start, EndsAt: start.Add(time.Hour), Capacity: 1})
		if err != nil {
			t.Fatal(err)
		}
		var cards []string
		for i, n := range []string{"赵一鸣", "钱二妹"} {
			v := e.register(t, community, ordertest.Community1, 0, n, "1390000100"+string(rune('0'+i)))
			_, c, _ := e.svc.Reveal(ctx, community, v.ID, "发放志愿者证")
			cards = append(cards, c)
		}
		var wg sync.WaitGroup
		res := make([]error, 2)
		for i := range res {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, res[i] = e.svc.SignUp(ctx, volunteer.Self{Card: cards[i]}, x.ID)
			}()
		}
		wg.Wait()
		if (res[0] == nil) == (res[1] == nil) {
			t.Fatalf("two sign-ups for one place: %v, %v", res[0], res[1])
		}
		if n := count(t, db, "volunteer_signups"); n != 1 {
			t.Fatalf("%d sign-ups for one place", n)
		}
		// Cancelled: gone from the public list, no check-in.
		if _, err := e.svc.Cancel(ctx, community, x.ID, "天气原因"); err != nil {
			t.Fatal(err)
		}
		if up, err := e.svc.Upcoming(ctx, "", 0, 0); err != nil || len(up) != 0 {
			t.Fatalf("upcoming after cancel %+v, %v", up, err)
		}
	})
}
