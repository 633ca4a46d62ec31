package demo

import (
	"context"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"civicgrid/internal/order"
)

// simulate lives every order of days. Days are shared out among workers,
// each with its own Service and simulated clock; a day's orders are filed
// in order of receipt by one worker, so order numbers follow receipt.
// Each order draws its lifecycle from its own random stream (seed and
// index), so the history does not depend on how the days were shared.
func simulate(ctx context.Context, days []dayPlan, staff *roster, newService func(now func() time.Time) (*order.Service, error),
	opts HistoryOptions, step func(string, ...any)) (int, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	queue := make(chan dayPlan)
	var steps atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < opts.Workers; w++ {
		clock := &simClock{}
		svc, err := newService(clock.Now)
		if err != nil {
			return 0, err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range queue {
				for _, s := range d.orders {
					l := &life{ctx: ctx, svc: svc, clock: clock, end: opts.End, staff: staff, spec: s,
						rng: rand.New(rand.NewPCG(opts.Seed^0x6c696665, uint64(s.index)))} // "life"
					if err := l.live(); err != nil {
						cancel(err)
						return
					}
					steps.Add(int64(l.steps))
				}
			}
		}()
	}
feed:
	for i, d := range days {
		select {
		case queue <- d:
		case <-ctx.Done():
			break feed
		}
		if n := i + 1; n < len(days) && n%30 == 0 {
			step("history: day %d of %d (%s) under way", n, len(days), d.day.Format(time.DateOnly))
		}
	}
	close(queue)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return 0, err
	}
	return int(steps.Load()), nil
}
