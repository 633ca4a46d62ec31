package order_test

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// near is the point metres north of inA (1° of latitude ≈ 111.195 km).
func near(metres float64) *order.Point {
	return &order.Point{Lng: inA.Lng, Lat: inA.Lat + metres/111195.0}
}

func noiseAt(desc string, p *order.Point) order.Input {
	in := noise(desc)
	in.Point = p
	return in
}

func TestDuplicateCandidatesRanking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		early := mustCreate(t, e, operator, noiseAt("东门烧烤店每晚噪音扰民", inA)) // 80 h before the master: outside the window
		e.now.Advance(80 * time.Hour)
		master := mustCreate(t, e, operator, noiseAt("东门烧烤店每晚噪音扰民到凌晨", inA))
		e.now.Advance(time.Hour)
		close := mustCreate(t, e, operator, noiseAt("东门烧烤店每晚噪音扰民", near(100)))
		e.now.Advance(time.Hour)
		byGrid := noise("东门烧烤店每晚噪音扰民")
		byGrid.Point, byGrid.GridCode, byGrid.Address = nil, gridA, "东门"
		noPoint := mustCreate(t, e, operator, byGrid)
		sameCat := mustCreate(t, e, operator, noiseAt("广场舞音响声音太大", near(50)))
		fumes := mustCreate(t, e, operator, order.Input{Channel: order.ChannelHotline, Category: "cooking.fumes",
			Description: "东门烧烤店油烟很大", Point: near(200)})
		unrelated := mustCreate(t, e, operator, order.Input{Channel: order.ChannelHotline, Category: "cooking.fumes",
			Description: "饭店排烟管道漏油", Point: near(30)})
		far := mustCreate(t, e, operator, noiseAt("东门烧烤店每晚噪音扰民", near(1000)))
		cancelled := mustCreate(t, e, operator, noiseAt("东门烧烤店每晚噪音扰民", near(10)))
		cancelled = must(t, "redispatch")(e.svc.Redispatch(ctx, dispatcher, cancelled.Number, cancelled.Version,
			order.Target{Level: "department", Code: "chengguan"}, "x"))
		cancelled = must(t, "return")(e.svc.Return(ctx, chengguan, cancelled.Number, cancelled.Version, "非本部门"))
		must(t, "cancel")(e.svc.Cancel(ctx, dispatcher, cancelled.Number, cancelled.Version, "重复来电"))
		e.now.Advance(70 * time.Hour)
		late := mustCreate(t, e, operator, noiseAt("东门烧烤店每晚噪音扰民", near(150))) // 72 h after the master: inside, barely
		_ = early

		cands, err := e.svc.Candidates(ctx, dispatcher, master.Number)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i, c := range cands {
			got = append(got, c.Order.Number)
			if i > 0 && c.Score > cands[i-1].Score {
				t.Fatalf("not sorted: %v", cands)
			}
		}
		// By hand: score = 0.55 sim + 0.15 same category + 0.2 place + 0.1 time,
		// place = 1 − d/300 (0.5 by grid), time = 1 − gap/72 h; the master's
		// text has 13 bigrams.
		//   close   sim 10/13, 100 m, 1 h:  .42308 + .15 + .13333 + .09861 = .80502
		//   noPoint sim 10/13, grid,  2 h:  .42308 + .15 + .1     + .09722 = .77030
		//   late    sim 10/13, 150 m, 72 h: .42308 + .15 + .1     + 0      = .67308
		//   sameCat sim 0,     50 m,  2 h:  0      + .15 + .16667 + .09722 = .41389
		//   fumes   sim 4/17,  200 m, 2 h:  .12941 + 0   + .06667 + .09722 = .29330
		want := []string{close.Number, noPoint.Number, late.Number, sameCat.Number, fumes.Number}
		if !slices.Equal(got, want) {
			t.Fatalf("candidates %v, want %v", got, want)
		}
		byNumber := map[string]order.Candidate{}
		for i, c := range cands {
			byNumber[c.Order.Number] = c
			if wantScore := []float64{.80502, .77030, .67308, .41389, .29330}[i]; math.Abs(c.Score-wantScore) > 2e-4 {
				t.Fatalf("%s scores %.5f, want %.5f", c.Order.Number, c.Score, wantScore)
			}
		}
		c := byNumber[close.Number]
		// 10 of the master's 13 bigrams, all of close's 10: 10/13.
		if math.Abs(c.Similarity-10.0/13) > 1e-9 || math.Abs(c.Distance-100) > 1 || c.Gap != time.Hour || !c.SameCategory {
			t.Fatalf("close candidate %+v", c)
		}
		if n := byNumber[noPoint.Number]; n.Distance != -1 {
			t.Fatalf("grid-matched candidate distance %v", n.Distance)
		}
		if f := byNumber[fumes.Number]; f.SameCategory || f.Similarity < 0.1 {
			t.Fatalf("fumes candidate %+v", f)
		}
		for _, excluded := range []string{unrelated.Number, far.Number, cancelled.Number, early.Number, master.Number} {
			if _, ok := byNumber[excluded]; ok {
				t.Fatalf("%s proposed", excluded)
			}
		}

		// An order known by its grid only finds candidates in that grid.
		cands, err = e.svc.Candidates(ctx, dispatcher, noPoint.Number)
		if err != nil || len(cands) == 0 || cands[0].Distance != -1 {
			t.Fatalf("candidates of a grid-only order: %+v %v", cands, err)
		}
		if _, err := e.svc.Candidates(ctx, streetTwo, master.Number); err == nil {
			t.Fatal("another street read candidates")
		}
	})
}

