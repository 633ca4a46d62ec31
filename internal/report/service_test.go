package report_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/pii"
	"civicgrid/internal/report"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// gridLocator puts every point in grid A: the test needs no geometry.
type gridLocator struct{}

func (gridLocator) Locate(lng, lat float64) (string, bool) { return gridA, true }

// weekdays is a calendar of Monday–Friday working days; N working days
// end at 24:00 of the N-th working day after the day of receipt.
type weekdays struct{}

func (weekdays) AddWorkingDays(from time.Time, n int) time.Time {
	d := from.In(cst)
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, cst)
	for n > 0 {
		day = day.AddDate(0, 0, 1)
		if wd := day.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return day.AddDate(0, 0, 1)
}

func (weekdays) AddDuration(from time.Time, d time.Duration) time.Time { return from.Add(d) }

func staff(role, node, dept string) order.Actor {
	u := auth.User{ID: 7, Username: role, Role: role, NodeCode: node, DepartmentCode: dept}
	return order.StaffActor(u, auth.ScopeOf(u, ""), "127.0.0.1")
}

// TestThroughTheService walks orders through the real engine (so the
// columns the measures read are written the way internal/order writes
// them) and checks the measures against a hand computation.
//
//	s1  replied after 20 min, resolved, called back 满意 → closed
//	s2  replied after 3 h (late), resolved, called back 不满意, reopened,
//	    resolved again (not yet called back again)
//	s3  a resident's request cancelled as invalid
//	s4  a resident's request accepted, then merged into s2
//	s5  replied, extension of 2 working days approved, still processing
//	    when the figures are taken a month later (overdue)
//
//	received 5; cancelled 1, merged 1 → valid 3 (s1 s2 s5)
//	响应率 2/3 (s2 late); 办结率 2/3; 按期办结率 2/3 (s2 on time against
//	its rework deadline, s5 overdue); 回访率 1/2 (s2's callback came before
//	its second resolution); 满意率 1/2; 返工率 1/2; 延期率 1/3; 并单率 1/5.
func TestThroughTheService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seedOrg(t, db)
		ctx := context.Background()
		start := time.Date(2026, 11, 23, 9, 0, 0, 0, cst) // a Monday
		clk := ordertest.NewNow(start)
		keys, err := pii.NewKeyring(bytes.Repeat([]byte{9}, pii.KeySize))
		if err != nil {
			t.Fatal(err)
		}
		svc, err := order.New(order.Config{DB: db, Locator: gridLocator{}, Clock: weekdays{}, Keys: keys,
			DataDir: t.TempDir(), Now: clk.Now})
		if err != nil {
			t.Fatal(err)
		}
		operator := staff(auth.RoleOperator, district, "")
		dispatcher := staff(auth.RoleDispatcher, district, "")
		worker := staff(auth.RoleGrid, community1, "")
		resident := order.ResidentActor("203.0.113.9")
		noise := func(channel string) order.Input {
			return order.Input{Channel: channel, Category: "noise.disturb", Description: "楼下烧烤店噪音很大",
				Point: &order.Point{Lng: 123.05, Lat: 41.05}, Attributes: map[string]string{"source": "neighbour"},
				ReporterName: "张三", ReporterPhone: "13812345678"}
		}
		create := func(a order.Actor, channel string) order.Order {
			o, _, err := svc.Create(ctx, a, noise(channel))
			if err != nil {
				t.Fatal(err)
			}
			return o
		}
		step := func(o order.Order, err error) order.Order {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			return o
		}
		advance := func(d time.Duration) { clk.Advance(d) }

		s1 := create(operator, order.ChannelHotline)
		s2 := create(operator, order.ChannelHotline)
		s5 := create(operator, order.ChannelHotline)
		s3 := create(resident, order.ChannelWeb)
		s4 := create(resident, order.ChannelWeb)
		advance(20 * time.Minute)
		s1 = step(svc.Sign(ctx, worker, s1.Number, s1.Version))
		s1 = step(svc.Reply(ctx, worker, s1.Number, s1.Version, "已联系"))
		s5 = step(svc.Sign(ctx, worker, s5.Number, s5.Version))
		s5 = step(svc.Reply(ctx, worker, s5.Number, s5.Version, "已联系"))
		s5 = step(svc.RequestExtension(ctx, worker, s5.Number, s5.Version, 2, "需协调物业"))
		s5 = step(svc.ApproveExtension(ctx, dispatcher, s5.Number, s5.Version, ""))
		s3 = step(svc.Cancel(ctx, operator, s3.Number, s3.Version, "测试来电"))
		s4 = step(svc.Accept(ctx, operator, s4.Number, s4.Version, ""))
		s2 = step(svc.Merge(ctx, dispatcher, s2.Number, s2.Version, s4.Number, s4.Version, "同一诉求"))
		advance(3 * time.Hour)
		s2 = step(svc.Sign(ctx, worker, s2.Number, s2.Version))
		s2 = step(svc.Reply(ctx, worker, s2.Number, s2.Version, "已联系"))
		advance(time.Hour)
		s1 = step(svc.Resolve(ctx, worker, s1.Number, s1.Version, "已处理", nil))
		s2 = step(svc.Resolve(ctx, worker, s2.Number, s2.Version, "已处理", nil))
		advance(time.Hour)
		step(svc.Callback(ctx, operator, s1.Number, s1.Version, order.RatingSatisfied, ""))
		s2 = step(svc.Callback(ctx, dispatcher, s2.Number, s2.Version, order.RatingUnsatisfied, "仍有噪音"))
		s2 = step(svc.Reopen(ctx, dispatcher, s2.Number, s2.Version, "回访不满意"))
		advance(time.Hour)
		s2 = step(svc.Sign(ctx, worker, s2.Number, s2.Version))
		step(svc.Resolve(ctx, worker, s2.Number, s2.Version, "已加装隔音设施", nil))

		rep := newReporter(t, db, start, report.Config{})
		monday := time.Date(2026, 11, 23, 0, 0, 0, 0, cst)
		m := must[report.Measures](t)(rep.Measures(ctx, leader, report.Query{Node: street1, From: monday,
			To: monday.AddDate(0, 0, 1), AsOf: monday.AddDate(0, 1, 0)}))
		rs := m.Rates
		if rs.Received != 5 || rs.Valid != 3 || m.Counts.Cancelled != 1 || m.Counts.Merged != 1 {
			t.Errorf("counts %+v", m.Counts)
		}
		wantRate(t, "响应率", rs.Response, 2, 3)
		wantRate(t, "办结率", rs.Resolve, 2, 3)
		wantRate(t, "按期办结率", rs.OnTimeResolve, 2, 3)
		wantRate(t, "回访率", rs.Callback, 1, 2)
		wantRate(t, "满意率", rs.Satisfaction, 1, 2)
		wantRate(t, "返工率", rs.Rework, 1, 2)
		wantRate(t, "延期率", rs.Extension, 1, 3)
		wantRate(t, "并单率", rs.Merge, 1, 5)
		wantRate(t, "未诉先办", rs.PatrolShare, 0, 5)
	})
}
