package bench

import (
	"context"
	"slices"
	"sync"
	"time"
)

// load drives an operation from several goroutines at once until a time or
// a count bound, whichever comes first.
type load struct {
	workers  int
	duration time.Duration
	maxOps   int64 // across all workers
	// sampleEvery times one operation in this many for the latency
	// percentiles (1 times them all); timing every sub-microsecond
	// operation would slow it measurably.
	sampleEvery int
}

// tally is what a load run did.
type tally struct {
	ops, hits int64
	elapsed   time.Duration
	latencies []time.Duration // the sampled ones, sorted
}

func (t tally) perSecond() float64 { return float64(t.ops) / t.elapsed.Seconds() }

// percentile of the sampled latencies, p in [0, 100].
func (t tally) percentile(p float64) time.Duration {
	if len(t.latencies) == 0 {
		return 0
	}
	i := int(p / 100 * float64(len(t.latencies)-1))
	return t.latencies[i]
}

// checkEvery is how many operations a worker runs between looks at the
// clock.
const checkEvery = 64

// run calls op(worker, i) for i = 0, 1, … in each worker; op reports
// whether it found something (so the work cannot be optimised away and
// the hit share can be printed). The first error stops every worker.
func (l load) run(ctx context.Context, op func(worker, i int) (hit bool, err error)) (tally, error) {
	workers := max(l.workers, 1)
	perWorker := max(l.maxOps/int64(workers), 1)
	every := max(l.sampleEvery, 1)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	type workerTally struct {
		ops, hits int64
		lat       []time.Duration
		_         [64]byte // keep neighbours' counters off one cache line
	}
	res := make([]workerTally, workers)
	start := time.Now()
	deadline := start.Add(l.duration)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := &res[w]
			var ops, hits int64
			defer func() { t.ops, t.hits = ops, hits }()
			for i := 0; int64(i) < perWorker; i++ {
				if i%checkEvery == 0 && (ctx.Err() != nil || time.Now().After(deadline)) {
					return
				}
				var began time.Time
				if i%every == 0 {
					began = time.Now()
				}
				hit, err := op(w, i)
				if err != nil {
					cancel(err)
					return
				}
				if i%every == 0 {
					t.lat = append(t.lat, time.Since(began))
				}
				ops++
				if hit {
					hits++
				}
			}
		}()
	}
	wg.Wait()
	var out tally
	out.elapsed = time.Since(start)
	for _, t := range res {
		out.ops += t.ops
		out.hits += t.hits
		out.latencies = append(out.latencies, t.lat...)
	}
	slices.Sort(out.latencies)
	if err := context.Cause(ctx); err != nil {
		return out, err
	}
	return out, nil
}

// short rounds a duration to three significant digits for printing:
// 1.13µs, 91.2µs, 2.44ms.
func short(d time.Duration) time.Duration {
	for unit := time.Duration(1); unit < time.Hour; unit *= 10 {
		if d < 1000*unit {
			return d.Round(unit)
		}
	}
	return d.Round(time.Second)
}
