package supervision_test

import (
	"context"
	"testing"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
	"civicgrid/internal/supervision"
)

func TestCaseOpenAnswerClose(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, 0)
		ctx := context.Background()
		o := world(t, e)["overdue"] // with gridA's grid worker, overdue since Thursday 24:00
		due := time.Date(2026, 11, 30, 17, 0, 0, 0, cst)
		in := supervision.OpenInput{Number: o.Number, OrderVersion: o.Version, Reason: supervision.ReasonOverdue,
			Demand: "请于周一17时前办结并书面说明超期原因", DueAt: due}
		open := func(a order.Actor, in supervision.OpenInput) func() error {
			return func() error { _, err := e.sup.Open(ctx, a, in); return err }
		}
		with := func(f func(*supervision.OpenInput)) supervision.OpenInput { c := in; f(&c); return c }
		refused(t, e, "dispatcher opens", supervision.ErrForbidden, open(dispatcher, in))
		refused(t, e, "leader opens", supervision.ErrForbidden, open(leader, in))
		refused(t, e, "supervisor of another street", supervision.ErrNotFound, open(otherStreetOversee, in))
		refused(t, e, "stale order version", supervision.ErrStaleVersion, open(streetSupervisor, with(func(c *supervision.OpenInput) { c.OrderVersion-- })))
		refused(t, e, "reason the order does not raise", supervision.ErrInvalid, open(streetSupervisor, with(func(c *supervision.OpenInput) { c.Reason = supervision.ReasonUnsatisfied })))
		refused(t, e, "due in the past", supervision.ErrInvalid, open(streetSupervisor, with(func(c *supervision.OpenInput) { c.DueAt = e.now.Now().Add(-time.Hour) })))
		refused(t, e, "no demand", supervision.ErrInvalid, open(streetSupervisor, with(func(c *supervision.OpenInput) { c.Demand = " " })))

		events := count(t, db, `SELECT COUNT(*) FROM order_events WHERE order_id = ?`, o.ID)
		c, err := e.sup.Open(ctx, streetSupervisor, in)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != supervision.StatusOpen || c.Version != 1 || c.Level != "grid" || c.Handler != gridA || !c.DueAt.Equal(due) {
			t.Fatalf("opened %+v", c)
		}
		refused(t, e, "a second case on the order", supervision.ErrIllegalState, open(supervisor, in))
		// The order's timeline, outbox and the audit log have the step; the
		// order's version does not move (the handler is not disturbed).
		tl, _ := e.orders.Timeline(ctx, supervisor, o.Number)
		last := tl[len(tl)-1]
		if len(tl) != events+1 || last.Action != supervision.ActionOpen || last.Note != in.Demand || last.Data["case"] != float64(c.ID) ||
			last.Data["reason"] != "overdue" {
			t.Fatalf("timeline event %+v", last)
		}
		if get(t, e, o.Number).Version != o.Version {
			t.Fatal("opening a case moved the order's version")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM outbox WHERE topic = 'order.supervise'`); n != 1 {
			t.Fatalf("%d outbox rows", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'supervision.open' AND actor_id = ?`, streetSupervisor.UserID); n != 1 {
			t.Fatalf("%d audit rows", n)
		}
		p, _ := e.sup.Candidates(ctx, supervisor, supervision.ReasonOverdue, 0, 0)
		if p.Candidates[0].Order.Number != o.Number || p.Candidates[0].CaseID != c.ID {
			t.Fatalf("candidate does not show the case: %+v", p.Candidates[0])
		}

		answer := func(a order.Actor, version int) func() error {
			return func() error {
				_, err := e.sup.Answer(ctx, a, c.ID, version, "已联系商户，音响已拆除")
				return err
			}
		}
		refused(t, e, "supervisor answers", supervision.ErrForbidden, answer(supervisor, c.Version))
		refused(t, e, "street office answers a grid's order", supervision.ErrForbidden, answer(streetOne, c.Version))
		refused(t, e, "another community", supervision.ErrNotFound, answer(communityThree, c.Version))
		refused(t, e, "a department", supervision.ErrNotFound, answer(chengguan, c.Version))
		refused(t, e, "stale answer", supervision.ErrStaleVersion, answer(gridWorker, c.Version+1))
		refused(t, e, "close before the answer and the due date", supervision.ErrIllegalState, func() error {
			_, err := e.sup.Close(ctx, streetSupervisor, c.ID, c.Version, "x", nil)
			return err
		})

		e.now.Set(e.now.Now().Add(2 * time.Hour))
		c, err = e.sup.Answer(ctx, gridWorker, c.ID, c.Version, "已联系商户，音响已拆除")
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != supervision.StatusAnswered || c.Version != 2 || c.AnsweredBy != gridWorker.Name || !c.AnsweredAt.Equal(e.now.Now()) {
			t.Fatalf("answered %+v", c)
		}
		refused(t, e, "answer twice", supervision.ErrIllegalState, answer(gridWorker, c.Version))

		acc := []supervision.Accountability{
			{SubjectKind: supervision.SubjectPerson, Subject: "网格员王某", Measure: supervision.MeasureTalk, Note: "超期未处置"},
			{SubjectKind: supervision.SubjectUnit, Subject: "r210504002001 社区居委会", Measure: supervision.MeasureCriticism},
		}
		closeCase := func(a order.Actor, version int, outcome string, acc []supervision.Accountability) func() error {
			return func() error { _, err := e.sup.Close(ctx, a, c.ID, version, outcome, acc); return err }
		}
		refused(t, e, "handler closes", supervision.ErrForbidden, closeCase(gridWorker, c.Version, "结案", acc))
		refused(t, e, "supervisor of another street closes", supervision.ErrNotFound, closeCase(otherStreetOversee, c.Version, "结案", acc))
		refused(t, e, "stale close", supervision.ErrStaleVersion, closeCase(streetSupervisor, c.Version-1, "结案", acc))
		refused(t, e, "no outcome", supervision.ErrInvalid, closeCase(streetSupervisor, c.Version, "", acc))
		refused(t, e, "unknown measure", supervision.ErrInvalid, closeCase(streetSupervisor, c.Version, "结案",
			[]supervision.Accountability{{SubjectKind: supervision.SubjectPerson, Subject: "王某", Measure: "fine"}}))

		c, err = e.sup.Close(ctx, streetSupervisor, c.ID, c.Version, "问题已解决，超期属实，予以问责", acc)
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.sup.Get(ctx, supervisor, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != supervision.StatusClosed || got.Version != 3 || got.Outcome != "问题已解决，超期属实，予以问责" ||
			len(got.Accountability) != 2 || got.Accountability[0].Measure != supervision.MeasureTalk ||
			got.Accountability[1].Subject != "r210504002001 社区居委会" || got.Accountability[0].RecordedBy != streetSupervisor.Name {
			t.Fatalf("closed case %+v", got)
		}
		refused(t, e, "close twice", supervision.ErrIllegalState, closeCase(streetSupervisor, c.Version, "再结", nil))
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'supervision.accountability'`); n != 2 {
			t.Fatalf("%d accountability audit rows", n)
		}
		var steps []string
		tl, _ = e.orders.Timeline(ctx, supervisor, o.Number)
		for _, ev := range tl[len(tl)-3:] {
			steps = append(steps, string(ev.Action))
		}
		if steps[0] != "supervise" || steps[1] != "supervision_answer" || steps[2] != "supervision_close" || tl[len(tl)-1].Data["accountability"] != float64(2) {
			t.Fatalf("timeline %v", steps)
		}
		if _, err := e.sup.Get(ctx, communityThree, c.ID); err == nil {
			t.Fatal("a community elsewhere read the case")
		}
		// Closed, the order may be supervised again.
		if _, err := e.sup.Open(ctx, supervisor, with(func(c *supervision.OpenInput) { c.Reason = supervision.ReasonOther })); err != nil {
			t.Fatalf("reopen supervision: %v", err)
		}
	})
}

func TestOverdueCaseClosedUnansweredAndCentreAnswers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, 0)
		ctx := context.Background()
		o := world(t, e)
		noon := time.Date(2026, 11, 27, 12, 0, 0, 0, cst)
		re, err := e.sup.Open(ctx, supervisor, supervision.OpenInput{Number: o["reopened"].Number, OrderVersion: o["reopened"].Version,
			Reason: supervision.ReasonReopened, Demand: "重办件请今日中午前反馈", DueAt: noon})
		if err != nil {
			t.Fatal(err)
		}
		ret, err := e.sup.Open(ctx, supervisor, supervision.OpenInput{Number: o["returned"].Number, OrderVersion: o["returned"].Version,
			Reason: supervision.ReasonReturned, Demand: "说明多次退单原因，明确主办单位", DueAt: noon.Add(24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		// The returned order is back at the centre: a dispatcher answers,
		// not the department that returned it.
		wantErr(t, "department that returned it", func() error { _, err := e.sup.Answer(ctx, chengguan, ret.ID, ret.Version, "x"); return err }(),
			supervision.ErrNotFound)
		if _, err := e.sup.Answer(ctx, dispatcher, ret.ID, ret.Version, "已明确由城管主办"); err != nil {
			t.Fatalf("centre answers: %v", err)
		}

		// The department handling the reopened order sees its case.
		pg, err := e.sup.List(ctx, chengguan, supervision.Filter{})
		if err != nil || pg.Total != 1 || pg.Cases[0].ID != re.ID {
			t.Fatalf("chengguan's cases %+v %v", pg, err)
		}
		if pg, _ := e.sup.List(ctx, shuiwu, supervision.Filter{}); pg.Total != 0 {
			t.Fatalf("shuiwu sees %d cases", pg.Total)
		}
		if pg, _ := e.sup.List(ctx, supervisor, supervision.Filter{Status: supervision.StatusAnswered}); pg.Total != 1 || pg.Cases[0].ID != ret.ID {
			t.Fatalf("answered cases %+v", pg)
		}
		if pg, _ := e.sup.Overdue(ctx, supervisor, 0, 0); pg.Total != 0 {
			t.Fatalf("overdue before noon: %+v", pg)
		}
		e.now.Set(noon.Add(time.Hour))
		for _, a := range []order.Actor{supervisor, streetSupervisor, chengguan} {
			pg, err := e.sup.Overdue(ctx, a, 0, 0)
			if err != nil || pg.Total != 1 || pg.Cases[0].ID != re.ID || !pg.Cases[0].Overdue(e.now.Now()) {
				t.Fatalf("overdue cases for %s: %+v %v", a.Name, pg, err)
			}
		}
		if pg, _ := e.sup.Overdue(ctx, otherStreetOversee, 0, 0); pg.Total != 0 {
			t.Fatalf("another street sees overdue cases: %+v", pg)
		}
		// Unanswered past its date, the supervisor closes it with accountability.
		c, err := e.sup.Close(ctx, supervisor, re.ID, re.Version, "逾期未反馈", []supervision.Accountability{
			{SubjectKind: supervision.SubjectUnit, Subject: "chengguan", Measure: supervision.MeasureAdmonish}})
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != supervision.StatusClosed || !c.AnsweredAt.IsZero() || len(c.Accountability) != 1 {
			t.Fatalf("closed unanswered %+v", c)
		}
		tl, _ := e.orders.Timeline(ctx, supervisor, o["reopened"].Number)
		if ev := tl[len(tl)-1]; ev.Action != supervision.ActionClose || ev.Data["unanswered"] != true {
			t.Fatalf("close event %+v", ev)
		}

		// Nothing to supervise on a cancelled order.
		web, _, err := e.orders.Create(ctx, order.ResidentActor("198.51.100.1"), order.Input{Channel: order.ChannelWeb,
			Category: "noise.disturb", Description: "测试", Point: inA, Attributes: map[string]string{"source": "other"}})
		if err != nil {
			t.Fatal(err)
		}
		web = step(t, "cancel")(e.orders.Cancel(ctx, operator, web.Number, web.Version, "测试单"))
		refused(t, e, "case on a cancelled order", supervision.ErrIllegalState, func() error {
			_, err := e.sup.Open(ctx, supervisor, supervision.OpenInput{Number: web.Number, OrderVersion: web.Version,
				Reason: supervision.ReasonOther, Demand: "x", DueAt: noon.Add(48 * time.Hour)})
			return err
		})
	})
}
