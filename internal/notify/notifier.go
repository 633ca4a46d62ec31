package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// Defaults for Config.
const (
	DefaultBatch       = 20
	DefaultLease       = 2 * time.Minute
	DefaultTimeout     = 10 * time.Second
	DefaultMaxAttempts = 8
	DefaultRetryBase   = 15 * time.Second
	DefaultRetryMax    = 30 * time.Minute
	DefaultEvery       = 2 * time.Second
)

// Config is what a Notifier needs: DB and at least one sink.
type Config struct {
	DB    *store.DB
	Sinks []Sink
	// Batch is how many events one claim takes.
	Batch int
	// Lease is how long a claim holds an event before another notifier
	// may take it. A notifier delivers only within the first half of its
	// lease, and each sink call within Timeout, so a live notifier's
	// events are never delivered twice.
	Lease   time.Duration
	Timeout time.Duration
	// MaxAttempts is how many deliveries are tried before the event is
	// parked as failed.
	MaxAttempts int
	// A failed attempt n is retried after RetryBase·2^(n-1), at most
	// RetryMax.
	RetryBase time.Duration
	RetryMax  time.Duration
	// Every is how long Run waits when the outbox is empty.
	Every time.Duration
	// Now is the time source for claims and backoff; nil means time.Now.
	Now    func() time.Time
	Logger *slog.Logger
}

// Notifier delivers the outbox to its sinks.
type Notifier struct {
	cfg Config
	log *slog.Logger
}

