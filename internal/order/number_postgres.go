package order

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"civicgrid/internal/store"
)

// numberSequence names the PostgreSQL sequence of a day's order numbers
// (day is YYYYMMDD, digits only, so the name is a safe identifier). It
// lives in the store's schema, created by the day's first order.
func numberSequence(day string) string { return "order_number_" + day }

// nextFromSequence returns the next value of the day's sequence, creating
// the sequence for the day's first order.
func nextFromSequence(ctx context.Context, tx *store.Tx, day string) (int64, error) {
	name := numberSequence(day)
	if seq, ok, err := nextval(ctx, tx, name); err != nil || ok {
		return seq, err
	}
	created := createSequence(ctx, tx, day, name)
	seq, ok, err := nextval(ctx, tx, name)
	switch {
	case err != nil:
		return 0, err
	case !ok && created != nil:
		return 0, created
	case !ok:
		return 0, fmt.Errorf("sequence %s missing after it was created", name)
	}
	return seq, nil
}

// nextval reports ok false when the sequence does not exist (yet).
func nextval(ctx context.Context, tx *store.Tx, name string) (int64, bool, error) {
	var seq sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT nextval(to_regclass(?))`, name).Scan(&seq); err != nil {
		return 0, false, err
	}
	return seq.Int64, seq.Valid, nil
}

// createSequence creates the day's sequence in a savepoint, starting
// after the numbers order_counters handed out for the day before this
// scheme (a store upgraded mid-day, or an import into an older day). A
// concurrent intake creating the same sequence makes this one wait for its
// commit and then fail with a unique violation: the savepoint is rolled
// back and the other's sequence serves. The error, if any, is returned for
// the caller to report should the sequence still be missing.
func createSequence(ctx context.Context, tx *store.Tx, day, name string) error {
	if _, err := tx.ExecContext(ctx, `SAVEPOINT order_number`); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `CREATE SEQUENCE IF NOT EXISTS `+name+` MINVALUE 1 START 1`)
	if err == nil {
		_, err = tx.ExecContext(ctx, `SELECT setval(to_regclass(?), seq) FROM order_counters WHERE day = ? AND seq > 0`, name, day)
	}
	if err != nil {
		if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT order_number`); rerr != nil {
			return rerr
		}
		return fmt.Errorf("create sequence %s: %w", name, err)
	}
	_, err = tx.ExecContext(ctx, `RELEASE SAVEPOINT order_number`)
	return err
}

// allocateOrder draws a new order's number for the day of t and, on
// PostgreSQL, its id in the same round trip, for writeNewOrder to insert
// the row and its events in one statement. On SQLite the id is 0: the
// INSERT assigns it.
func allocateOrder(ctx context.Context, tx *store.Tx, t time.Time, zone *time.Location) (int64, string, error) {
	if tx.Dialect() != store.Postgres {
		number, err := allocateNumber(ctx, tx, t, zone)
		return 0, number, err
	}
	day := t.In(zone).Format("20060102")
	var id int64
	var seq sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT nextval(pg_get_serial_sequence('orders', 'id')), nextval(to_regclass(?))`,
		numberSequence(day)).Scan(&id, &seq)
	if err != nil {
		return 0, "", fmt.Errorf("order: allocate id and number: %w", err)
	}
	if !seq.Valid { // the day's first order: its sequence is made
		if seq.Int64, err = nextFromSequence(ctx, tx, day); err != nil {
			return 0, "", fmt.Errorf("order: allocate number: %w", err)
		}
	}
	return id, formatNumber(day, seq.Int64), nil
}
