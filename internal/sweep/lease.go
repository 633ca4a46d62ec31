package sweep

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"time"

	"civicgrid/internal/store"
)

// DefaultLeaseTTL is how long a tick's lease lasts without renewal. The
// leader renews it between batches, so it only bounds how long a node
// that died mid-tick keeps the others idle.
const DefaultLeaseTTL = 2 * time.Minute

// leaseName is the row of sweep_leases (migration 00700) the deadline
// sweeper's ticks take turns on.
const leaseName = "deadline"

// Why a lease: nodes started together used to tick at the same moment
// and split every batch between them (SKIP LOCKED), each waiting on the
// other's row locks and index churn; two racing were 40× slower than one
// alone. With one leader per tick the others return at once, so two or
// three nodes are never slower than one. The per-row claims stay as they
// were, so should a lease ever lapse mid-tick (a batch longer than the
// TTL) two sweepers overlapping still act on each order once.
//
// The lease is a row claimed by a conditional UPDATE rather than a
// PostgreSQL advisory lock: the same code serves SQLite, and it needs no
// connection pinned for the tick's many transactions. Its clock is the
// wall clock of the nodes (not Config.Now, which tests move): the TTL
// must exceed the nodes' clock skew.

// lease is one sweeper's hold on the tick.
type lease struct {
	s       *Sweeper
	renewed time.Time
	lost    bool
}

// newHolder names this sweeper in the lease row: host, process and a
// random part, so two sweepers in one process are told apart.
func newHolder() string {
	host, _ := os.Hostname()
	var b [6]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// takeQuery claims the lease when it is free, expired or already ours:
// parameters holder, expires_at, now, holder. On PostgreSQL a node whose
// UPDATE waited for another's re-reads the row and finds it taken.
const takeQuery = `UPDATE sweep_leases SET holder = ?, expires_at = ?
	WHERE name = '` + leaseName + `' AND (expires_at <= ? OR holder = ?)`

// take claims (or renews) the lease; false means another node holds it.
func (s *Sweeper) take(ctx context.Context) (bool, error) {
	now := time.Now()
	res, err := s.db.ExecContext(ctx, takeQuery, s.holder, store.Millis(now.Add(s.leaseTTL)), store.Millis(now), s.holder)
	if err != nil {
		return false, fmt.Errorf("sweep: take the lease: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// acquire starts a tick: a lease when this sweeper may tick, nil when
// another node is ticking.
func (s *Sweeper) acquire(ctx context.Context) (*lease, error) {
	// Look before writing: on SQLite the claim would queue for the write
	// lock behind the leader's batches only to find the lease taken.
	var holder string
	var expires int64
	if err := s.db.QueryRowContext(ctx, `SELECT holder, expires_at FROM sweep_leases WHERE name = '`+leaseName+`'`).
		Scan(&holder, &expires); err != nil {
		return nil, fmt.Errorf("sweep: read the lease: %w", err)
	}
	if holder != s.holder && expires > store.Millis(time.Now()) {
		return nil, nil
	}
	ok, err := s.take(ctx)
	if err != nil || !ok {
		return nil, err
	}
	return &lease{s: s, renewed: time.Now()}, nil
}

// keep renews the lease when a third of its TTL has passed and reports
// whether the tick may go on. A lease lost (it lapsed and another node
// took it) ends the tick quietly: the other node carries on.
func (l *lease) keep(ctx context.Context) (bool, error) {
	if l.lost {
		return false, nil
	}
	if time.Since(l.renewed) < l.s.leaseTTL/3 {
		return true, nil
	}
	ok, err := l.s.take(ctx)
	if err != nil {
		return false, err
	}
	l.renewed, l.lost = time.Now(), !ok
	return ok, nil
}

// release frees the lease at the end of a tick, so the next tick (of
// any node) need not wait for it to lapse. It runs even when ctx ended.
func (l *lease) release(ctx context.Context) {
	if l.lost {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if _, err := l.s.db.ExecContext(ctx, `UPDATE sweep_leases SET holder = '', expires_at = 0
		WHERE name = '`+leaseName+`' AND holder = ?`, l.s.holder); err != nil {
		l.s.log.Warn("deadline sweep: release the lease (it lapses by itself)", "err", err)
	}
}