func TestMergeMakesTheDuplicateFollowTheMaster(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		master := mustCreate(t, e, operator, noiseAt("东门烧烤店每晚噪音扰民到凌晨", inA))
		dup := mustCreate(t, e, resident, order.Input{Channel: order.ChannelWeb, Category: "noise.disturb",
			Description: "东门烧烤店晚上太吵", Point: near(50), Attributes: map[string]string{"source": "shop"}, ReporterPhone: "13700001234"})
		earlier := mustCreate(t, e, operator, noiseAt("烧烤店噪音", near(60)))

		merge := func(a order.Actor, m order.Order, mv int, d order.Order, dv int) func() error {
			return func() error { _, err := e.svc.Merge(ctx, a, m.Number, mv, d.Number, dv, "同一商户"); return err }
		}
		refused(t, e, dup.Number, "operator merges", order.ErrForbidden, merge(operator, master, master.Version, dup, dup.Version))
		refused(t, e, dup.Number, "other district", order.ErrNotFound, merge(farDispatcher, master, master.Version, dup, dup.Version))
		refused(t, e, dup.Number, "stale duplicate", order.ErrStaleVersion, merge(dispatcher, master, master.Version, dup, dup.Version-1))
		refused(t, e, master.Number, "stale master", order.ErrStaleVersion, merge(dispatcher, master, master.Version+1, dup, dup.Version))
		refused(t, e, master.Number, "into itself", order.ErrInvalid, merge(dispatcher, master, master.Version, master, master.Version))
		refused(t, e, dup.Number, "unknown master", order.ErrNotFound, func() error {
			_, err := e.svc.Merge(ctx, dispatcher, "209901010001", 1, dup.Number, dup.Version, "")
			return err
		})

		// earlier is merged into dup first; dup then into master: earlier
		// follows to master (no chains).
		dup = must(t, "merge earlier into dup")(e.svc.Merge(ctx, dispatcher, dup.Number, dup.Version, earlier.Number, earlier.Version, ""))
		master = must(t, "merge dup into master")(e.svc.Merge(ctx, dispatcher, master.Number, master.Version, dup.Number, dup.Version, "同一商户"))
		if master.Status != order.StatusDispatched || master.Version != 2 {
			t.Fatalf("master %s v%d", master.Status, master.Version)
		}
		dup, _ = e.svc.Get(ctx, dispatcher, dup.Number)
		if dup.Status != order.StatusMerged || dup.ClosedAt.IsZero() {
			t.Fatalf("duplicate %s closed %s", dup.Status, dup.ClosedAt)
		}
		adj, _ := e.svc.Adjustments(ctx, dispatcher, master.Number)
		if !slices.Equal(adj.Duplicates, []string{dup.Number, earlier.Number}) {
			t.Fatalf("master's duplicates %v", adj.Duplicates)
		}
		for _, d := range []string{dup.Number, earlier.Number} {
			if a, _ := e.svc.Adjustments(ctx, dispatcher, d); a.MergedInto != master.Number {
				t.Fatalf("%s merged into %q", d, a.MergedInto)
			}
		}
		if ev := lastEvent(t, e, master.Number); ev.Action != order.ActionMergeIn || ev.Data["duplicate"] != dup.Number || ev.Data["followers"] != float64(1) {
			t.Fatalf("master's event %+v", ev)
		}
		if ev := lastEvent(t, e, dup.Number); ev.Action != order.ActionMerge || ev.To != order.StatusMerged || ev.Data["master"] != master.Number {
			t.Fatalf("duplicate's event %+v", ev)
		}

		// Illegal merges.
		cur := func(o order.Order) order.Order { v, _ := e.svc.Get(ctx, dispatcher, o.Number); return v }
		other := mustCreate(t, e, operator, noiseAt("又一家烧烤店", near(70)))
		refused(t, e, other.Number, "into a merged order", order.ErrIllegalTransition, merge(dispatcher, cur(dup), cur(dup).Version, other, other.Version))
		refused(t, e, dup.Number, "a merged order again", order.ErrIllegalTransition, merge(dispatcher, other, other.Version, cur(dup), cur(dup).Version))
		refused(t, e, master.Number, "back into its duplicate (a cycle)", order.ErrIllegalTransition, merge(dispatcher, cur(dup), cur(dup).Version, master, master.Version))
		web := mustCreate(t, e, resident, order.Input{Channel: order.ChannelWeb, Category: "noise.disturb", Description: "测试",
			Point: inA, Attributes: map[string]string{"source": "other"}})
		web = must(t, "cancel")(e.svc.Cancel(ctx, operator, web.Number, web.Version, "测试单"))
		refused(t, e, other.Number, "into a cancelled order", order.ErrIllegalTransition, merge(dispatcher, web, web.Version, other, other.Version))

		// The duplicate's reporter tracks the master's progress.
		master = must(t, "master signed")(e.svc.Sign(ctx, gridWorker, master.Number, master.Version))
		tr, err := e.svc.Track(ctx, dup.Number, "1234")
		if err != nil {
			t.Fatal(err)
		}
		if tr.Number != dup.Number || tr.MergedInto != master.Number || tr.Status != order.StatusProcessing ||
			!tr.ResolveDueAt.Equal(master.ResolveDueAt) {
			t.Fatalf("tracking of the duplicate %+v", tr)
		}
		var steps []string
		for _, ev := range tr.Events {
			steps = append(steps, string(ev.Action))
			if ev.ActorID != 0 || ev.Data != nil {
				t.Fatalf("tracking leaks %+v", ev)
			}
		}
		if !slices.Equal(steps, []string{"create", "merge", "sign"}) {
			t.Fatalf("tracked steps %v", steps)
		}
		if tr.Events[1].Note == "同一商户" {
			t.Fatal("the dispatcher's note reached the resident")
		}
		if _, err := e.svc.Track(ctx, dup.Number, "0000"); err == nil {
			t.Fatal("tracked with the wrong phone digits")
		}
		// Merged orders count for 并单率 and raise no concern.
		if n := count(t, db, `SELECT COUNT(*) FROM orders WHERE status = 'merged' AND merged_into > 0`); n != 2 {
			t.Fatalf("%d merged orders", n)
		}
	})
}
