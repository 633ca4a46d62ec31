package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"
)

func init() {
	register(Bench{
		Name: "city",
		Summary: "a big city's 12345 day (Beijing's 66,000 contacts, 3× peak hour) compressed into 10 minutes on 3 `civicgrid serve` " +
			"nodes sharing one PostgreSQL (--db): API and Open311 intake, staff moving orders through the ladder, dashboards and the dispatch " +
			"board read, sweepers escalating, one node SIGKILLed and restarted; checks every order, event and escalation exactly once; " +
			"peer the same day on one node",
		Run: runCity,
	})
}

const (
	cityDefaultDuration = 10 * time.Minute
	cityDefaultNodes    = 3
	cityDefaultDesks    = 8
	cityStaffThink      = 20 * time.Millisecond
	// cityEscalationPatience: a sweep tick every 30 s, and a lease the
	// killed node held lapsing after 2 minutes.
	cityEscalationPatience = 3 * time.Minute
	// cityLastDueBeforeEnd: the backlog's last deadline falls this long
	// before the day ends, so the sweepers' ticks reach it during the run.
	cityLastDueBeforeEnd = 45 * time.Second
)

// citySettings are the city bench's knobs: --nodes, --duration (the
// compressed day), --rate (orders/s at the peak hour), --n (backlog
// orders for the sweepers), --clients (staff desks).
type citySettings struct {
	db       string
	seed     uint64
	nodes    int
	duration time.Duration
	peak     float64
	backlog  int
	desks    int
}

func citySettingsFrom(cfg Config) (citySettings, error) {
	s := citySettings{db: cfg.DB, seed: cfg.Seed, nodes: cityDefaultNodes, duration: cfg.durationOr(cityDefaultDuration),
		peak: cityPeakPerSecond * cityDefaultPeakTimes, desks: cityDefaultDesks}
	switch {
	case cfg.DB == "" || cfg.Store != nil:
		return s, fmt.Errorf("city runs its nodes on one PostgreSQL: give --db postgres://…")
	case cfg.Nodes != 0 && (cfg.Nodes < 2 || cfg.Nodes > 8):
		return s, fmt.Errorf("--nodes %d: want 2 to 8", cfg.Nodes)
	case cfg.Rate < 0 || cfg.Rate > 10_000:
		return s, fmt.Errorf("--rate %g: want the peak hour's orders/s, above 0", cfg.Rate)
	case cfg.Clients < 0 || cfg.Clients > 256:
		return s, fmt.Errorf("--clients %d: want 1 to 256 staff desks", cfg.Clients)
	}
	if cfg.Nodes != 0 {
		s.nodes = cfg.Nodes
	}
	if cfg.Rate > 0 {
		s.peak = cfg.Rate
	}
	if cfg.Clients > 0 {
		s.desks = cfg.Clients
	}
	// One backlog order falling due per second of the day by default.
	s.backlog = cfg.nOr(max(20, int(s.duration.Seconds())))
	return s, nil
}

type cityRun struct {
	set      citySettings
	progress io.Writer
	began    time.Time
}

func (r *cityRun) logf(format string, args ...any) {
	fmt.Fprintf(r.progress, "city [%6.1fs]: "+format+"\n", append([]any{time.Since(r.began).Seconds()}, args...)...)
}

// runCity runs the day on the nodes with one of them killed midway, then
// the same day on one node.
func runCity(ctx context.Context, cfg Config, progress io.Writer) (Result, error) {
	set, err := citySettingsFrom(cfg)
	if err != nil {
		return Result{}, err
	}
	r := &cityRun{set: set, progress: progress, began: time.Now()}
	schedule := cityDaySchedule(set.duration, set.peak)
	if len(schedule) == 0 {
		return Result{}, fmt.Errorf("a day of %v at %.2f orders/s at the peak files no order", set.duration, set.peak)
	}
	r.logf("a day of %d orders in %v (peak %.1f orders/s = %.1f× Beijing's %.2f/s), %d backlog orders falling due, %d staff desks",
		len(schedule), set.duration, set.peak, set.peak/cityPeakPerSecond, cityPeakPerSecond, set.backlog, set.desks)
	st, err := openIntakeStore(ctx, Config{DB: set.db})
	if err != nil {
		return Result{}, err
	}
	defer st.close()
	r.logf("building the demo district, the Open311 keys and the staff accounts…")
	in, staff, err := r.prepare(ctx, st)
	if err != nil {
		return Result{}, err
	}
	// Both days run on the same store, one after the other (the peer's
	// starts with the first day's orders on file: a few thousand more rows
	// than a fresh store, the price of building the district once). The
	// checks after each cover everything filed so far.
	var sofar cityTotals
	ours, err := r.day(ctx, st, in, staff, &sofar, set.nodes, true, schedule)
	if err != nil {
		return Result{}, fmt.Errorf("%d nodes: %w", set.nodes, err)
	}
	peer, err := r.day(ctx, st, in, staff, &sofar, 1, false, schedule)
	if err != nil {
		return Result{}, fmt.Errorf("one node: %w", err)
	}
	res := Result{
		Ours:     Measure{ours.throughput(), "requests/s"},
		PeerName: "one-node", // the same day on one node
		Peer:     Measure{peer.throughput(), "requests/s"},
	}
	res.Extra = append(ours.lines(), peer.lines()...)
	return res, nil
}

