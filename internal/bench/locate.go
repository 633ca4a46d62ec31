package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"time"

	"civicgrid/internal/geo"

	"github.com/paulmach/orb"
)

func init() {
	register(Bench{
		Name:    "locate",
		Summary: "point → grid lookups/s over 50,000 grids through grid.Locator; peer PostGIS ST_Contains with a GiST index",
		Run:     runLocate,
	})
}

const (
	locateDefaultN        = 50_000
	locateDefaultDuration = 5 * time.Second
	locateDefaultMaxOps   = 200_000_000
	locatePoints          = 1 << 16 // the points both sides look up, over and over; a power of two (see point)
	locateSample          = 2_000   // points whose answers are cross-checked
	locateMargin          = 0.05    // share of the city's size added around it for points
)

// locateRun is the state the locate bench's phases share.
type locateRun struct {
	cfg      Config
	progress io.Writer
	workers  int
	stored   []geo.IndexEntry        // what the locator indexed, read back from the store
	entries  map[string]orb.Geometry // the same by code
	points   []orb.Point
	sample   []orb.Point
	ours     []answer // on sample
}

func (r *locateRun) logf(format string, args ...any) {
	fmt.Fprintf(r.progress, "locate: "+format+"\n", args...)
}

// point is the i-th point of worker w: the workers start at even spacings
// through the same points, so each side looks up the same ones.
func (r *locateRun) point(w, i int) orb.Point {
	return r.points[(w*len(r.points)/r.workers+i)&(len(r.points)-1)]
}

func (r *locateRun) load(sampleEvery int) load {
	return load{
		workers:     r.workers,
		duration:    r.cfg.durationOr(locateDefaultDuration),
		maxOps:      r.cfg.maxOpsOr(locateDefaultMaxOps),
		sampleEvery: sampleEvery,
	}
}

func runLocate(ctx context.Context, cfg Config, progress io.Writer) (Result, error) {
	r := &locateRun{cfg: cfg, progress: progress, workers: runtime.GOMAXPROCS(0)}
	n := cfg.nOr(locateDefaultN)
	city, err := newCityLayout(n, cfg.Seed)
	if err != nil {
		return Result{}, err
	}
	r.logf("generated %d grids (seed %d)", n, cfg.Seed)

	db, closeStore, err := openStore(ctx, cfg)
	if err != nil {
		return Result{}, err
	}
	defer closeStore()
	loc, setup, err := r.buildCity(ctx, db, city)
	if err != nil {
		return Result{}, err
	}

	r.points = randomPoints(city.bound, locateMargin, locatePoints, cfg.Seed)
	r.sample = r.points[:locateSample]
	r.ours = make([]answer, len(r.sample))
	for i, p := range r.sample {
		r.ours[i].code, r.ours[i].ok = loc.Locate(p[0], p[1])
	}
	refBoundary, err := compareAnswers(r.sample, r.ours, bruteForce(r.stored, r.sample), r.entries, "brute force")
	if err != nil {
		return Result{}, fmt.Errorf("grid.Locator is wrong: %w", err)
	}
	r.logf("grid.Locator agrees with a brute-force scan on %d points", len(r.sample))

	r.logf("measuring grid.Locator.Locate from %d goroutines for up to %v…", r.workers, r.load(64).duration)
	ours, err := r.load(64).run(ctx, func(w, i int) (bool, error) {
		p := r.point(w, i)
		_, ok := loc.Locate(p[0], p[1])
		return ok, nil
	})
	if err != nil {
		return Result{}, err
	}
	res := Result{
		Ours:     Measure{ours.perSecond(), "lookups/s"},
		PeerName: "PostGIS",
		Extra: []string{
			fmt.Sprintf("locate: %d grids (seed %d), %d random points over the city and %.0f%% around it; %.1f%% of lookups inside a grid",
				n, cfg.Seed, len(r.points), locateMargin*100, 100*float64(ours.hits)/float64(max(ours.ops, 1))),
			fmt.Sprintf("locate setup: %s store, grid.Import %v, grid.NewLocator %v",
				db.Dialect(), setup.importTime.Round(time.Millisecond), setup.buildTime.Round(time.Millisecond)),
			fmt.Sprintf("locate ours: grid.Locator.Locate, %d goroutines: %d lookups in %v; latency p50 %v, p99 %v (1 in 64 timed)",
				r.workers, ours.ops, ours.elapsed.Round(time.Millisecond), short(ours.percentile(50)), short(ours.percentile(99))),
		},
	}

	peer, peerLines, err := r.measurePostGIS(ctx)
	var na *peerUnavailable
	switch {
	case errors.As(err, &na):
		r.logf("PostGIS unavailable: %v", err)
		res.PeerErr = err
		res.Extra = append(res.Extra, fmt.Sprintf("locate agreement: %d points, ours = brute force (%d boundary cases); PostGIS not checked", len(r.sample), refBoundary))
		return res, nil
	case err != nil:
		return Result{}, fmt.Errorf("PostGIS: %w", err)
	}
	res.Peer = Measure{peer.perSecond(), "lookups/s"}
	res.Extra = append(res.Extra, peerLines...)
	return res, nil
}

