package sweep

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"civicgrid/internal/store"
)

// DefaultBatch is how many rows one statement claims.
const DefaultBatch = 500

// Config is what a Sweeper needs; only DB is required.
type Config struct {
	DB *store.DB
	// Now is the time source; nil means time.Now. Tests set it.
	Now    func() time.Time
	Policy Policy
	// Batch is how many rows one statement claims; 0 means DefaultBatch.
	Batch int
	// Logger gets Run's reports and errors; nil means slog.Default().
	Logger *slog.Logger
	// LeaseTTL bounds how long a node that died mid-tick keeps the others
	// idle (lease.go); 0 means DefaultLeaseTTL.
	LeaseTTL time.Duration
}

// Sweeper runs the deadline steps. It is safe for concurrent use, also
// from several app nodes on one database.
type Sweeper struct {
	db      *store.DB
	now     func() time.Time
	policy  Policy
	batch   int
	log     *slog.Logger
	clauses clauses
	// holder and leaseTTL: this sweeper's name in the lease row, and how
	// long its lease lasts unrenewed.
	holder   string
	leaseTTL time.Duration
}

// New checks cfg and makes a Sweeper.
func New(cfg Config) (*Sweeper, error) {
	if cfg.DB == nil {
		return nil, errors.New("sweep: no database")
	}
	if cfg.Batch < 0 || cfg.Batch > 5000 {
		return nil, errors.New("sweep: batch must be between 1 and 5000 (0 for the default)")
	}
	if cfg.LeaseTTL < 0 {
		return nil, errors.New("sweep: the lease TTL must not be negative (0 for the default)")
	}
	policy, err := cfg.Policy.withDefaults()
	if err != nil {
		return nil, err
	}
	s := &Sweeper{db: cfg.DB, now: cfg.Now, policy: policy, batch: cfg.Batch, log: cfg.Logger,
		holder: newHolder(), leaseTTL: cfg.LeaseTTL}
	if s.leaseTTL == 0 {
		s.leaseTTL = DefaultLeaseTTL
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.batch == 0 {
		s.batch = DefaultBatch
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.clauses = clausesFor(cfg.DB.Dialect())
	return s, nil
}

// Policy returns the policy in force, defaults filled in.
func (s *Sweeper) Policy() Policy { return s.policy }

// Report counts what one tick did.
type Report struct {
	ReplyWarnings   int // provisional reply due soon
	ReplyOverdue    int // provisional reply overdue
	ResolveWarnings int // resolution due soon
	ResolveOverdue  int // resolution overdue
	Escalated       int // moved up the ladder (grid → street → centre)
	Flagged         int // flagged for supervision
	Postponed       int // escalation waits for the handler's grace
	Stayed          int // overdue where the ladder ends: nothing more to do
	// Idle: another node held the tick's lease, so this one did nothing.
	Idle bool
	Took time.Duration
}

// Events is how many timeline (and outbox) events the tick wrote.
func (r Report) Events() int {
	return r.ReplyWarnings + r.ReplyOverdue + r.ResolveWarnings + r.ResolveOverdue + r.Escalated + r.Flagged
}

// Tick runs every step once over all due orders, in batches of one
// transaction each: warnings, overdue marks, then escalations (so an order
// found overdue climbs in the same tick). An error stops the tick; what
// was committed before it stays, and the next tick carries on.
//
// Only one sweeper over a store ticks at a time (the lease, lease.go):
// the tick of any other returns at once with Report.Idle.
func (s *Sweeper) Tick(ctx context.Context) (Report, error) {
	start := time.Now()
	var r Report
	l, err := s.acquire(ctx)
	if err != nil || l == nil {
		r.Idle, r.Took = err == nil, time.Since(start)
		return r, err
	}
	defer l.release(ctx)
	now := store.Time(store.Millis(s.now())) // stored precision
	steps := []struct {
		m     mark
		lead  time.Duration
		count *int
	}{
		{replyWarning, s.policy.ReplyWarning, &r.ReplyWarnings},
		{resolveWarning, s.policy.ResolveWarning, &r.ResolveWarnings},
		{replyOverdue, 0, &r.ReplyOverdue},
		{resolveOverdue, 0, &r.ResolveOverdue},
	}
	for _, st := range steps {
		if l.lost {
			break // another node took over mid-tick and carries on
		}
		n, err := s.markAll(ctx, l, st.m, st.lead, now)
		*st.count += n
		if err != nil {
			r.Took = time.Since(start)
			return r, err
		}
	}
	if !l.lost {
		err = s.escalateAll(ctx, l, now, &r)
	}
	r.Took = time.Since(start)
	return r, err
}

// Run ticks every interval until ctx ends, logging what each tick did
// and any error (the next tick retries).
func (s *Sweeper) Run(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = time.Minute
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		r, err := s.Tick(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			s.log.Warn("deadline sweep", "err", err, "events", r.Events())
		case r.Events() > 0:
			s.log.Info("deadline sweep", "reply_warnings", r.ReplyWarnings, "reply_overdue", r.ReplyOverdue,
				"resolve_warnings", r.ResolveWarnings, "resolve_overdue", r.ResolveOverdue,
				"escalated", r.Escalated, "flagged", r.Flagged, "took", r.Took)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