// cityFigures is what one day did.
type cityFigures struct {
	name                   string
	nodes                  int
	offered                int
	acked                  []filed
	viaOpen311             int
	actions, reads, closed int
	elapsed                time.Duration
	lat                    *cityLatencies
	failovers              int64
	kill                   string
	check                  cityCheck
	escalationWait         time.Duration
	rss                    []string
}

func (f cityFigures) requests() int { return len(f.acked) + f.actions + f.reads }

func (f cityFigures) throughput() float64 { return float64(f.requests()) / f.elapsed.Seconds() }

func (f cityFigures) lines() []string {
	out := []string{
		fmt.Sprintf("%s: %d orders offered over %v, %d acknowledged (%d through Open311); %d staff actions (%d orders closed); "+
			"%d reads; %d requests in %v = %.1f requests/s sustained; %d requests failed over to another node",
			f.name, f.offered, f.elapsed.Round(time.Second), len(f.acked), f.viaOpen311, f.actions, f.closed, f.reads,
			f.requests(), f.elapsed.Round(time.Millisecond), f.throughput(), f.failovers),
	}
	lat := f.name + " latency:"
	for _, class := range cityClasses {
		t := f.lat.tally(class)
		lat += fmt.Sprintf(" %s p50 %v p99 %v (%d);", class, short(t.percentile(50)), short(t.percentile(99)), t.ops)
	}
	out = append(out, lat)
	reads := f.name + " reads:"
	for _, rd := range cityReads {
		t := f.lat.tally(classRead + " " + rd.path)
		reads += fmt.Sprintf(" %s p50 %v p99 %v (%d);", rd.path, short(t.percentile(50)), short(t.percentile(99)), t.ops)
	}
	out = append(out, reads)
	if f.kill != "" {
		out = append(out, f.name+" kill: "+f.kill)
	}
	out = append(out, fmt.Sprintf("%s check: %d orders acknowledged, each stored once, no other; %d events numbered 1…n once each "+
		"per order, with %d outbox rows, one each; %d staff actions each on the timeline as often as acknowledged; "+
		"%d escalations by the sweepers, every one due done once (caught up %v after the day)",
		f.name, f.check.orders, f.check.events, f.check.outbox, f.check.actions, f.check.escalated, short(f.escalationWait)))
	if len(f.rss) > 0 {
		out = append(out, fmt.Sprintf("%s server peak RSS: %v", f.name, f.rss))
	}
	return out
}

// cityTotals is what the days so far filed and did, for the checks.
type cityTotals struct {
	acked   []filed
	actions map[string]map[string]int
	days    int
}

