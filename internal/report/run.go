package report

import (
	"context"
	"time"
)

// DefaultRefreshEvery is how often Run refreshes the rollup: measures from
// the rollup are at most this old (Query.Direct gives live figures).
const DefaultRefreshEvery = time.Minute

// Run refreshes the rollup every interval (0 means DefaultRefreshEvery)
// until ctx ends; the first refresh of an unbuilt rollup rebuilds it.
// Errors are logged and retried at the next tick. Every node may run it.
func (r *Reporter) Run(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = DefaultRefreshEvery
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		res, err := r.Refresh(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			r.log.Error("report: rollup refresh failed", "err", err)
		case res.Rebuilt:
			r.log.Info("report: rollup rebuilt", "days", res.Days, "rows", res.Rows, "took", res.Took)
		case res.Days > 0:
			r.log.Debug("report: rollup refreshed", "days", res.Days, "rows", res.Rows, "took", res.Took)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
