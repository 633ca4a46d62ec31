package bench

import (
	"context"
	"fmt"
	"sync"
	"time"

	"civicgrid/internal/sweep"
	"civicgrid/internal/sweep/sweepgen"
)

// raceNodes is the --nodes phase of the sweep bench (issue 18, item 3):
// a second store filled with the same backlog, and nodes sweepers (as on
// that many app nodes, sharing one connection pool here) starting their
// catch-up tick at the same instant. It checks that together they did
// exactly what the lone catch-up tick did, every due escalation once, and
// reports the wall time against the lone tick's.
func raceNodes(ctx context.Context, cfg Config, n int, alone sweep.Report, r *sweepRun) ([]string, error) {
	db, closeStore := cfg.RaceStore, func() {}
	if db == nil {
		var err error
		if db, closeStore, err = openStore(ctx, Config{DB: cfg.DB}); err != nil {
			return nil, fmt.Errorf("second store for --nodes: %w", err)
		}
	}
	defer closeStore()
	r.logf("--nodes %d: generating the same %d open orders into a second store…", cfg.Nodes, n)
	if err := sweepgen.Fill(ctx, db, n, sweepStart, nil); err != nil {
		return nil, err
	}
	nodes := make([]*sweep.Sweeper, cfg.Nodes)
	for i := range nodes {
		s, err := sweep.New(sweep.Config{DB: db, Now: func() time.Time { return sweepStart }})
		if err != nil {
			return nil, err
		}
		nodes[i] = s
	}
	r.logf("--nodes %d: catch-up ticks starting together…", cfg.Nodes)
	reports := make([]sweep.Report, len(nodes))
	errs := make([]error, len(nodes))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, s := range nodes {
		wg.Go(func() {
			<-start
			reports[i], errs[i] = s.Tick(ctx)
		})
	}
	began := time.Now()
	close(start)
	wg.Wait()
	wall := time.Since(began)
	var sum sweep.Report
	idle := 0
	var took []string
	for i, rep := range reports {
		if errs[i] != nil {
			return nil, fmt.Errorf("node %d: %w", i+1, errs[i])
		}
		if rep.Idle {
			idle++
		}
		r.logf("node %d: %+v", i+1, rep)
		took = append(took, short(rep.Took).String())
		sum.ReplyWarnings += rep.ReplyWarnings
		sum.ReplyOverdue += rep.ReplyOverdue
		sum.ResolveWarnings += rep.ResolveWarnings
		sum.ResolveOverdue += rep.ResolveOverdue
		sum.Escalated += rep.Escalated
		sum.Flagged += rep.Flagged
		sum.Postponed += rep.Postponed
		sum.Stayed += rep.Stayed
	}
	if oursDue(sum) != oursDue(alone) || sum.Events() != alone.Events() {
		return nil, fmt.Errorf("NODES DIFFER: %d nodes together did %+v, one alone %+v", cfg.Nodes, sum, alone)
	}
	var twice int64
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT order_id, action FROM order_events
		WHERE actor_role = 'system' GROUP BY order_id, action HAVING COUNT(*) > 1) d`).Scan(&twice); err != nil {
		return nil, err
	}
	if twice > 0 {
		return nil, fmt.Errorf("NODES DIFFER: %d (order, step) pairs done more than once by %d nodes", twice, cfg.Nodes)
	}
	ratio := wall.Seconds() / alone.Took.Seconds()
	return []string{
		fmt.Sprintf("sweep nodes: %d nodes starting their catch-up tick together over the same backlog (%s store, one connection pool): "+
			"%v wall (node ticks %v, %d idle) against %v for one alone (%.2f×); the same %d events, no step done twice",
			cfg.Nodes, db.Dialect(), short(wall), took, idle, short(alone.Took), ratio, sum.Events()),
		fmt.Sprintf("sweep nodes target: %d nodes never slower than one %s (%.2f× the lone tick; >1 within noise on a loaded machine)",
			cfg.Nodes, mark(ratio <= 1.1), ratio),
	}, nil
}

// checkNodes validates --nodes for the sweep bench.
func checkNodes(cfg Config) error {
	if cfg.Nodes < 0 || cfg.Nodes > 16 {
		return fmt.Errorf("--nodes %d: want 2 to 16 (0 or 1 for none)", cfg.Nodes)
	}
	if cfg.Nodes > 1 && cfg.Store != nil && cfg.RaceStore == nil {
		return fmt.Errorf("--nodes needs a second store")
	}
	return nil
}