// New checks cfg, fills in the defaults and makes a Notifier.
func New(cfg Config) (*Notifier, error) {
	if cfg.DB == nil {
		return nil, errors.New("notify: no database")
	}
	if len(cfg.Sinks) == 0 {
		return nil, errors.New("notify: no sinks")
	}
	names := map[string]bool{}
	for _, s := range cfg.Sinks {
		if names[s.Name()] {
			return nil, fmt.Errorf("notify: two sinks named %q", s.Name())
		}
		names[s.Name()] = true
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&cfg.Lease, DefaultLease)
	def(&cfg.Timeout, DefaultTimeout)
	def(&cfg.RetryBase, DefaultRetryBase)
	def(&cfg.RetryMax, DefaultRetryMax)
	def(&cfg.Every, DefaultEvery)
	if cfg.Batch <= 0 {
		cfg.Batch = DefaultBatch
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if budget := time.Duration(len(cfg.Sinks)) * cfg.Timeout; budget > cfg.Lease/2 {
		return nil, fmt.Errorf("notify: %d sinks × timeout %v = %v exceeds half the lease %v: an event could be delivered twice",
			len(cfg.Sinks), cfg.Timeout, budget, cfg.Lease)
	}
	n := &Notifier{cfg: cfg, log: cfg.Logger}
	if n.log == nil {
		n.log = slog.Default()
	}
	return n, nil
}

// Report counts what one Poll did.
type Report struct {
	Claimed   int
	Delivered int // to every sink that wants it
	Retrying  int // failed, will be retried after the backoff
	Failed    int // failed the last attempt: parked
	Released  int // handed back undelivered: the lease ran short
}

// Poll claims one batch of events and delivers each to every sink.
func (n *Notifier) Poll(ctx context.Context) (r Report, err error) {
	claimedAt := store.Time(store.Millis(n.cfg.Now()))
	events, err := order.ClaimOutbox(ctx, n.cfg.DB, n.cfg.Batch, n.cfg.Lease, claimedAt)
	if err != nil {
		return r, err
	}
	r.Claimed = len(events)
	// The events every sink took are marked done together when the batch
	// ends, however it ends: one statement instead of one per event. A
	// crash before that delivers them again, as one between a delivery and
	// its mark always could (delivery is at least once).
	var done []int64
	defer func() { err = errors.Join(err, n.markDone(done)) }()
	started := time.Now()
	for i, e := range events {
		if ctx.Err() != nil {
			return r, n.shutDown(ctx, events[i:], claimedAt, &r)
		}
		if time.Since(started) > n.cfg.Lease/2 {
			// Out of time: hand the rest back now rather than let the
			// lease expire under a slow delivery.
			return r, n.releaseAll(events[i:], claimedAt, &r)
		}
		if err := n.deliver(ctx, e, &r, &done); err != nil {
			if ctx.Err() != nil {
				return r, n.shutDown(ctx, events[i:], claimedAt, &r)
			}
			return r, err
		}
	}
	return r, nil
}

// shutDown hands back what is left, for another node to deliver at once,
// and returns why.
func (n *Notifier) shutDown(ctx context.Context, events []order.OutboxEvent, claimedAt time.Time, r *Report) error {
	if err := n.releaseAll(events, claimedAt, r); err != nil {
		return err
	}
	return ctx.Err()
}

// deliver sends e to each sink that wants it and has not taken it yet,
// then marks it done, or schedules the retry, or parks it.
func (n *Notifier) deliver(ctx context.Context, e order.OutboxEvent, r *Report, done *[]int64) error {
	db := n.cfg.DB
	var already map[string]bool
	if len(n.cfg.Sinks) > 1 { // with one sink there are no partial deliveries
		var err error
		if already, err = delivered(ctx, db, e.ID); err != nil {
			return err
		}
	}
	var took, failures []string
	for _, s := range n.cfg.Sinks {
		if already[s.Name()] || !wants(s, e.Topic) {
			continue
		}
		sctx, cancel := context.WithTimeout(ctx, n.cfg.Timeout)
		err := s.Deliver(sctx, e)
		cancel()
		if err != nil {
			if ctx.Err() != nil { // shutting down: not the sink's fault
				return errors.Join(ctx.Err(), n.recordShutDown(e.ID, took))
			}
			failures = append(failures, s.Name()+": "+err.Error())
			continue
		}
		took = append(took, s.Name())
	}
	now := n.cfg.Now()
	if len(failures) == 0 {
		r.Delivered++
		*done = append(*done, e.ID)
		return nil
	}
	for _, name := range took {
		if err := recordDelivery(ctx, db, e.ID, name, now); err != nil {
			return err
		}
	}
	cause := strings.Join(failures, "; ")
	if e.Attempts >= n.cfg.MaxAttempts {
		r.Failed++
		n.log.Error("outbox event failed every attempt: parked", "outbox_id", e.ID, "topic", e.Topic,
			"attempts", e.Attempts, "err", cause)
		return giveUp(ctx, db, e.ID, cause, now)
	}
	r.Retrying++
	wait := n.backoff(e.Attempts)
	n.log.Warn("outbox delivery failed: will retry", "outbox_id", e.ID, "topic", e.Topic, "attempt", e.Attempts,
		"retry_in", wait, "err", cause)
	return retryLater(ctx, db, e.ID, cause, now.Add(wait), n.cfg.Lease)
}

// recordShutDown notes the sinks that took an event before a shutdown
// interrupted it, so the node that delivers it next skips them.
func (n *Notifier) recordShutDown(id int64, took []string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, name := range took {
		if err := recordDelivery(ctx, n.cfg.DB, id, name, n.cfg.Now()); err != nil {
			return err
		}
	}
	return nil
}

// backoff is the wait after failed attempt n (1-based).
func (n *Notifier) backoff(attempt int) time.Duration {
	d := n.cfg.RetryBase
	for i := 1; i < attempt && d < n.cfg.RetryMax; i++ {
		d *= 2
	}
	return min(d, n.cfg.RetryMax)
}

// markDone marks delivered events done, with a context of its own: the
// caller's may have ended (a shutdown), and the deliveries happened.
func (n *Notifier) markDone(ids []int64) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return order.OutboxDoneAll(ctx, n.cfg.DB, ids, n.cfg.Now())
}

func (n *Notifier) releaseAll(events []order.OutboxEvent, claimedAt time.Time, r *Report) error {
	// The caller's ctx may be done: release with a short one of our own.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, e := range events {
		if err := release(ctx, n.cfg.DB, e.ID, claimedAt); err != nil {
			return err
		}
		r.Released++
	}
	return nil
}

// Run polls until ctx ends: at once again while claims come back full,
// else after Every. Errors are logged and retried.
func (n *Notifier) Run(ctx context.Context) {
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		r, err := n.Poll(ctx)
		if err != nil && ctx.Err() == nil {
			n.log.Warn("notify", "err", err)
		}
		wait := n.cfg.Every
		if err == nil && r.Claimed == n.cfg.Batch {
			wait = 0
		}
		t.Reset(wait)
	}
}

// Run makes a Notifier from cfg and runs it until ctx ends.
func Run(ctx context.Context, cfg Config) error {
	n, err := New(cfg)
	if err != nil {
		return err
	}
	n.Run(ctx)
	return nil
}
