package address

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// Service keeps the search index next to the store: writes through it
// update the index after they commit, and Search catches up with other
// app nodes' writes (by updated_at) at most every RefreshEvery.
type Service struct {
	db  *store.DB
	loc Locator
	ix  *Index

	mu       sync.Mutex // one refresh at a time
	since    int64      // updated_at of the newest row seen
	lastPoll time.Time
}

// RefreshEvery bounds how stale a node's index may be for writes made on
// another node.
const RefreshEvery = 2 * time.Second

// NewService loads every live address into the index. loc may be nil when
// addresses are only read.
func NewService(ctx context.Context, db *store.DB, loc Locator) (*Service, error) {
	s := &Service{db: db, loc: loc, ix: NewIndex(), since: -1}
	if err := s.Refresh(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Index is the service's search index (for benchmarks and tests).
func (s *Service) Index() *Index { return s.ix }

// Refresh applies every address written since the last refresh, by this
// node or another; it re-reads rows at the same millisecond, which is
// harmless (Put replaces).
func (s *Service) Refresh(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshLocked(ctx)
}

func (s *Service) refreshLocked(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id, level, community_code, grid_code, full_text, retired_at, updated_at
		FROM addresses WHERE updated_at >= ? ORDER BY updated_at`, s.since)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var e Entry
		var retired sql.NullInt64
		var updated int64
		if err := rows.Scan(&e.ID, &e.Level, &e.CommunityCode, &e.GridCode, &e.Text, &retired, &updated); err != nil {
			return err
		}
		if retired.Valid {
			s.ix.Remove(e.ID)
		} else {
			s.ix.Put(e)
		}
		s.since = max(s.since, updated)
	}
	s.lastPoll = time.Now()
	return rows.Err()
}

// maybeRefresh polls for others' writes when the last poll is old; a
// search never waits for another search's poll.
func (s *Service) maybeRefresh(ctx context.Context) {
	if !s.mu.TryLock() {
		return
	}
	defer s.mu.Unlock()
	if time.Since(s.lastPoll) < RefreshEvery {
		return
	}
	_ = s.refreshLocked(ctx) // a failed poll leaves the index as it was; the next one retries
}

// MaxResults bounds one search.
const MaxResults = 50

// Search finds the addresses in the scope best matching what was typed.
func (s *Service) Search(ctx context.Context, scope auth.Scope, query string, limit int) ([]Match, error) {
	if scope.IsZero() {
		return nil, nil
	}
	if limit <= 0 || limit > MaxResults {
		limit = MaxResults
	}
	s.maybeRefresh(ctx)
	return s.ix.Search(query, scope.RegionPrefix(), limit), nil
}

// Resolve turns a typed address into the one standard address it names,
// for filing an order (any grid: a resident may report anywhere). Nothing
// good enough, or two equally good in different grids, gives a
// *NoMatchError with the closest candidates.
func (s *Service) Resolve(ctx context.Context, query string) (Match, error) {
	s.maybeRefresh(ctx)
	ms := s.ix.Search(query, "", 5)
	if len(ms) > 0 && ms[0].Good {
		ambiguous := len(ms) > 1 && ms[1].Good && ms[1].Score == ms[0].Score && ms[1].GridCode != ms[0].GridCode
		if !ambiguous {
			return ms[0], nil
		}
	}
	return Match{}, &NoMatchError{Query: query, Candidates: ms}
}

// Create stores an address and indexes it.
func (s *Service) Create(ctx context.Context, ed grid.Editor, in Input) (Address, error) {
	var a Address
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		a, err = Create(ctx, tx, ed, s.loc, in)
		return err
	})
	if err == nil {
		s.ix.Put(a.entry())
	}
	return a, err
}

// Update edits an address and re-indexes it.
func (s *Service) Update(ctx context.Context, ed grid.Editor, id int64, version int, in Input) (Address, error) {
	var a Address
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		a, err = Update(ctx, tx, ed, s.loc, id, version, in)
		return err
	})
	if err == nil {
		s.ix.Put(a.entry())
	}
	return a, err
}

// Retire retires an address and drops it from the index.
func (s *Service) Retire(ctx context.Context, ed grid.Editor, id int64, version int) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error { return Retire(ctx, tx, ed, id, version) })
	if err == nil {
		s.ix.Remove(id)
	}
	return err
}

// ResolveGrid is Resolve for order intake: the grid of the standard
// address the text names.
func (s *Service) ResolveGrid(ctx context.Context, text string) (string, error) {
	m, err := s.Resolve(ctx, text)
	return m.GridCode, err
}
