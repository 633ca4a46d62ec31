package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"

	"github.com/pressly/goose/v3"
)

// sqliteGoMigrations are the SQLite steps plain SQL cannot do safely: a
// CHECK constraint can only change by rebuilding its table, and a rebuild
// written as SQL copies the table as it stood when the file was written.
// Migrations are numbered in ranges per line of work and a fresh store
// applies them in number order, so such a file loses every column and
// index a lower-numbered migration added later. These rebuild from the
// table's live definition instead. Their versions have no file in either
// folder; PostgreSQL alters its constraint in the SQL migration before.
func sqliteGoMigrations() []*goose.Migration {
	return []*goose.Migration{
		// 00510 (exchange): orders may come from an upstream platform.
		goose.NewGoMigration(511,
			&goose.GoFunc{RunDB: func(ctx context.Context, db *sql.DB) error {
				return rebuildWithCheck(ctx, db, "orders", ordersChannelsBefore511, ordersChannels511)
			}},
			&goose.GoFunc{RunDB: func(ctx context.Context, db *sql.DB) error {
				if _, err := db.ExecContext(ctx, `DELETE FROM orders WHERE channel = 'upstream'`); err != nil {
					return err
				}
				return rebuildWithCheck(ctx, db, "orders", ordersChannels511, ordersChannelsBefore511)
			}}),
	}
}

const (
	ordersChannelsBefore511 = `channel IN ('hotline','web','email','patrol','api','import')`
	ordersChannels511       = `channel IN ('hotline','web','email','patrol','api','import','upstream')`
)

// latestGoMigration is the highest version among sqliteGoMigrations.
func latestGoMigration() int64 {
	var v int64
	for _, m := range sqliteGoMigrations() {
		v = max(v, m.Version)
	}
	return v
}

var createTableHead = regexp.MustCompile(`^CREATE TABLE\s+("?)(\w+)("?)\s*\(`)

// rebuildWithCheck replaces the text oldCheck by newCheck in table's
// definition by the 12-step procedure of SQLite's ALTER TABLE docs (§7):
// foreign keys off on one connection, a new table from the live
// definition, every column copied by name, the old table dropped, the new
// one renamed, its indexes and triggers made again from their live text,
// foreign keys checked before the commit.
func rebuildWithCheck(ctx context.Context, db *sql.DB, table, oldCheck, newCheck string) (err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return err
	}
	defer func() {
		if _, e := conn.ExecContext(ctx, `PRAGMA foreign_keys = ON`); err == nil {
			err = e
		}
	}()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()

	var def string
	if err := tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?`, table).Scan(&def); err != nil {
		return fmt.Errorf("store: rebuild %s: %w", table, err)
	}
	if n := strings.Count(def, oldCheck); n != 1 {
		return fmt.Errorf("store: rebuild %s: the definition holds %q %d times, want once", table, oldCheck, n)
	}
	if !createTableHead.MatchString(def) {
		return fmt.Errorf("store: rebuild %s: unexpected definition %.60q", table, def)
	}
	tmp := table + "_rebuilt"
	def = createTableHead.ReplaceAllString(def, "CREATE TABLE "+tmp+" (")
	def = strings.Replace(def, oldCheck, newCheck, 1)

	var cols []string
	rows, err := tx.QueryContext(ctx, `SELECT name FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		return err
	}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return err
		}
		cols = append(cols, `"`+c+`"`)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var extras []string // indexes and triggers, as they were made
	rows, err = tx.QueryContext(ctx, `SELECT sql FROM sqlite_schema WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name`, table)
	if err != nil {
		return err
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return err
		}
		extras = append(extras, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	list := strings.Join(cols, ", ")
	steps := []string{
		def,
		fmt.Sprintf(`INSERT INTO %s (%s) SELECT %s FROM %s`, tmp, list, list, table),
		`DROP TABLE ` + table,
		fmt.Sprintf(`ALTER TABLE %s RENAME TO %s`, tmp, table),
	}
	for _, s := range append(steps, extras...) {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("store: rebuild %s: %w (in %.80q)", table, err, s)
		}
	}
	var broken int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_foreign_key_check`).Scan(&broken); err != nil {
		return err
	}
	if broken > 0 {
		return fmt.Errorf("store: rebuild %s: %d foreign keys broken", table, broken)
	}
	return tx.Commit()
}
