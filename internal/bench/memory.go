package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/report/reportgen"
	"civicgrid/internal/store"
)

func init() {
	register(Bench{
		Name: "memory",
		Summary: "civicgrid serve over the stats bench's store (1,000,000 orders; --orders 10000000 for the target) under a mixed load " +
			"(intake, order lists, measures and rankings, the measures page, dashboard, dispatch board) for --duration (default 2m); " +
			"the server's peak RSS against the 300 MB target",
		Run: runMemory,
	})
}

const (
	memoryDefaultOrders   = 1_000_000
	memoryDefaultDuration = 2 * time.Minute
	memoryDefaultClients  = 4
	memoryTargetMB        = 300
)

// runMemory makes (or with --keep reuses) the stats bench's store, starts
// `civicgrid serve` on it as a process of its own, drives the mixed load
// from several clients for the duration, and reports the server's peak
// RSS (VmHWM) with the load's latencies. Any answer other than the one
// expected fails the run.
func runMemory(ctx context.Context, cfg Config, progress io.Writer) (Result, error) {
	r := &statsRun{progress: progress, began: time.Now()}
	n := int64(cfg.nOr(memoryDefaultOrders))
	dur := cfg.Duration
	if dur == 0 {
		dur = memoryDefaultDuration
	}
	clients := cfg.Clients
	if clients == 0 {
		clients = memoryDefaultClients
	}
	ms, err := openMemoryStore(ctx, cfg)
	if err != nil {
		return Result{}, err
	}
	defer ms.close()
	generated, err := r.ordersFor(ctx, ms.db, cfg, n)
	if err != nil {
		return Result{}, err
	}
	rep, err := statsReporter(ms.db)
	if err != nil {
		return Result{}, err
	}
	if _, err := r.rollup(ctx, rep); err != nil {
		return Result{}, err
	}
	user := fmt.Sprintf("memory%d", time.Now().UnixNano()%1_000_000_000)
	const password = "Memory-Bench-2026-x"
	if _, err := auth.CreateUser(ctx, ms.db, auth.NewUser{Username: user, Role: auth.RoleDispatcher, NodeCode: reportgen.City, Password: password}, auth.Actor{}); err != nil {
		return Result{}, err
	}
	var srv *intakeServer
	inProc := cfg.Store != nil || testing.Testing()
	if inProc {
		srv, err = startInProcess(ctx, ms.db, ms.dataDir)
	} else {
		ms.closeDB() // the server process opens the store itself
		srv, err = startServeProcess(ctx, ms.dataDir, ms.url)
	}
	if err != nil {
		return Result{}, fmt.Errorf("start the server: %w", err)
	}
	r.logf("serving %d orders (%s) at %s; %d clients for %v…", n, generated, srv.base, clients, dur)
	load, loadErr := driveMemoryLoad(ctx, srv, user, password, clients, dur, r)
	peak, what, rssErr := srv.peakRSS()
	stopErr := srv.stop()
	if loadErr != nil {
		return Result{}, loadErr
	}
	if rssErr != nil {
		return Result{}, rssErr
	}
	if stopErr != nil {
		return Result{}, stopErr
	}
	peakMB := float64(peak) / (1 << 20)
	extra := []string{
		fmt.Sprintf("memory: %d orders of district %s (seed %d, %s), %s store; %d clients for %v; server %s",
			n, reportgen.District(1), cfg.Seed, generated, ms.dialect, clients, dur, map[bool]string{true: "in this process", false: "its own process"}[inProc]),
	}
	extra = append(extra, load.lines()...)
	extra = append(extra, fmt.Sprintf("memory peak RSS: %.0f MB (%s); sampled RSS max %.0f MB", peakMB, what, float64(load.maxRSS)/(1<<20)),
		fmt.Sprintf("memory target: <%d MB %s (%.0f MB on %d orders%s)", memoryTargetMB, mark(peakMB < memoryTargetMB), peakMB, n,
			map[bool]string{true: "; the target is set on 10,000,000: run with --orders 10000000", false: ""}[n < 10_000_000]))
	return Result{
		Ours:          Measure{peakMB, "MB"},
		PeerName:      "target",
		Peer:          Measure{memoryTargetMB, "MB"},
		LowerIsBetter: true,
		Extra:         extra,
	}, nil
}

// memoryStore is the store the server runs on: where it lives (for the
// serve process) and how to drop it when it was not kept.
type memoryStore struct {
	db      *store.DB
	dialect store.Dialect
	dataDir string // SQLite store, or the server's files with PostgreSQL
	url     string // PostgreSQL URL with the schema; "" for SQLite
	closeDB func()
	close   func()
}

// openMemoryStore opens the kept store (--keep), else a fresh one that is
// removed afterwards, or the test's store.
func openMemoryStore(ctx context.Context, cfg Config) (*memoryStore, error) {
	tmp, err := os.MkdirTemp("", "civicgrid-memory-")
	if err != nil {
		return nil, err
	}
	ms := &memoryStore{dataDir: tmp, closeDB: func() {}}
	cleanup := []func(){func() { os.RemoveAll(tmp) }}
	ms.close = func() {
		ms.closeDB()
		for i := len(cleanup) - 1; i >= 0; i-- {
			cleanup[i]()
		}
	}
	if cfg.Store != nil {
		ms.db, ms.dialect = cfg.Store, cfg.Store.Dialect()
		return ms, nil
	}
	kept := cfg
	if kept.Keep == "" {
		if cfg.DB != "" {
			kept.Keep = newSchemaName()
			base := cfg.DB
			cleanup = append(cleanup, func() { dropSchema(base, kept.Keep) })
		} else {
			kept.Keep = tmp
		}
	}
	db, closeDB, err := openKeptStore(ctx, kept)
	if err != nil {
		ms.close()
		return nil, err
	}
	ms.db, ms.dialect, ms.closeDB = db, db.Dialect(), onceFunc(closeDB)
	if cfg.DB != "" {
		if ms.url, err = withSearchPath(cfg.DB, kept.Keep); err != nil {
			ms.close()
			return nil, err
		}
	} else {
		ms.dataDir = kept.Keep
	}
	return ms, nil
}

func onceFunc(f func()) func() {
	done := false
	return func() {
		if !done {
			done = true
			f()
		}
	}
}

// dropSchema removes a bench schema, whatever became of the run's context.
func dropSchema(base, schema string) {
	cctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if a, err := store.Open(cctx, base, ""); err == nil {
		_, _ = a.ExecContext(cctx, "DROP SCHEMA "+schema+" CASCADE")
		a.Close()
	}
}
