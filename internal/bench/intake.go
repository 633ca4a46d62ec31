package bench

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"time"
)

func init() {
	register(Bench{
		Name: "intake",
		Summary: "resident web orders/s over HTTP into `civicgrid serve` on the 明山区 demo (idempotency keys, durable commit), " +
			"p50/p99 at a fixed rate, server peak RSS; peer bare INSERT of the same rows into a copy of the orders table",
		Run: runIntake,
	})
}

const (
	intakeDefaultDuration = 10 * time.Second
	intakeDefaultMaxOps   = 100_000
	intakeBodyPool        = 4096 // distinct bodies, each sent with a fresh key
	intakePlacesPool      = 4096
	intakeKeyPrefix       = "bench-intake-"
	phaseMax              = "max"  // the closed-loop phase: most orders/s
	phaseRate             = "rate" // the open-loop phase at a fixed rate
	// intakeRateShare of the measured maximum is the default fixed rate:
	// busy but not saturated, where latency percentiles mean something.
	intakeRateShare = 0.5
)

// intakeSettings are the intake bench's knobs: --clients (concurrent
// clients, and the peer's goroutines) and --rate (orders/s of the
// fixed-rate phase), with defaults.
type intakeSettings struct {
	clients  int
	rate     float64 // 0: intakeRateShare of the measured maximum
	duration time.Duration
	maxOps   int64
}

// intakeDefaultClients is 8 per CPU (16 on the 2-CPU reference machine):
// enough that the next orders are parsed and checked while one commits,
// and that PostgreSQL can group commits. More only lengthens the queue:
// on SQLite 1, 16 and 32 clients gave 497, 540 and 560 orders/s, with p99
// 9, 276 and 343 ms.
func intakeDefaultClients() int { return 8 * runtime.GOMAXPROCS(0) }

func intakeSettingsFrom(cfg Config) (intakeSettings, error) {
	s := intakeSettings{
		clients:  intakeDefaultClients(),
		duration: cfg.durationOr(intakeDefaultDuration),
		maxOps:   cfg.maxOpsOr(intakeDefaultMaxOps),
	}
	if cfg.Clients != 0 {
		if cfg.Clients < 1 || cfg.Clients > 512 {
			return s, fmt.Errorf("--clients %d: want 1 to 512", cfg.Clients)
		}
		s.clients = cfg.Clients
	}
	if cfg.Rate != 0 {
		if !(cfg.Rate > 0) || cfg.Rate > 1e6 {
			return s, fmt.Errorf("--rate %g: want orders/s above 0", cfg.Rate)
		}
		s.rate = cfg.Rate
	}
	return s, nil
}

type intakeRun struct {
	cfg      Config
	set      intakeSettings
	progress io.Writer
	began    time.Time
}

func (r *intakeRun) logf(format string, args ...any) {
	fmt.Fprintf(r.progress, "intake [%5.1fs]: "+format+"\n", append([]any{time.Since(r.began).Seconds()}, args...)...)
}

// runIntake builds the demo district into a fresh store, measures ours
// (both phases, then the check that nothing acknowledged was lost), then
// the peer on the rows ours stored in phase 1.
func runIntake(ctx context.Context, cfg Config, progress io.Writer) (Result, error) {
	set, err := intakeSettingsFrom(cfg)
	if err != nil {
		return Result{}, err
	}
	r := &intakeRun{cfg: cfg, set: set, progress: progress, began: time.Now()}
	st, err := openIntakeStore(ctx, cfg)
	if err != nil {
		return Result{}, err
	}
	defer st.close()
	data, err := r.prepare(ctx, st)
	if err != nil {
		return Result{}, err
	}
	ours, err := r.measureOurs(ctx, st, data)
	if err != nil {
		return Result{}, err
	}
	rows, err := readOrderRows(ctx, st.db, intakeKeyPrefix+phaseMax+"-")
	if err != nil {
		return Result{}, err
	}
	peer, err := openIntakePeer(ctx, st.db)
	if err != nil {
		return Result{}, fmt.Errorf("peer: %w", err)
	}
	defer peer.drop()
	r.logf("peer: inserting the same %d rows into %s (%d columns, %d indexes) from %d goroutines…",
		len(rows.values), peer.table, len(peer.columns), peer.indexes, set.clients)
	bare, err := peer.insertAll(ctx, rows, set.clients)
	if err != nil {
		return Result{}, err
	}
	r.logf("peer: %d rows in %v = %.0f rows/s", bare.ops, bare.elapsed.Round(time.Millisecond), bare.perSecond())
	durability, err := durabilityOf(ctx, st.db)
	if err != nil {
		return Result{}, err
	}
	return r.result(st.db, data, ours, peer, bare, durability), nil
}
