package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Tx is a transaction that rebinds like DB.
type Tx struct {
	tx      *sql.Tx
	dialect Dialect
	stmts   *stmtCache // the DB's; nil on PostgreSQL
}

func (t *Tx) Dialect() Dialect { return t.dialect }

func (t *Tx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	q = t.dialect.Rebind(q)
	if st := t.stmts.get(ctx, q); st != nil {
		return t.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, q, args...)
}

func (t *Tx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = t.dialect.Rebind(q)
	if st := t.stmts.get(ctx, q); st != nil {
		return t.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, q, args...)
}

func (t *Tx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	q = t.dialect.Rebind(q)
	if st := t.stmts.get(ctx, q); st != nil {
		return t.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, q, args...)
}

// InTx runs fn in a transaction: committed when fn returns nil, rolled back
// on an error or a panic, so a half-done change never lands. On SQLite,
// concurrent callers share one commit (see groupcommit.go); InTx returns
// only once the caller's work is durable.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	leave, err := db.guard.enter()
	if err != nil {
		return err
	}
	defer leave()
	if db.writer != nil {
		return db.inGroup(ctx, fn)
	}
	stx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = stx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = stx.Rollback()
		}
	}()
	if err = fn(&Tx{tx: stx, dialect: db.dialect, stmts: db.stmts}); err != nil {
		return err
	}
	if err = stx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}
