package order_test

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// SimilarOpen scores an order being typed as Candidates scores a stored
// one: the same neighbours, the same scores, plus the stored twin itself.
func TestSimilarOpenScoresLikeCandidates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		close := mustCreate(t, e, operator, noiseAt("东门烧烤店每晚噪音扰民", near(100)))
		sameCat := mustCreate(t, e, operator, noiseAt("广场舞音响声音太大", near(50)))
		far := mustCreate(t, e, operator, noiseAt("东门烧烤店每晚噪音扰民", near(1000)))
		otherStreet := mustCreate(t, e, operator, noiseAt("东门烧烤店每晚噪音扰民", inC))
		e.now.Advance(time.Hour)
		typed := noiseAt("东门烧烤店每晚噪音扰民到凌晨", inA)
		master := mustCreate(t, e, operator, typed)

		want, err := e.svc.Candidates(ctx, dispatcher, master.Number)
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.SimilarOpen(ctx, operator, typed, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want)+1 || got[0].Order.Number != master.Number || got[0].Similarity != 1 || got[0].Distance != 0 {
			t.Fatalf("similar %+v, want the twin %s first, then %d candidates", numbers(got), master.Number, len(want))
		}
		for i, w := range want {
			g := got[i+1]
			if g.Order.Number != w.Order.Number || math.Abs(g.Score-w.Score) > 1e-9 || g.Similarity != w.Similarity {
				t.Fatalf("similar #%d is %s (%.4f), candidate is %s (%.4f)", i+1, g.Order.Number, g.Score, w.Order.Number, w.Score)
			}
		}
		seen := map[string]bool{}
		for _, c := range got {
			seen[c.Order.Number] = true
		}
		if !seen[close.Number] || !seen[sameCat.Number] || seen[far.Number] || seen[otherStreet.Number] {
			t.Fatalf("similar %v: want %s and %s, not %s nor %s", numbers(got), close.Number, sameCat.Number, far.Number, otherStreet.Number)
		}
		if got, _ := e.svc.SimilarOpen(ctx, operator, typed, 1); len(got) != 1 {
			t.Fatalf("limit 1 gave %d", len(got))
		}
		// Outside the actor's scope nothing is proposed.
		if got, err := e.svc.SimilarOpen(ctx, streetTwo, typed, 10); err != nil || len(got) != 0 {
			t.Fatalf("another street sees %v (%v)", numbers(got), err)
		}
	})
}

func TestSimilarOpenByGridAndWithoutPlace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		inGridA := mustCreate(t, e, operator, noiseAt("楼上半夜装修噪音", inA))
		inGridB := mustCreate(t, e, operator, noiseAt("楼上半夜装修噪音", inB))
		before := e.snapshot(t)

		byGrid := order.Input{Category: "noise.disturb", Description: "半夜装修", GridCode: gridA}
		got, err := e.svc.SimilarOpen(ctx, operator, byGrid, 5)
		if err != nil || len(got) != 1 || got[0].Order.Number != inGridA.Number || got[0].Distance != -1 {
			t.Fatalf("by grid A: %v (%v), want only %s", numbers(got), err, inGridA.Number)
		}
		byCommunity := order.Input{Category: "noise.disturb", CommunityCode: community1}
		if got, err := e.svc.SimilarOpen(ctx, operator, byCommunity, 5); err != nil || len(got) != 0 {
			// Orders with a grid are not "in the community without grid".
			t.Fatalf("by community: %v (%v)", numbers(got), err)
		}
		if got, err := e.svc.SimilarOpen(ctx, operator, order.Input{Description: "楼上半夜装修噪音"}, 5); err != nil || len(got) != 0 {
			t.Fatalf("no place yet: %v (%v)", numbers(got), err)
		}
		outside := order.Input{Category: "noise.disturb", Point: &order.Point{Lng: 120, Lat: 30}}
		if _, err := e.svc.SimilarOpen(ctx, operator, outside, 5); !errors.Is(err, order.ErrOutsideGrids) {
			t.Fatalf("outside every grid: %v", err)
		}
		bad := order.Input{Point: &order.Point{Lng: 200, Lat: 30}}
		if _, err := e.svc.SimilarOpen(ctx, operator, bad, 5); !errors.Is(err, order.ErrPointOutOfRange) {
			t.Fatalf("lng 200: %v", err)
		}
		if _, err := e.svc.SimilarOpen(ctx, operator, order.Input{GridCode: "210504002001009"}, 5); !errors.Is(err, order.ErrUnknownLocation) {
			t.Fatalf("unknown grid: %v", err)
		}
		if after := e.snapshot(t); after != before {
			t.Fatalf("SimilarOpen wrote: %v → %v", before, after)
		}
		_ = inGridB
	})
}

func numbers(cs []order.Candidate) []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		out = append(out, c.Order.Number)
	}
	return out
}