// day fills the day's backlog, starts the nodes, runs the day and checks
// the store.
func (r *cityRun) day(ctx context.Context, st *intakeStore, in *cityIntake, staff *cityStaff, sofar *cityTotals,
	nodes int, kill bool, schedule []time.Duration) (cityFigures, error) {
	name := fmt.Sprintf("city %d nodes", nodes)
	if nodes == 1 {
		name = "city peer 1 node"
	}
	f := cityFigures{name: name, nodes: nodes, offered: len(schedule), lat: &cityLatencies{}}
	sofar.days++
	in.run = fmt.Sprintf("%s-%d", in.run, sofar.days)
	lastDue := time.Now().Add(max(0, r.set.duration-cityLastDueBeforeEnd))
	backlog := fmt.Sprintf("%s%d-", cityBacklogPrefix, sofar.days)
	if err := fillBacklog(ctx, st.db, backlog, r.set.backlog, in.grids, staff.depts[0], lastDue); err != nil {
		return f, err
	}
	// The previous day's nodes are gone: a lease one of them held when it
	// stopped (a node stopped mid-tick does not wait to release it) would
	// keep this day's sweepers idle for up to 2 minutes.
	if _, err := st.db.ExecContext(ctx, `UPDATE sweep_leases SET holder = '', expires_at = 0`); err != nil {
		return f, err
	}
	c, err := startCluster(ctx, nodes, st.dataDir, st.url)
	if err != nil {
		return f, err
	}
	stopped := false
	defer func() {
		if !stopped {
			_ = c.stop()
		}
	}()
	r.logf("%s: nodes up at %v", name, c.bases())

	over := make(chan struct{})
	ladder := &cityLadder{c: c, staff: staff, lat: f.lat, think: cityStaffThink, over: over}
	work := make(chan filed, len(schedule))
	loadCtx, cancelLoad := context.WithCancelCause(ctx)
	defer cancelLoad(nil)
	desks := make(chan error, r.set.desks)
	for d := range r.set.desks {
		go func() { desks <- ladder.work(loadCtx, d, work) }()
	}
	readCtx, stopReading := context.WithCancel(loadCtx)
	type readResult struct {
		n   int
		err error
	}
	readers := make(chan readResult, cityReaders)
	for k := range cityReaders {
		go func() {
			n, err := readDay(readCtx, c, staff, f.lat, k)
			readers <- readResult{n, err}
		}()
	}
	killed := make(chan string, 1)
	if kill && nodes > 1 {
		go func() { killed <- r.crashAndRestart(loadCtx, c, nodes-1) }()
	} else {
		killed <- ""
	}

	start := time.Now()
	f.acked, err = in.fileDay(loadCtx, c, schedule, f.lat, work)
	f.elapsed = time.Since(start)
	dayEnd := time.Now()
	close(over)
	stopReading()
	if err != nil {
		cancelLoad(err)
	}
	var errs []error
	errs = append(errs, err)
	for range r.set.desks {
		errs = append(errs, <-desks)
	}
	for range cityReaders {
		rr := <-readers
		f.reads += rr.n
		errs = append(errs, rr.err)
	}
	f.kill = <-killed
	if err := errors.Join(errs...); err != nil {
		return f, err
	}
	for _, a := range f.acked {
		if a.open311 {
			f.viaOpen311++
		}
	}
	f.actions, f.closed = ladder.total()
	f.failovers = c.failovers.Load()
	r.logf("%s: the day is over: %d orders, %d staff actions, %d reads in %v; waiting for the sweepers…",
		name, len(f.acked), f.actions, f.reads, f.elapsed.Round(time.Millisecond))

	missing, err := awaitEscalations(ctx, st.db, dayEnd, cityEscalationPatience)
	if err != nil {
		return f, err
	}
	f.escalationWait = time.Since(dayEnd)
	if missing > 0 {
		r.logf("%s: %d backlog orders due by the end of the day still not escalated after %v", name, missing, cityEscalationPatience)
	}
	f.rss = c.peakRSS()
	stopped = true
	if err := c.stop(); err != nil {
		return f, err
	}
	sofar.acked = append(sofar.acked, f.acked...)
	if sofar.actions == nil {
		sofar.actions = map[string]map[string]int{}
	}
	for number, by := range ladder.acked {
		sofar.actions[number] = by // each order is the ladder's of one day only
	}
	if f.check, err = checkCity(ctx, st.db, sofar.acked, sofar.actions, dayEnd); err != nil {
		return f, err
	}
	r.logf("%s: check passed", name)
	return f, nil
}

// crashAndRestart kills node i halfway through the day and starts it
// again a little later; it says what happened.
func (r *cityRun) crashAndRestart(ctx context.Context, c *cityCluster, i int) string {
	half := r.set.duration / 2
	down := min(max(r.set.duration/40, time.Second), 15*time.Second)
	select {
	case <-ctx.Done():
		return "not killed: the day ended first"
	case <-time.After(half):
	}
	pid := c.node(i).pid
	c.crash(i)
	killedAt := time.Now()
	r.logf("node %d (pid %d) killed (SIGKILL)", i+1, pid)
	select {
	case <-ctx.Done():
		return fmt.Sprintf("node %d (pid %d) SIGKILLed at %v; not restarted: the day ended first", i+1, pid, half)
	case <-time.After(down):
	}
	began := time.Now()
	if err := c.restart(ctx, i); err != nil {
		r.logf("%v", err)
		return fmt.Sprintf("node %d (pid %d) SIGKILLed at %v; restart failed: %v", i+1, pid, half, err)
	}
	r.logf("node %d back (pid %d) after %v", i+1, c.node(i).pid, time.Since(killedAt).Round(time.Millisecond))
	return fmt.Sprintf("node %d (pid %d) SIGKILLed %v into the day, restarted %v later at the same address (pid %d), "+
		"up in %v", i+1, pid, half, down, c.node(i).pid, time.Since(began).Round(time.Millisecond))
}

// openDayKeys is how many Open311 api_keys the client apps use: each key
// may send 60 requests a minute to each node.
func openDayKeys(peak float64) int {
	return max(4, int(math.Ceil(peak*cityOpen311Share*1.5)))
}
