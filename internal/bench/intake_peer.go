package bench

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"civicgrid/internal/store"
)

// The intake peer is the least any intake must do: INSERT the same rows
// into a table with the same columns, constraints and indexes as orders, in
// the same kind of store with the same durability, one autocommit
// statement per row. It has no foreign keys (a bare table, as PostgreSQL's
// CREATE TABLE … LIKE makes it), no order number counter, no timeline,
// outbox, validation, sealing or HTTP: that is what the ratio prices.
const peerTableName = "bench_orders_peer"

// intakePeer is the peer table and the store it lives in.
type intakePeer struct {
	db      *store.DB
	table   string // as the INSERT names it
	columns []string
	indexes int
	drop    func()
}

// openIntakePeer copies the current shape of ours' orders table, after
// every migration, so the peer keeps up with schema changes: on SQLite
// into a fresh store of its own (store.Open, so the same pragmas: WAL,
// synchronous=FULL), on PostgreSQL into a fresh schema of the same
// database with CREATE TABLE … (LIKE orders INCLUDING ALL).
func openIntakePeer(ctx context.Context, ours *store.DB) (*intakePeer, error) {
	var p *intakePeer
	var err error
	if ours.Dialect() == store.Postgres {
		p, err = openPostgresPeer(ctx, ours)
	} else {
		p, err = openSQLitePeer(ctx, ours)
	}
	if err != nil {
		return nil, err
	}
	oursCols, oursIdx, err := tableShape(ctx, ours, "", "orders")
	if err == nil && (!slices.Equal(oursCols, p.columns) || oursIdx != p.indexes) {
		err = fmt.Errorf("peer table has columns %v and %d indexes; orders has %v and %d", p.columns, p.indexes, oursCols, oursIdx)
	}
	if err != nil {
		p.drop()
		return nil, err
	}
	return p, nil
}

func openSQLitePeer(ctx context.Context, ours *store.DB) (*intakePeer, error) {
	ddl, err := sqliteOrdersDDL(ctx, ours)
	if err != nil {
		return nil, err
	}
	stmts, err := sqlitePeerDDL(ddl)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "civicgrid-bench-peer-")
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, "", dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	p := &intakePeer{db: db, table: peerTableName, drop: func() { db.Close(); os.RemoveAll(dir) }}
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			p.drop()
			return nil, fmt.Errorf("peer DDL %q: %w", s, err)
		}
	}
	if p.columns, p.indexes, err = tableShape(ctx, db, "", peerTableName); err != nil {
		p.drop()
		return nil, err
	}
	return p, nil
}

func openPostgresPeer(ctx context.Context, ours *store.DB) (*intakePeer, error) {
	schema := newSchemaName()
	if _, err := ours.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		return nil, fmt.Errorf("create peer schema: %w", err)
	}
	drop := func() {
		// The run's context may be cancelled (Ctrl-C): clean up regardless.
		cctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _ = ours.ExecContext(cctx, "DROP SCHEMA "+schema+" CASCADE")
	}
	table := schema + "." + peerTableName
	p := &intakePeer{db: ours, table: table, drop: drop}
	var err error
	if _, err = ours.ExecContext(ctx, "CREATE TABLE "+table+" (LIKE orders INCLUDING ALL)"); err == nil {
		p.columns, p.indexes, err = tableShape(ctx, ours, schema, peerTableName)
	}
	if err != nil {
		drop()
		return nil, fmt.Errorf("peer table: %w", err)
	}
	return p, nil
}

