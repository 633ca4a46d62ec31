package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"testing"
	"time"

	"civicgrid/internal/demo"
)

// intakeData is what the run files: the demo district's size and the pool
// of request bodies.
type intakeData struct {
	grids  int
	bodies [][]byte
	before int64 // orders in the store before the run
}

// prepare builds the demo district (no order history: the orders in the
// store are the bench's own) and the request bodies.
func (r *intakeRun) prepare(ctx context.Context, st *intakeStore) (intakeData, error) {
	var d intakeData
	if _, err := demo.Build(ctx, st.db, demo.Options{DataDir: st.dataDir}, io.Discard); err != nil {
		return d, fmt.Errorf("build the demo district: %w", err)
	}
	places, grids, err := intakePlaces(ctx, st.db, intakePlacesPool, r.cfg.Seed)
	if err != nil {
		return d, err
	}
	d.grids = grids
	if d.bodies, err = intakeBodies(places, intakeMatters, intakeBodyPool, r.cfg.Seed); err != nil {
		return d, err
	}
	if d.before, err = countOrders(ctx, st.db); err != nil {
		return d, err
	}
	r.logf("demo district built into %s: %d grids; %d order bodies over %d categories (seed %d)",
		st.db.Dialect(), grids, len(d.bodies), len(intakeMatters), r.cfg.Seed)
	return d, nil
}

// oursFigures is what the server did.
type oursFigures struct {
	where      string // the serve process, or in-process
	inProc     bool
	max        tally         // phase 1, closed loop
	maxNumbers []string      // the order numbers phase 1 was given
	cpu        time.Duration // the server's CPU time in phase 1
	cpuErr     error
	fixed      fixedRate // phase 2, open loop
	rss        int64
	rssWhat    string
	rssErr     error
	check      string // what verifyStored found
}

// measureOurs starts the server, runs both phases against it, reads its
// peak memory, stops it and checks that every acknowledged order is
// stored. The server is the real binary in its own process, unless this
// is a test binary (which cannot serve) or the caller handed over a store
// only this process has.
func (r *intakeRun) measureOurs(ctx context.Context, st *intakeStore, data intakeData) (oursFigures, error) {
	var f oursFigures
	var srv *intakeServer
	var err error
	if f.inProc = r.cfg.Store != nil || testing.Testing(); f.inProc {
		srv, err = startInProcess(ctx, st.db, st.dataDir)
	} else {
		srv, err = startServeProcess(ctx, st.dataDir, st.url)
	}
	if err != nil {
		return f, fmt.Errorf("start the server: %w", err)
	}
	stopped := false
	defer func() {
		if !stopped {
			_ = srv.stop()
		}
	}()
	f.where = "in-process"
	if srv.pid != 0 {
		f.where = fmt.Sprintf("civicgrid serve, pid %d", srv.pid)
	}
	r.logf("server up at %s (%s)", srv.base, f.where)

	client := newIntakeClient(srv.base, max(r.set.clients, intakeMaxInFlight), data.bodies)
	defer client.close()
	if err := checkMatters(ctx, client.http, srv.base, intakeMatters); err != nil {
		return f, err
	}

	r.logf("phase 1: %d clients filing orders back to back for up to %v…", r.set.clients, r.set.duration)
	cpuBefore, errBefore := srv.cpuTime()
	f.max, f.maxNumbers, err = client.closedLoop(ctx, r.set.clients, r.set.duration, r.set.maxOps)
	if err != nil {
		return f, fmt.Errorf("phase 1: %w", err)
	}
	cpuAfter, errAfter := srv.cpuTime()
	f.cpu, f.cpuErr = cpuAfter-cpuBefore, errors.Join(errBefore, errAfter)
	r.logf("phase 1: %d orders in %v = %.0f orders/s", f.max.ops, f.max.elapsed.Round(time.Millisecond), f.max.perSecond())

	rate := r.set.rate
	if rate == 0 {
		rate = intakeRateShare * f.max.perSecond()
	}
	r.logf("phase 2: %.0f orders/s offered at a fixed rate for up to %v…", rate, r.set.duration)
	if f.fixed, err = client.openLoop(ctx, rate, r.set.duration, r.set.maxOps); err != nil {
		return f, fmt.Errorf("phase 2: %w", err)
	}
	f.rss, f.rssWhat, f.rssErr = srv.peakRSS()
	stopped = true
	if err := srv.stop(); err != nil {
		return f, err
	}

	acked := append(slices.Clone(f.maxNumbers), f.fixed.numbers...)
	if f.check, err = verifyStored(ctx, st.db, data.before, acked); err != nil {
		return f, err
	}
	r.logf("check: %s", f.check)
	return f, nil
}
