package grid

import (
	"context"
	"sync"
	"sync/atomic"

	"civicgrid/internal/geo"
	"civicgrid/internal/store"
)

// Locator answers "which grid is this point in" from an in-memory index of
// every stored grid. Locate never blocks: it reads an immutable geo.Index
// through an atomic pointer, and Rebuild swaps in a fresh one.
//
// Nothing rebuilds it automatically (Import and friends know nothing of
// it): whoever changes grids calls Rebuild afterwards. With several app
// nodes on one PostgreSQL, each node should also call Refresh now and then
// (say every minute) to pick up the others' changes.
type Locator struct {
	db  *store.DB
	idx atomic.Pointer[geo.Index]

	mu          sync.Mutex // one rebuild at a time
	fingerprint fingerprint
}

// fingerprint changes whenever a grid is added, updated or deleted.
type fingerprint struct {
	count   int64
	updated int64
	version int64
}

// NewLocator builds the index of every stored grid.
func NewLocator(ctx context.Context, db *store.DB) (*Locator, error) {
	l := &Locator{db: db}
	l.idx.Store(geo.NewIndex(nil))
	if err := l.Rebuild(ctx); err != nil {
		return nil, err
	}
	return l, nil
}

// Locate returns the code of the grid containing the point (see
// geo.Index.Locate for edges and holes).
func (l *Locator) Locate(lng, lat float64) (gridCode string, ok bool) {
	return l.idx.Load().Locate(lng, lat)
}

// Len is the number of grids in the current index.
func (l *Locator) Len() int { return l.idx.Load().Len() }

// Rebuild reloads every grid and swaps the new index in; lookups during the
// rebuild use the old one.
func (l *Locator) Rebuild(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rebuildLocked(ctx)
}

// Refresh rebuilds only when the grids table changed since the last build,
// and reports whether it did; a cheap poll for multi-node deployments.
func (l *Locator) Refresh(ctx context.Context) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fp, err := l.readFingerprint(ctx)
	if err != nil {
		return false, err
	}
	if fp == l.fingerprint {
		return false, nil
	}
	return true, l.rebuildLocked(ctx)
}

func (l *Locator) rebuildLocked(ctx context.Context) error {
	// Fingerprint first: a change landing mid-load is then seen as new by
	// the next Refresh rather than missed.
	fp, err := l.readFingerprint(ctx)
	if err != nil {
		return err
	}
	entries, err := All(ctx, l.db)
	if err != nil {
		return err
	}
	l.idx.Store(geo.NewIndex(entries))
	l.fingerprint = fp
	return nil
}

func (l *Locator) readFingerprint(ctx context.Context) (fingerprint, error) {
	var fp fingerprint
	err := l.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(updated_at), 0), COALESCE(SUM(version), 0) FROM grids`).
		Scan(&fp.count, &fp.updated, &fp.version)
	return fp, err
}