// measurePostGIS loads the same grids into PostGIS, checks it answers as we
// do, and measures it from as many connections as we had goroutines.
func (r *locateRun) measurePostGIS(ctx context.Context) (tally, []string, error) {
	pg, err := openPostGIS(ctx, r.cfg.peerDB(), r.progress)
	if err != nil {
		return tally{}, nil, err
	}
	defer func() {
		if err := pg.close(); err != nil {
			r.logf("%v", err)
		}
	}()
	began := time.Now()
	if err := pg.load(ctx, r.stored); err != nil {
		return tally{}, nil, fmt.Errorf("load grids: %w", err)
	}
	loadTime := time.Since(began)
	r.logf("PostGIS %s: loaded %d grids and built the GiST index in %v", pg.extVersion, len(r.stored), loadTime.Round(time.Millisecond))
	if _, err := pg.checkPlan(ctx, r.sample[0][0], r.sample[0][1]); err != nil {
		return tally{}, nil, err
	}

	conns := make([]*peerConn, r.workers)
	for w := range conns {
		if conns[w], err = pg.connect(ctx); err != nil {
			for _, c := range conns[:w] {
				c.close()
			}
			return tally{}, nil, fmt.Errorf("connect: %w", err)
		}
	}
	defer func() {
		for _, c := range conns {
			c.close()
		}
	}()

	theirs := make([]answer, len(r.sample))
	for i, p := range r.sample {
		if theirs[i].code, theirs[i].ok, err = conns[0].locate(ctx, p[0], p[1]); err != nil {
			return tally{}, nil, err
		}
	}
	boundary, err := compareAnswers(r.sample, r.ours, theirs, r.entries, "PostGIS")
	if err != nil {
		return tally{}, nil, err
	}
	r.logf("PostGIS agrees with grid.Locator on %d points (%d boundary cases)", len(r.sample), boundary)

	r.logf("measuring PostGIS from %d connections for up to %v…", r.workers, r.load(1).duration)
	peer, err := r.load(1).run(ctx, func(w, i int) (bool, error) {
		p := r.point(w, i)
		_, ok, err := conns[w].locate(ctx, p[0], p[1])
		return ok, err
	})
	if err != nil {
		return tally{}, nil, err
	}
	return peer, []string{
		fmt.Sprintf("locate agreement: %d points, ours = brute force and = PostGIS ST_Contains (%d boundary cases)", len(r.sample), boundary),
		fmt.Sprintf("locate peer: PostGIS %s, ST_Contains + GiST index, prepared, %d connections: %d lookups in %v; latency p50 %v, p99 %v; load+index %v; %.1f%% inside a grid",
			pg.extVersion, r.workers, peer.ops, peer.elapsed.Round(time.Millisecond), short(peer.percentile(50)), short(peer.percentile(99)),
			loadTime.Round(time.Millisecond), 100*float64(peer.hits)/float64(max(peer.ops, 1))),
	}, nil
}
