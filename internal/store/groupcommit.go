package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
)

// Group commit for SQLite. SQLite has one writer and every commit waits
// for an fsync, so one transaction per request caps intake at one fsync
// per order. Instead, callers that queue for the write turn join the
// transaction already open: each runs inside its own SAVEPOINT (its error
// undoes only its own work), the last caller of a run commits, and every
// caller returns only after that commit is durable. Nobody is answered
// before their work is on disk, so a crash loses nothing acknowledged.

// maxGroup bounds how many callers share one commit, so a steady stream
// of writers still commits regularly.
const maxGroup = 64

// group is one SQLite transaction shared by consecutive InTx callers.
type group struct {
	tx      *sql.Tx
	members int
	done    chan struct{} // closed once the group has committed or rolled back
	err     error         // the commit's outcome, for every member
}

type sqliteWriter struct {
	turn    chan struct{} // holds a token while a caller runs
	waiting atomic.Int32  // callers queued for the turn
	open    *group        // the group a caller holding the turn joins
}

func newSQLiteWriter() *sqliteWriter { return &sqliteWriter{turn: make(chan struct{}, 1)} }

// inGroup runs fn as a member of a group transaction. Waiting for the turn
// ignores ctx on purpose: a queued caller is what keeps an open group
// moving, and the wait is bounded by the transactions ahead of it. fn
// still gets ctx, so a cancelled caller fails fast inside its savepoint.
func (db *DB) inGroup(ctx context.Context, fn func(tx *Tx) error) error {
	w := db.writer
	w.waiting.Add(1)
	w.turn <- struct{}{}
	w.waiting.Add(-1)

	g := w.open
	if g == nil {
		// Detached from ctx: one caller's cancellation must not roll back
		// the others' work in the same transaction.
		stx, err := db.sql.BeginTx(context.Background(), nil)
		if err != nil {
			<-w.turn
			return fmt.Errorf("store: begin: %w", err)
		}
		g = &group{tx: stx, done: make(chan struct{})}
		w.open = g
	}
	g.members++
	fnErr, spErr, panicked := runSavepoint(ctx, &Tx{tx: g.tx, dialect: db.dialect, stmts: db.stmts}, g.members, fn)

	if spErr == nil && panicked == nil && w.waiting.Load() > 0 && g.members < maxGroup {
		// Someone is queued: let them join, and wait for the commit.
		<-w.turn
		<-g.done
		if fnErr != nil {
			return fnErr
		}
		return g.err
	}
	w.open = nil
	if spErr != nil {
		_ = g.tx.Rollback()
		g.err = fmt.Errorf("store: group transaction rolled back: %w", spErr)
	} else if err := g.tx.Commit(); err != nil {
		g.err = fmt.Errorf("store: commit: %w", err)
	}
	close(g.done)
	<-w.turn
	if panicked != nil {
		panic(panicked)
	}
	if fnErr != nil {
		return fnErr
	}
	return g.err
}

// runSavepoint runs fn inside SAVEPOINT sp<n>: released on success, rolled
// back on an error or a panic. spErr reports a savepoint statement that
// failed, which spoils the whole group.
func runSavepoint(ctx context.Context, tx *Tx, n int, fn func(tx *Tx) error) (fnErr, spErr error, panicked any) {
	name := fmt.Sprintf("sp%d", n)
	bg := context.Background()
	if _, err := tx.tx.ExecContext(bg, "SAVEPOINT "+name); err != nil {
		return nil, err, nil
	}
	undo := func() error {
		if _, err := tx.tx.ExecContext(bg, "ROLLBACK TO SAVEPOINT "+name); err != nil {
			return err
		}
		_, err := tx.tx.ExecContext(bg, "RELEASE SAVEPOINT "+name)
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			panicked = p
			spErr = undo()
		}
	}()
	if fnErr = fn(tx); fnErr != nil {
		return fnErr, undo(), nil
	}
	_, spErr = tx.tx.ExecContext(bg, "RELEASE SAVEPOINT "+name)
	return nil, spErr, nil
}

// execInGroup runs an autocommit INSERT, UPDATE or DELETE on SQLite as a
// member of the group commit. Outside it, the write would contend for the
// file's write lock with the group's open transaction through
// busy_timeout, whose handler sleeps (1 ms, growing to 100 ms) rather than
// queueing, and a group beginning behind it would sleep the same way: the
// tail of intake's latency. It returns once its commit is durable.
func (db *DB) execInGroup(ctx context.Context, q string, args []any) (sql.Result, error) {
	var res sql.Result
	err := db.inGroup(ctx, func(tx *Tx) error {
		var err error
		res, err = tx.ExecContext(ctx, q, args...)
		return err
	})
	return res, err
}