// sqliteOrdersDDL is the SQL SQLite keeps for orders and its indexes, the
// table first (indexes made by UNIQUE constraints have none: the table's
// DDL makes them again).
func sqliteOrdersDDL(ctx context.Context, db *store.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT sql FROM sqlite_master
		WHERE tbl_name = 'orders' AND type IN ('table', 'index') AND sql IS NOT NULL
		ORDER BY type = 'index', name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

var (
	sqlComment      = regexp.MustCompile(`--[^\n]*`)
	sqlForeignKey   = regexp.MustCompile(`(?i)\bFOREIGN\s+KEY\b`)
	sqlReferences   = regexp.MustCompile(`(?is)\s+REFERENCES\s+"?\w+"?\s*(\([^)]*\))?(\s+ON\s+(DELETE|UPDATE)\s+(SET\s+NULL|SET\s+DEFAULT|CASCADE|RESTRICT|NO\s+ACTION))*(\s+(NOT\s+)?DEFERRABLE(\s+INITIALLY\s+(DEFERRED|IMMEDIATE))?)?`)
	sqlCreateTable  = regexp.MustCompile(`(?is)^\s*CREATE\s+TABLE\s+(?:"orders"|orders)\s*\(`)
	sqlCreateIndex  = regexp.MustCompile(`(?is)^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+"?(\w+)"?\s+ON\s+(?:"orders"|orders)\s*\(`)
	sqlBlankRuns    = regexp.MustCompile(`\n\s*\n`)
	peerIndexPrefix = "peer_"
)

// sqlitePeerDDL turns the DDL of orders (table first, then its indexes)
// into the peer's: renamed, comments and foreign keys dropped, every
// column, CHECK, UNIQUE and index (partial ones with their WHERE) kept.
func sqlitePeerDDL(ddl []string) ([]string, error) {
	if len(ddl) == 0 {
		return nil, fmt.Errorf("no DDL for orders: is the store migrated?")
	}
	out := make([]string, 0, len(ddl))
	for i, s := range ddl {
		s = sqlBlankRuns.ReplaceAllString(sqlComment.ReplaceAllString(s, ""), "\n")
		if i == 0 {
			if !sqlCreateTable.MatchString(s) {
				return nil, fmt.Errorf("unexpected DDL for orders: %.80q", s)
			}
			if sqlForeignKey.MatchString(s) {
				return nil, fmt.Errorf("orders has a table-level FOREIGN KEY the peer does not know how to drop")
			}
			s = sqlCreateTable.ReplaceAllString(s, "CREATE TABLE "+peerTableName+" (")
			s = sqlReferences.ReplaceAllString(s, "")
		} else {
			if !sqlCreateIndex.MatchString(s) {
				return nil, fmt.Errorf("unexpected DDL for an index of orders: %.80q", s)
			}
			s = sqlCreateIndex.ReplaceAllString(s, "CREATE ${1}INDEX "+peerIndexPrefix+"${2} ON "+peerTableName+" (")
		}
		if strings.Contains(strings.ToUpper(s), "REFERENCES") {
			return nil, fmt.Errorf("a foreign key is left in the peer DDL: %q", s)
		}
		out = append(out, s)
	}
	return out, nil
}

// tableShape is a table's columns in order and its number of indexes
// (those behind PRIMARY KEY and UNIQUE included); schema "" means the
// current one.
func tableShape(ctx context.Context, db *store.DB, schema, table string) ([]string, int, error) {
	var colSQL, idxSQL string
	var args []any
	if db.Dialect() == store.Postgres {
		colSQL = `SELECT column_name FROM information_schema.columns
			WHERE table_schema = COALESCE(NULLIF(?, ''), current_schema()) AND table_name = ? ORDER BY ordinal_position`
		idxSQL = `SELECT COUNT(*) FROM pg_indexes WHERE schemaname = COALESCE(NULLIF(?, ''), current_schema()) AND tablename = ?`
		args = []any{schema, table}
	} else {
		colSQL = `SELECT name FROM pragma_table_info(?) ORDER BY cid`
		idxSQL = `SELECT COUNT(*) FROM pragma_index_list(?)`
		args = []any{table}
	}
	rows, err := db.QueryContext(ctx, colSQL, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, 0, err
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if len(cols) == 0 {
		return nil, 0, fmt.Errorf("table %s not found", table)
	}
	var n int
	err = db.QueryRowContext(ctx, idxSQL, args...).Scan(&n)
	return cols, n, err
}
