package sweep

import "civicgrid/internal/store"

// clauses are the few per-store words of the sweeper's SQL.
type clauses struct {
	// skipLocked ends a candidate search on PostgreSQL: rows another
	// sweeper (or a person's action) holds are left to the next tick
	// instead of waited for, so sweepers neither queue nor deadlock.
	skipLocked string
	// indexed names the step's partial index on SQLite, whose planner
	// (without statistics) would rather serve "status IN (…)" from
	// orders_status and scan every open order. If a predicate ever stops
	// matching its index, SQLite refuses the statement instead of
	// silently scanning.
	indexed func(index string) string
	// byRowid makes SQLite's outer UPDATE find the claimed rows by rowid
	// rather than by the status index.
	byRowid string
}

func clausesFor(d store.Dialect) clauses {
	if d == store.Postgres {
		return clauses{skipLocked: " FOR UPDATE SKIP LOCKED", indexed: func(string) string { return "" }}
	}
	return clauses{indexed: func(index string) string { return " INDEXED BY " + index }, byRowid: " NOT INDEXED"}
}
