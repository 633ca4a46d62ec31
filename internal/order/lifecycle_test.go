package order_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// must unwraps an action result or fails the test with the step's name.
func must(t *testing.T, step string) func(order.Order, error) order.Order {
	return func(o order.Order, err error) order.Order {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return o
	}
}

func expect(t *testing.T, step string, o order.Order, status order.Status, level, handler string) {
	t.Helper()
	if o.Status != status || o.Level != level || o.HandlerCode != handler {
		t.Fatalf("after %s: %s at %s %q, want %s at %s %q", step, o.Status, o.Level, o.HandlerCode, status, level, handler)
	}
}

// TestLadder walks a resident's order up the ladder (五办工作法) and
// through an unsatisfied callback: grid → street → centre → department →
// resolve → callback 不满意 → reopen → resolve → 满意.
func TestLadder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		o := mustCreate(t, e, operator, noise("楼下烧烤店每晚营业到凌晨两点，噪音很大"))
		expect(t, "create", o, order.StatusDispatched, category.LevelGrid, gridA)
		wantDue := time.Date(2026, 11, 27, 0, 0, 0, 0, cst) // 24:00 Thursday, 3 working days after Monday
		if !o.ResolveDueAt.Equal(wantDue) || !o.ReplyDueAt.Equal(monday09.Add(2*time.Hour)) {
			t.Fatalf("due: reply %s resolve %s", o.ReplyDueAt.In(cst), o.ResolveDueAt.In(cst))
		}

		e.now.Advance(20 * time.Minute)
		o = must(t, "grid signs")(e.svc.Sign(ctx, gridWorker, o.Number, o.Version))
		expect(t, "grid signs", o, order.StatusProcessing, category.LevelGrid, gridA)
		o = must(t, "grid replies")(e.svc.Reply(ctx, gridWorker, o.Number, o.Version, "已联系您，今晚上门查看"))
		if !o.RepliedAt.Equal(monday09.Add(20 * time.Minute)) {
			t.Fatalf("replied at %s", o.RepliedAt)
		}
		o = must(t, "grid escalates")(e.svc.Escalate(ctx, gridWorker, o.Number, o.Version, "商户不配合，需街道协调"))
		expect(t, "grid escalates", o, order.StatusDispatched, category.LevelStreet, street1)
		o = must(t, "street signs")(e.svc.Sign(ctx, streetOne, o.Number, o.Version))
		o = must(t, "street escalates")(e.svc.Escalate(ctx, streetOne, o.Number, o.Version, "涉及油烟和噪音执法，需区级部门"))
		expect(t, "street escalates", o, order.StatusPending, category.LevelCentre, "")
		o = must(t, "centre dispatches")(e.svc.Dispatch(ctx, dispatcher, o.Number, o.Version,
			order.Target{Level: category.LevelDepartment, Code: "chengguan", CoHandlers: []string{"shuiwu"}}, "城管主办，水务协办"))
		expect(t, "centre dispatches", o, order.StatusDispatched, category.LevelDepartment, "chengguan")
		if strings.Join(o.CoHandlers, ",") != "shuiwu" {
			t.Fatalf("co-handlers %v", o.CoHandlers)
		}
		// The co-handler sees the order but does not lead it.
		if _, err := e.svc.Get(ctx, shuiwu, o.Number); err != nil {
			t.Fatalf("co-handler read: %v", err)
		}
		if _, err := e.svc.Sign(ctx, shuiwu, o.Number, o.Version); !errors.Is(err, order.ErrForbidden) {
			t.Fatalf("co-handler signs: %v, want ErrForbidden", err)
		}
		o = must(t, "department signs")(e.svc.Sign(ctx, chengguan, o.Number, o.Version))
		e.now.Advance(24 * time.Hour)
		o = must(t, "department resolves")(e.svc.Resolve(ctx, chengguan, o.Number, o.Version, "已责令商户22点后停止营业",
			[]order.Photo{photo("after.jpg", jpegBytes)}))
		expect(t, "department resolves", o, order.StatusResolved, category.LevelDepartment, "chengguan")
		if o.ResolvedAt.IsZero() {
			t.Fatal("resolved_at not set")
		}
		o = must(t, "callback unsatisfied")(e.svc.Callback(ctx, dispatcher, o.Number, o.Version, order.RatingUnsatisfied, "居民称仍有噪音"))
		if o.Status != order.StatusResolved || o.Rating != order.RatingUnsatisfied || !o.ClosedAt.IsZero() {
			t.Fatalf("after unsatisfied callback: %s %s", o.Status, o.Rating)
		}
		e.now.Advance(time.Hour) // Tuesday 10:20
		o = must(t, "reopen")(e.svc.Reopen(ctx, dispatcher, o.Number, o.Version, "回访不满意，重办"))
		expect(t, "reopen", o, order.StatusDispatched, category.LevelDepartment, "chengguan")
		if o.Reworks != 1 || !o.ResolvedAt.IsZero() {
			t.Fatalf("reworks %d resolved_at %s", o.Reworks, o.ResolvedAt)
		}
		// The new deadline counts 3 working days from the reopening, under
		// the limits the order was filed with.
		if want := time.Date(2026, 11, 28, 0, 0, 0, 0, cst); !o.ResolveDueAt.Equal(want) { // 24:00 Friday
			t.Fatalf("reopened due %s, want %s", o.ResolveDueAt.In(cst), want)
		}
		o = must(t, "department signs again")(e.svc.Sign(ctx, chengguan, o.Number, o.Version))
		o = must(t, "department resolves again")(e.svc.Resolve(ctx, chengguan, o.Number, o.Version, "商户已加装隔音设施并调整营业时间", nil))
		o = must(t, "callback satisfied")(e.svc.Callback(ctx, operator, o.Number, o.Version, order.RatingSatisfied, ""))
		expect(t, "callback satisfied", o, order.StatusClosed, category.LevelDepartment, "chengguan")
		if o.ClosedAt.IsZero() || o.Rating != order.RatingSatisfied || o.Escalations != 2 || o.Returns != 0 {
			t.Fatalf("closed order: %+v", o)
		}

		tl, err := e.svc.Timeline(ctx, supervisor, o.Number)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i, ev := range tl {
			if ev.Seq != i+1 {
				t.Fatalf("event %d has seq %d", i, ev.Seq)
			}
			got = append(got, string(ev.Action)+":"+string(ev.To))
		}
		want := []string{"create:pending", "dispatch:dispatched", "sign:processing", "reply:processing",
			"escalate:dispatched", "sign:processing", "escalate:pending", "dispatch:dispatched", "sign:processing",
			"resolve:resolved", "callback:resolved", "reopen:dispatched", "sign:processing", "resolve:resolved", "callback:closed"}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("timeline\n got %v\nwant %v", got, want)
		}
		if tl[4].Note != "商户不配合，需街道协调" || tl[4].ActorRole != auth.RoleGrid || tl[4].Public {
			t.Fatalf("escalation event %+v", tl[4])
		}
		if tl[10].Data["rating"] != "unsatisfied" || tl[7].Data["handler"] != "chengguan" {
			t.Fatalf("event data: %v / %v", tl[10].Data, tl[7].Data)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM outbox`); n != len(tl) {
			t.Fatalf("outbox has %d rows for %d events", n, len(tl))
		}
		if n := count(t, db, `SELECT COUNT(*) FROM order_photos WHERE stage = 'evidence' AND event_seq = 10`); n != 1 {
			t.Fatalf("evidence photo rows %d", n)
		}
		// The resident's tracking page shows only public steps, no names.
		tr, err := e.svc.Track(ctx, o.Number, "5678")
		if err != nil {
			t.Fatal(err)
		}
		if tr.Status != order.StatusClosed || len(tr.Events) != len(tl)-2 { // all but the two escalations
			t.Fatalf("tracking: %s with %d events", tr.Status, len(tr.Events))
		}
		// Only what staff wrote for the resident: the reply and the
		// results, never the routing remark, the dispatcher's instruction
		// or the operator's callback record; steps are named by the unit.
		forResident := map[string]bool{"": true, "已联系您，今晚上门查看": true, "已责令商户22点后停止营业": true, "商户已加装隔音设施并调整营业时间": true}
		staffNames := map[string]bool{gridWorker.Name: true, dispatcher.Name: true, operator.Name: true, chengguan.Name: true, streetOne.Name: true}
		for _, ev := range tr.Events {
			if ev.Action == order.ActionEscalate || ev.ActorID != 0 || staffNames[ev.ActorName] || !forResident[ev.Note] {
				t.Fatalf("tracking leaks %+v", ev)
			}
		}
		if a, b := tr.Events[3].ActorName, tr.Events[5].ActorName; a != "r"+community1+"grid "+gridA || b != "chengguan" {
			t.Fatalf("units named %q (reply) and %q (department dispatch)", a, b)
		}
		if _, err := e.svc.Track(ctx, o.Number, "0000"); !errors.Is(err, order.ErrNotFound) {
			t.Fatalf("tracking with the wrong last 4 digits: %v", err)
		}
		// The timeline is append-only in the database itself.
		if _, err := db.ExecContext(ctx, `UPDATE order_events SET note = 'rewritten' WHERE seq = 1`); err == nil {
			t.Fatal("the database allowed an event to be rewritten")
		}
		if _, err := db.ExecContext(ctx, `DELETE FROM order_events`); err == nil {
			t.Fatal("the database allowed events to be deleted")
		}
	})
}

func TestScopeHidesOtherStreets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		in := noise("噪音")
		in.Point = inC // street 2
		far := mustCreate(t, e, operator, in)
		near := mustCreate(t, e, operator, noise("噪音"))
		near = must(t, "sign")(e.svc.Sign(ctx, gridWorker, near.Number, near.Version))
		near = must(t, "escalate")(e.svc.Escalate(ctx, gridWorker, near.Number, near.Version, "需要街道处理"))

		// Street two cannot see street one's order, nor act on it: 404, not 403.
		if _, err := e.svc.Get(ctx, streetTwo, near.Number); !errors.Is(err, order.ErrNotFound) {
			t.Fatalf("get: %v", err)
		}
		if _, err := e.svc.Sign(ctx, streetTwo, near.Number, near.Version); !errors.Is(err, order.ErrNotFound) {
			t.Fatalf("sign: %v", err)
		}
		if _, err := e.svc.Timeline(ctx, streetTwo, near.Number); !errors.Is(err, order.ErrNotFound) {
			t.Fatalf("timeline: %v", err)
		}
		if _, err := e.svc.RevealReporter(ctx, streetTwo, near.Number, "核实情况"); !errors.Is(err, order.ErrNotFound) {
			t.Fatalf("reveal: %v", err)
		}
		// The grid worker of community 1 no longer handles it but still sees it.
		if _, err := e.svc.Sign(ctx, gridWorker, near.Number, near.Version); !errors.Is(err, order.ErrForbidden) {
			t.Fatalf("grid worker signs a street-level order: %v", err)
		}
		page, err := e.svc.List(ctx, streetTwo, order.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 1 || len(page.Orders) != 1 || page.Orders[0].Number != far.Number {
			t.Fatalf("street two lists %+v", page)
		}
		page, _ = e.svc.List(ctx, streetOne, order.Filter{})
		if page.Total != 1 || page.Orders[0].Number != near.Number {
			t.Fatalf("street one lists %d", page.Total)
		}
		page, _ = e.svc.List(ctx, dispatcher, order.Filter{})
		if page.Total != 2 {
			t.Fatalf("district dispatcher lists %d, want 2", page.Total)
		}
		// Asking for another region never widens the scope.
		page, _ = e.svc.List(ctx, streetTwo, order.Filter{Region: street1})
		if page.Total != 0 {
			t.Fatalf("region filter widened the scope: %d", page.Total)
		}
		// A department sees only what it leads or co-handles.
		if _, err := e.svc.Get(ctx, ranqi, near.Number); !errors.Is(err, order.ErrNotFound) {
			t.Fatalf("department reads an order it does not handle: %v", err)
		}
		page, _ = e.svc.List(ctx, ranqi, order.Filter{})
		if page.Total != 0 {
			t.Fatalf("department lists %d", page.Total)
		}
		// Residents, and building volunteers who filed nothing, list nothing.
		for _, a := range []order.Actor{resident, staff(auth.RoleBuilding, community1, "")} {
			page, err := e.svc.List(ctx, a, order.Filter{})
			if err != nil || page.Total != 0 {
				t.Fatalf("%s lists %d, %v", a.Role, page.Total, err)
			}
		}
		// A dispatcher cannot send an order to a department serving another district.
		_, err = e.svc.Escalate(ctx, streetOne, near.Number, near.Version, "转中心")
		if err != nil {
			t.Fatal(err)
		}
		cur, _ := e.svc.Get(ctx, dispatcher, near.Number)
		if _, err := e.svc.Dispatch(ctx, dispatcher, cur.Number, cur.Version, order.Target{Level: category.LevelDepartment, Code: "faraway"}, ""); !errors.Is(err, order.ErrInvalid) {
			t.Fatalf("dispatch to a department of another district: %v", err)
		}
	})
}

func TestStaleVersionChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		o := mustCreate(t, e, operator, noise("噪音"))
		signed := must(t, "sign")(e.svc.Sign(ctx, gridWorker, o.Number, o.Version))
		events := count(t, db, `SELECT COUNT(*) FROM order_events`)
		outbox := count(t, db, `SELECT COUNT(*) FROM outbox`)
		// A second worker acting on the version they loaded earlier.
		if _, err := e.svc.Escalate(ctx, gridWorker, o.Number, o.Version, "上报"); !errors.Is(err, order.ErrStaleVersion) {
			t.Fatalf("stale escalate: %v", err)
		}
		now, _ := e.svc.Get(ctx, dispatcher, o.Number)
		if now.Version != signed.Version || now.Status != order.StatusProcessing || now.Level != category.LevelGrid ||
			count(t, db, `SELECT COUNT(*) FROM order_events`) != events || count(t, db, `SELECT COUNT(*) FROM outbox`) != outbox {
			t.Fatalf("stale step changed the order: %+v", now)
		}
	})
}

func TestIllegalTransitionsForStatusAndRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		in := order.Input{Channel: order.ChannelHotline, Category: "wage.arrears", Description: "公司拖欠三个月工资",
			Point: inA, Attributes: map[string]string{"employer": "某装修公司"}}
		o := mustCreate(t, e, operator, in) // routed to the centre: pending
		expect(t, "create", o, order.StatusPending, category.LevelCentre, "")
		steps := []struct {
			name string
			do   func() (order.Order, error)
			want error
		}{
			{"sign a pending order", func() (order.Order, error) { return e.svc.Sign(ctx, gridWorker, o.Number, o.Version) }, order.ErrIllegalTransition},
			{"resolve a pending order", func() (order.Order, error) { return e.svc.Resolve(ctx, chengguan, o.Number, o.Version, "done", nil) }, order.ErrNotFound},
			{"callback before resolution", func() (order.Order, error) {
				return e.svc.Callback(ctx, dispatcher, o.Number, o.Version, order.RatingSatisfied, "")
			}, order.ErrIllegalTransition},
			{"reopen a pending order", func() (order.Order, error) { return e.svc.Reopen(ctx, dispatcher, o.Number, o.Version, "x") }, order.ErrIllegalTransition},
			{"operator dispatches", func() (order.Order, error) {
				return e.svc.Dispatch(ctx, operator, o.Number, o.Version, order.Target{Level: category.LevelStreet}, "")
			}, order.ErrForbidden},
			{"supervisor cancels", func() (order.Order, error) { return e.svc.Cancel(ctx, supervisor, o.Number, o.Version, "无效") }, order.ErrForbidden},
			{"answer a non-consultation", func() (order.Order, error) { return e.svc.Answer(ctx, operator, o.Number, o.Version, "已答复") }, order.ErrIllegalTransition},
			{"return without reason", func() (order.Order, error) { return e.svc.Return(ctx, dispatcher, o.Number, o.Version, " ") }, order.ErrInvalid},
			{"bad rating", func() (order.Order, error) { return e.svc.Callback(ctx, dispatcher, o.Number, o.Version, "great", "") }, order.ErrInvalid},
			{"dispatch to nowhere", func() (order.Order, error) {
				return e.svc.Dispatch(ctx, dispatcher, o.Number, o.Version, order.Target{Level: "moon"}, "")
			}, order.ErrInvalid},
			{"dispatch to another grid", func() (order.Order, error) {
				return e.svc.Dispatch(ctx, dispatcher, o.Number, o.Version, order.Target{Level: category.LevelGrid, Code: gridC}, "")
			}, order.ErrInvalid},
		}
		for _, s := range steps {
			_, err := s.do()
			if !errors.Is(err, s.want) {
				t.Errorf("%s: %v, want %v", s.name, err, s.want)
			}
		}
		var te *order.TransitionError
		_, err := e.svc.Sign(ctx, gridWorker, o.Number, o.Version)
		if !errors.As(err, &te) || te.Number != o.Number || !strings.Contains(err.Error(), "pending") {
			t.Fatalf("transition error is not clear: %v", err)
		}
		now, _ := e.svc.Get(ctx, dispatcher, o.Number)
		if now.Version != 1 || count(t, db, `SELECT COUNT(*) FROM order_events`) != 1 {
			t.Fatalf("refused steps changed the order: version %d", now.Version)
		}
		// Dispatch to the street, which returns it; after MaxReturns returns
		// the centre's dispatch is final.
		for i := range order.DefaultMaxReturns {
			o = must(t, "dispatch")(e.svc.Dispatch(ctx, dispatcher, o.Number, o.Version, order.Target{Level: category.LevelStreet}, ""))
			o = must(t, "return")(e.svc.Return(ctx, streetOne, o.Number, o.Version, "不属于街道职责"))
			if o.Returns != i+1 || o.Status != order.StatusPending {
				t.Fatalf("after return %d: %+v", i+1, o)
			}
		}
		o = must(t, "dispatch")(e.svc.Dispatch(ctx, dispatcher, o.Number, o.Version, order.Target{Level: category.LevelStreet}, ""))
		if _, err := e.svc.Return(ctx, streetOne, o.Number, o.Version, "还是不属于"); !errors.Is(err, order.ErrIllegalTransition) {
			t.Fatalf("return beyond the limit: %v", err)
		}
		// Redispatch needs a reason and a different target.
		if _, err := e.svc.Redispatch(ctx, dispatcher, o.Number, o.Version, order.Target{Level: category.LevelStreet}, "改派"); !errors.Is(err, order.ErrInvalid) {
			t.Fatalf("redispatch to the same handler: %v", err)
		}
		o = must(t, "redispatch")(e.svc.Redispatch(ctx, dispatcher, o.Number, o.Version, order.Target{Level: category.LevelGrid}, "网格先行处理"))
		expect(t, "redispatch", o, order.StatusDispatched, category.LevelGrid, gridA)
	})
}

func TestConsultationAnsweredAndCancel(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		q := mustCreate(t, e, operator, order.Input{Channel: order.ChannelHotline, Category: "consult.policy",
			Description: "老旧小区加装电梯有补贴吗", Point: inA})
		expect(t, "create", q, order.StatusPending, category.LevelCentre, "")
		q = must(t, "answer")(e.svc.Answer(ctx, operator, q.Number, q.Version, "按市里政策每部补贴…，详见知识库"))
		if q.Status != order.StatusClosed || q.RepliedAt.IsZero() || q.ResolvedAt.IsZero() || q.ClosedAt.IsZero() {
			t.Fatalf("answered consultation %+v", q)
		}
		web := noise("测试一下")
		web.Channel = order.ChannelWeb
		w := mustCreate(t, e, resident, web)
		w = must(t, "cancel")(e.svc.Cancel(ctx, operator, w.Number, w.Version, "测试单，无效"))
		if w.Status != order.StatusCancelled || w.ClosedAt.IsZero() {
			t.Fatalf("cancelled %+v", w)
		}
		if _, err := e.svc.Accept(ctx, operator, w.Number, w.Version, ""); !errors.Is(err, order.ErrIllegalTransition) {
			t.Fatalf("accept a cancelled order: %v", err)
		}
	})
}
