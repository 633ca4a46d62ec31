package server

import (
	"context"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/notify"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/sweep"
)

// Background runs the periodic duties of one app node until ctx ends: the
// deadline sweeper (warn, mark overdue, escalate), the notifiers reading
// the outbox, picking up grid changes made by other nodes (the locator),
// the calendar amended elsewhere, and purging ended sessions and old
// sign-in failure counts. Each duty
// claims its work with conditional updates, so several nodes on one
// PostgreSQL may run them at once.
func Background(ctx context.Context, app *App, db *store.DB, policy auth.Policy, sinks []notify.Sink) error {
	sw, err := sweep.New(sweep.Config{DB: db, Now: app.Now, Logger: app.Log})
	if err != nil {
		return err
	}
	go sw.Run(ctx, 30*time.Second)
	if len(sinks) > 0 {
		n, err := notify.New(notify.Config{DB: db, Sinks: sinks, Now: app.Now, Logger: app.Log})
		if err != nil {
			return err
		}
		go n.Run(ctx)
	}
	go app.Exchange.Run(ctx, time.Minute) // pulls what a district's pushes missed
	go app.Reports.Run(ctx, time.Minute)  // keeps the measures' daily rollup current
	go housekeeping(ctx, app, db, policy)
	go app.Classifier.Run(ctx, time.Hour)              // retrains the category model when the history changed
	go app.Bulletins.Run(ctx, 10*time.Minute, app.Log) // mails the 周报/月报 when a period ends
	return nil
}

func housekeeping(ctx context.Context, app *App, db *store.DB, policy auth.Policy) {
	refresh := time.NewTicker(time.Minute)
	purge := time.NewTicker(10 * time.Minute)
	hotspots := time.NewTicker(10 * time.Minute)
	defer hotspots.Stop()
	raiseHotspots(ctx, app)
	defer refresh.Stop()
	defer purge.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-refresh.C:
			if _, err := app.Locator.Refresh(ctx); err != nil && ctx.Err() == nil {
				app.Log.Warn("locator refresh", "err", err)
			}
			if err := app.Calendar.Reload(ctx, db); err != nil && ctx.Err() == nil {
				app.Log.Warn("calendar reload", "err", err)
			}
		case <-hotspots.C:
			raiseHotspots(ctx, app)
		case <-purge.C:
			n, err := policy.PurgeSessions(ctx, db, app.Now())
			if err != nil && ctx.Err() == nil {
				app.Log.Warn("purge sessions", "err", err)
			} else if n > 0 {
				app.Log.Info("purged ended sessions", "count", n)
			}
			if _, err := auth.PurgeSignInFailures(ctx, db, app.Now()); err != nil && ctx.Err() == nil {
				app.Log.Warn("purge sign-in failures", "err", err)
			}
			if _, err := order.PurgeTracking(ctx, db, app.Now()); err != nil && ctx.Err() == nil {
				app.Log.Warn("purge tracking misses and rating tokens", "err", err)
			}
		}
	}
}

// raiseHotspots opens grid tasks for new hot spots (未诉先办).
func raiseHotspots(ctx context.Context, app *App) {
	raised, err := app.Tasks.Raise(ctx)
	if err != nil && ctx.Err() == nil {
		app.Log.Warn("hot spots", "err", err)
	}
	for _, t := range raised {
		app.Log.Info("hot spot: grid task raised", "grid", t.GridCode, "category", t.Category, "orders", t.OrderCount)
	}
	raiseOverdueVisits(ctx, app)
}

// raiseOverdueVisits opens grid tasks for grids with overdue care visits.
func raiseOverdueVisits(ctx context.Context, app *App) {
	raised, err := app.Care.RaiseOverdue(ctx)
	if err != nil && ctx.Err() == nil {
		app.Log.Warn("overdue care visits", "err", err)
	}
	for _, t := range raised {
		app.Log.Info("overdue care visits: grid task raised", "grid", t.GridCode, "members", t.OrderCount)
	}
}
