package bench

import (
	"fmt"
	"runtime"
	"time"

	"civicgrid/internal/store"
)

// result is the intake bench's figures and the lines that explain them.
func (r *intakeRun) result(db *store.DB, data intakeData, ours oursFigures, peer *intakePeer, bare tally, durability string) Result {
	return Result{
		Ours:     Measure{ours.max.perSecond(), "orders/s"},
		PeerName: "INSERT",
		Peer:     Measure{bare.perSecond(), "orders/s"},
		Extra: []string{
			fmt.Sprintf("intake: 明山区 demo, %d grids, %s store (%s); resident web orders, JSON, no photos, %d distinct bodies over %d categories, "+
				"points inside random grids (%.0f%% at a building), each with a fresh Idempotency-Key (seed %d)",
				data.grids, db.Dialect(), durability, len(data.bodies), len(intakeMatters), 100*intakeAtBuilding, r.cfg.Seed),
			fmt.Sprintf("intake ours: POST /api/v1/orders to %s, %d clients back to back: %d orders in %v; latency p50 %v, p99 %v; %s",
				ours.where, r.set.clients, ours.max.ops, ours.max.elapsed.Round(time.Millisecond),
				short(ours.max.percentile(50)), short(ours.max.percentile(99)), cpuLine(ours)),
			fmt.Sprintf("intake fixed rate: %.0f orders/s offered (%s) for %v: %d orders, %.0f orders/s answered; latency from due time p50 %v, p99 %v; at most %d in flight",
				ours.fixed.offered, rateSource(r.set.rate), ours.fixed.elapsed.Round(time.Millisecond), ours.fixed.sent, ours.fixed.achieved(),
				short(ours.fixed.percentile(50)), short(ours.fixed.percentile(99)), ours.fixed.maxInFlight),
			"intake check: " + ours.check,
			rssLine(ours),
			fmt.Sprintf("intake peer: bare INSERT of the same %d rows into %s (same %d columns, CHECKs, UNIQUEs and %d indexes; no foreign keys), "+
				"one autocommit statement per row, %d goroutines: %v; latency p50 %v, p99 %v",
				bare.ops, peerKind(db), len(peer.columns), peer.indexes, r.set.clients, bare.elapsed.Round(time.Millisecond),
				short(bare.percentile(50)), short(bare.percentile(99))),
			intakeTargets(ours.max.perSecond(), bare.perSecond(), ours.rss, ours.rssErr),
		},
	}
}

// cpuLine is the server's CPU time per order in phase 1: how far the
// server is from being CPU-bound.
func cpuLine(f oursFigures) string {
	if f.cpuErr != nil {
		return fmt.Sprintf("CPU time unavailable (%v)", f.cpuErr)
	}
	perOrder := f.cpu / time.Duration(max(f.max.ops, 1))
	if f.inProc {
		return fmt.Sprintf("process CPU %v/order, server and clients together", short(perOrder))
	}
	return fmt.Sprintf("server CPU %v/order (%.2f of %d CPUs busy)", short(perOrder), f.cpu.Seconds()/f.max.elapsed.Seconds(), runtime.NumCPU())
}

func rssLine(f oursFigures) string {
	if f.rssErr != nil {
		return fmt.Sprintf("intake server peak RSS: unavailable (%v)", f.rssErr)
	}
	return fmt.Sprintf("intake server peak RSS: %.1f MB (%s)", float64(f.rss)/(1<<20), f.rssWhat)
}

func rateSource(fixed float64) string {
	if fixed > 0 {
		return "CIVICGRID_BENCH_RATE"
	}
	return fmt.Sprintf("%.0f%% of phase 1", 100*intakeRateShare)
}

func peerKind(db *store.DB) string {
	if db.Dialect() == store.Postgres {
		return "a table of a fresh schema in the same PostgreSQL"
	}
	return "a fresh SQLite file with the same pragmas"
}

// intakeTargets reads the figures against issue 6's targets: at least 1,000
// orders/s and 40 % of the bare INSERT rate (on either store), server RSS
// under 300 MB.
func intakeTargets(ours, peer float64, rss int64, rssErr error) string {
	s := fmt.Sprintf("intake targets: ≥1000 orders/s %s (%.0f); ≥40%% of bare INSERT %s (%.0f%%)",
		mark(ours >= 1000), ours, mark(ours >= 0.4*peer), 100*ours/peer)
	if rssErr == nil {
		s += fmt.Sprintf("; server RSS <300 MB %s", mark(rss < 300<<20))
	}
	return s
}
