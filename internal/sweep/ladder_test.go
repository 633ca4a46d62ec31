package sweep_test

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
	"civicgrid/internal/sweep"
)

// A grid order nobody handles walks the whole default ladder: reply
// warning, reply overdue, resolve warning, resolve overdue with
// escalation to the street, after the grace to the centre, after another
// grace flagged for supervision; each exactly once, by the system, with
// an outbox event in the same transaction.
func TestGridOrderClimbsTheLadder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		s := newSweeper(t, e, sweep.Policy{}, 0)
		o := mustCreate(t, e, noiseAtGrid("楼上每天半夜装修，吵得睡不着"))
		if o.Level != category.LevelGrid || o.HandlerCode != gridA {
			t.Fatalf("routed to %s %s, want grid %s", o.Level, o.HandlerCode, gridA)
		}
		wantReply := monday09.Add(2 * time.Hour)
		wantResolve := time.Date(2026, 11, 27, 0, 0, 0, 0, cst) // 24:00 of Thursday, the 3rd working day
		if !o.ReplyDueAt.Equal(wantReply) || !o.ResolveDueAt.Equal(wantResolve) {
			t.Fatalf("due %v / %v", o.ReplyDueAt, o.ResolveDueAt)
		}
		at := func(t0 time.Time, want sweep.Report) {
			t.Helper()
			e.now.Set(t0)
			got := tick(t, s)
			got.Took = 0
			if got != want {
				t.Fatalf("tick at %s: %+v, want %+v", t0.Format("01-02 15:04"), got, want)
			}
		}
		at(wantReply.Add(-31*time.Minute), sweep.Report{})
		at(wantReply.Add(-29*time.Minute), sweep.Report{ReplyWarnings: 1})
		at(wantReply.Add(-28*time.Minute), sweep.Report{}) // warned once per deadline
		at(wantReply, sweep.Report{ReplyOverdue: 1})       // due at 11:00 is overdue at 11:00
		at(wantReply.Add(time.Hour), sweep.Report{})
		at(wantResolve.Add(-4*time.Hour-time.Minute), sweep.Report{})
		at(wantResolve.Add(-4*time.Hour+time.Minute), sweep.Report{ResolveWarnings: 1})

		// Overdue at the grid: marked, and escalated to the street at once.
		overdue := wantResolve.Add(time.Minute)
		at(overdue, sweep.Report{ResolveOverdue: 1, Escalated: 1})
		got := mustGet(t, e, o.Number)
		if got.Level != category.LevelStreet || got.HandlerCode != street1 || got.Status != order.StatusDispatched ||
			got.Version != o.Version+1 || got.Escalations != 1 || !got.DispatchedAt.Equal(overdue) {
			t.Fatalf("after escalation: level %s %s, status %s, version %d, escalations %d, dispatched %v",
				got.Level, got.HandlerCode, got.Status, got.Version, got.Escalations, got.DispatchedAt)
		}
		// The grid worker's screen is stale now: refused, nothing changes.
		if _, err := e.svc.Sign(ctx, gridWorker, o.Number, o.Version); !errors.Is(err, order.ErrStaleVersion) {
			t.Fatalf("grid worker signs the escalated order: %v, want ErrStaleVersion", err)
		}
		// The street signs for it; signing does not stop the clock.
		if _, err := e.svc.Sign(ctx, streetOne, o.Number, got.Version); err != nil {
			t.Fatal(err)
		}

		// The street has the grace (4 h) before it climbs again.
		at(overdue.Add(4*time.Hour-time.Minute), sweep.Report{})
		at(overdue.Add(4*time.Hour), sweep.Report{Escalated: 1})
		got = mustGet(t, e, o.Number)
		if got.Level != category.LevelCentre || got.HandlerCode != "" || got.Status != order.StatusPending || got.Escalations != 2 {
			t.Fatalf("after the second escalation: %s %q %s, escalations %d", got.Level, got.HandlerCode, got.Status, got.Escalations)
		}
		at(overdue.Add(8*time.Hour-time.Minute), sweep.Report{})
		flaggedAt := overdue.Add(8 * time.Hour)
		at(flaggedAt, sweep.Report{Flagged: 1})
		at(flaggedAt.Add(72*time.Hour), sweep.Report{})
		if got := scalar(t, db, `SELECT supervision_flagged_at FROM orders WHERE id = ?`, o.ID); got != store.Millis(flaggedAt) {
			t.Fatalf("supervision_flagged_at %d, want %d", got, store.Millis(flaggedAt))
		}
		if v := mustGet(t, e, o.Number).Version; v != got.Version { // a flag is not an edit
			t.Fatalf("flagging changed the version %d → %d", got.Version, v)
		}

		want := map[order.Action]int{sweep.ActionReplyWarning: 1, sweep.ActionReplyOverdue: 1, sweep.ActionResolveWarning: 1,
			sweep.ActionResolveOverdue: 1, order.ActionEscalate: 2, sweep.ActionSupervisionFlag: 1}
		if got := systemEvents(t, db, o.ID); !maps.Equal(got, want) {
			t.Fatalf("system events %v, want %v", got, want)
		}
		checkTimeline(t, e, o.Number)
		checkOutbox(t, db, o, want)
	})
}

