package server

import (
	"context"
	"log/slog"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// Background runs the periodic duties of one app node until ctx ends:
// picking up grid changes made by other nodes (the locator), the calendar
// amended elsewhere, and purging ended sessions. Each duty is idempotent,
// so several nodes on one PostgreSQL may run them at once.
func Background(ctx context.Context, app *App, db *store.DB, policy auth.Policy) {
	refresh := time.NewTicker(time.Minute)
	purge := time.NewTicker(10 * time.Minute)
	defer refresh.Stop()
	defer purge.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-refresh.C:
			if _, err := app.Locator.Refresh(ctx); err != nil && ctx.Err() == nil {
				slog.Warn("locator refresh", "err", err)
			}
			if err := app.Calendar.Reload(ctx, db); err != nil && ctx.Err() == nil {
				slog.Warn("calendar reload", "err", err)
			}
		case <-purge.C:
			n, err := policy.PurgeSessions(ctx, db, time.Now())
			if err != nil && ctx.Err() == nil {
				slog.Warn("purge sessions", "err", err)
			} else if n > 0 {
				slog.Info("purged ended sessions", "count", n)
			}
		}
	}
}