// checkTimeline: the escalations read as the ladder, from the system.
func checkTimeline(t *testing.T, e *env, number string) {
	t.Helper()
	tl, err := e.svc.Timeline(context.Background(), dispatcher, number)
	if err != nil {
		t.Fatal(err)
	}
	var moves []string
	for i, ev := range tl {
		if ev.Seq != i+1 {
			t.Fatalf("timeline seq %d at position %d", ev.Seq, i)
		}
		if ev.Action == order.ActionEscalate {
			if ev.ActorRole != "system" || ev.ActorID != 0 || ev.Public || ev.Data["auto"] != true {
				t.Fatalf("escalation event %+v", ev)
			}
			moves = append(moves, ev.Data["from_level"].(string)+"→"+ev.Data["level"].(string)+":"+string(ev.From)+"→"+string(ev.To))
		}
	}
	if got := strings.Join(moves, " "); got != "grid→street:dispatched→dispatched street→centre:processing→pending" {
		t.Fatalf("escalations %q", got)
	}
}

// checkOutbox: one outbox event per timeline event, with the same seq,
// and no personal data.
func checkOutbox(t *testing.T, db *store.DB, o order.Order, want map[order.Action]int) {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), `SELECT topic, payload FROM outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[order.Action]int{}
	for rows.Next() {
		var topic, payload string
		if err := rows.Scan(&topic, &payload); err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{"张三丰", "13812345678", "5678"} {
			if strings.Contains(payload, secret) {
				t.Fatalf("outbox payload carries personal data %q: %s", secret, payload)
			}
		}
		var p sweep.Payload
		if err := json.Unmarshal([]byte(payload), &p); err != nil {
			t.Fatal(err)
		}
		if topic != "order."+string(p.Action) || p.Number != o.Number {
			t.Fatalf("topic %s, payload %s", topic, payload)
		}
		if _, ours := want[p.Action]; !ours {
			continue
		}
		got[p.Action]++
		if !p.DueAt.Equal(o.ResolveDueAt) && !p.DueAt.Equal(o.ReplyDueAt) {
			t.Fatalf("payload due_at %v, want the reply or resolve deadline: %s", p.DueAt, payload)
		}
		var action string
		if err := db.QueryRowContext(context.Background(), `SELECT action FROM order_events WHERE order_id = ? AND seq = ?`,
			p.OrderID, p.Seq).Scan(&action); err != nil || action != string(p.Action) {
			t.Fatalf("payload seq %d names event %q (%v), want %s", p.Seq, action, err, p.Action)
		}
	}
	if !maps.Equal(got, want) {
		t.Fatalf("outbox events %v, want %v", got, want)
	}
}

// A department's overdue order stays with the department and is flagged
// for supervision; a reply given in time is never marked overdue.
func TestDepartmentOverdueIsFlaggedNotMoved(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		s := newSweeper(t, e, sweep.Policy{}, 0)
		o := mustCreate(t, e, gasAtDepartment("楼道里有很重的煤气味"))
		if o.Level != category.LevelDepartment || o.HandlerCode != "ranqi" {
			t.Fatalf("routed to %s %s", o.Level, o.HandlerCode)
		}
		// 15 minutes to reply and 4 hours to resolve, both within their
		// leads: warned at the first tick.
		if r := tick(t, s); r.ReplyWarnings != 1 || r.ResolveWarnings != 1 || r.Events() != 2 {
			t.Fatalf("first tick %+v", r)
		}
		o, err := e.svc.Sign(ctx, ranqi, o.Number, o.Version)
		if err != nil {
			t.Fatal(err)
		}
		e.now.Set(monday09.Add(10 * time.Minute))
		if o, err = e.svc.Reply(ctx, ranqi, o.Number, o.Version, "已派抢修人员前往"); err != nil {
			t.Fatal(err)
		}
		e.now.Set(monday09.Add(4*time.Hour + time.Second))
		if r := tick(t, s); r.ResolveOverdue != 1 || r.Flagged != 1 || r.Events() != 2 {
			t.Fatalf("overdue tick %+v", r)
		}
		got := mustGet(t, e, o.Number)
		if got.Level != category.LevelDepartment || got.HandlerCode != "ranqi" || got.Version != o.Version || got.Status != order.StatusProcessing {
			t.Fatalf("flagged order moved: %s %s %s v%d", got.Level, got.HandlerCode, got.Status, got.Version)
		}
		if n := scalar(t, db, `SELECT COUNT(*) FROM orders WHERE supervision_flagged_at > 0`); n != 1 {
			t.Fatalf("%d flagged", n)
		}
		e.now.Set(monday09.Add(48 * time.Hour))
		if r := tick(t, s); r.Events() != 0 {
			t.Fatalf("later tick %+v", r)
		}
		want := map[order.Action]int{sweep.ActionReplyWarning: 1, sweep.ActionResolveWarning: 1,
			sweep.ActionResolveOverdue: 1, sweep.ActionSupervisionFlag: 1}
		if got := systemEvents(t, db, o.ID); !maps.Equal(got, want) {
			t.Fatalf("system events %v, want %v", got, want)
		}
	})
}

// Resolved orders are left alone; a reopened order has a new deadline,
// which re-arms its warning and overdue mark.
func TestReopenRearmsTheDeadline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		s := newSweeper(t, e, sweep.Policy{}, 0)
		o := mustCreate(t, e, fitnessAtStreet("小区健身器材坏了好久"))
		if o.Level != category.LevelStreet {
			t.Fatalf("routed to %s", o.Level)
		}
		o, err := e.svc.Sign(ctx, streetOne, o.Number, o.Version)
		if err != nil {
			t.Fatal(err)
		}
		if o, err = e.svc.Reply(ctx, streetOne, o.Number, o.Version, "已联系物业"); err != nil {
			t.Fatal(err)
		}
		e.now.Set(o.ResolveDueAt.Add(-time.Hour))
		if r := tick(t, s); r != (sweep.Report{ResolveWarnings: 1, Took: r.Took}) {
			t.Fatalf("warning tick %+v", r)
		}
		if o, err = e.svc.Resolve(ctx, streetOne, o.Number, o.Version, "已更换器材", nil); err != nil {
			t.Fatal(err)
		}
		e.now.Set(o.ResolveDueAt.Add(time.Hour)) // past the first deadline, but resolved
		if r := tick(t, s); r.Events() != 0 {
			t.Fatalf("resolved order swept: %+v", r)
		}
		if o, err = e.svc.Callback(ctx, operator, o.Number, o.Version, order.RatingUnsatisfied, "还是坏的"); err != nil {
			t.Fatal(err)
		}
		first := o.ResolveDueAt
		if o, err = e.svc.Reopen(ctx, dispatcher, o.Number, o.Version, "居民不满意，重办"); err != nil {
			t.Fatal(err)
		}
		if !o.ResolveDueAt.After(first) {
			t.Fatalf("reopen kept the deadline %v", o.ResolveDueAt)
		}
		e.now.Set(o.ResolveDueAt.Add(-time.Hour))
		if r := tick(t, s); r.ResolveWarnings != 1 || r.Events() != 1 {
			t.Fatalf("second warning tick %+v", r)
		}
		e.now.Set(o.ResolveDueAt)
		if r := tick(t, s); r.ResolveOverdue != 1 || r.Escalated != 1 || r.Events() != 2 {
			t.Fatalf("overdue tick %+v", r)
		}
		if got := mustGet(t, e, o.Number); got.Level != category.LevelCentre || got.Status != order.StatusPending {
			t.Fatalf("reopened overdue street order: %s %s", got.Level, got.Status)
		}
		want := map[order.Action]int{sweep.ActionResolveWarning: 2, sweep.ActionResolveOverdue: 1, order.ActionEscalate: 1}
		if got := systemEvents(t, db, o.ID); !maps.Equal(got, want) {
			t.Fatalf("system events %v, want %v", got, want)
		}
	})
}

// An overdue order a dispatcher has just handed to a department waits
// the grace before it is flagged; a ladder that stops at a level leaves
// the overdue order there.
func TestGraceAndStayingPolicy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		s := newSweeper(t, e, sweep.Policy{Grace: 2 * time.Hour}, 0)
		o := mustCreate(t, e, noiseAtGrid("广场舞音响太大"))
		due := o.ResolveDueAt
		e.now.Set(due.Add(-10 * time.Minute))
		o, err := e.svc.Return(ctx, gridWorker, o.Number, o.Version, "不属于网格职责")
		if err != nil {
			t.Fatal(err)
		}
		dispatched := due.Add(-5 * time.Minute)
		e.now.Set(dispatched)
		if o, err = e.svc.Dispatch(ctx, dispatcher, o.Number, o.Version, order.Target{Level: category.LevelDepartment, Code: "chengguan"}, "城管处理"); err != nil {
			t.Fatal(err)
		}
		e.now.Set(due.Add(time.Minute))
		if r := tick(t, s); r.ResolveOverdue != 1 || r.Postponed != 1 || r.Flagged != 0 {
			t.Fatalf("overdue tick %+v", r)
		}
		e.now.Set(dispatched.Add(2*time.Hour - time.Second))
		if r := tick(t, s); r.Events() != 0 || r.Postponed != 0 {
			t.Fatalf("within the grace %+v", r)
		}
		e.now.Set(dispatched.Add(2 * time.Hour))
		if r := tick(t, s); r.Flagged != 1 || r.Events() != 1 {
			t.Fatalf("after the grace %+v", r)
		}

		// A ladder that keeps grid orders at the grid.
		stay := newSweeper(t, e, sweep.Policy{Ladder: map[string]sweep.Escalation{category.LevelGrid: sweep.Stay}}, 0)
		g := mustCreate(t, e, noiseAtGrid("夜里有人喝酒吵闹"))
		e.now.Set(g.ResolveDueAt.Add(time.Minute))
		if r := tick(t, stay); r.ResolveOverdue != 1 || r.Stayed != 1 || r.Escalated != 0 {
			t.Fatalf("staying policy %+v", r)
		}
		if got := mustGet(t, e, g.Number); got.Level != category.LevelGrid || got.Version != g.Version {
			t.Fatalf("kept order moved: %s v%d", got.Level, got.Version)
		}
		e.now.Set(g.ResolveDueAt.Add(30 * 24 * time.Hour))
		if r := tick(t, stay); r.Events() != 0 || r.Stayed != 0 {
			t.Fatalf("later tick %+v", r)
		}
	})
}

func TestPolicyIsChecked(t *testing.T) {
	db := storetest.SQLite(t)
	bad := []sweep.Policy{
		{Ladder: map[string]sweep.Escalation{category.LevelDepartment: sweep.ToStreet}},
		{Ladder: map[string]sweep.Escalation{category.LevelStreet: sweep.ToStreet}},
		{Ladder: map[string]sweep.Escalation{"village": sweep.ToCentre}},
		{Ladder: map[string]sweep.Escalation{category.LevelGrid: "somewhere"}},
		{Grace: time.Millisecond},
	}
	for _, p := range bad {
		if _, err := sweep.New(sweep.Config{DB: db, Policy: p}); err == nil {
			t.Errorf("policy %+v accepted", p)
		}
	}
	if _, err := sweep.New(sweep.Config{}); err == nil {
		t.Error("no database accepted")
	}
	if _, err := sweep.New(sweep.Config{DB: db, Batch: -1}); err == nil {
		t.Error("negative batch accepted")
	}
	s, err := sweep.New(sweep.Config{DB: db})
	if err != nil {
		t.Fatal(err)
	}
	p := s.Policy()
	if p.ReplyWarning != 30*time.Minute || p.ResolveWarning != 4*time.Hour || p.Grace != 4*time.Hour ||
		!maps.Equal(p.Ladder, sweep.DefaultLadder) {
		t.Fatalf("defaults %+v", p)
	}
}
