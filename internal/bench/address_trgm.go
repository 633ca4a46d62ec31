package bench

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// trgmSQL is what a PostgreSQL user would write for "the addresses most
// like what was typed": pg_trgm's similarity operator over a GIN trigram
// index, best first.
const trgmSQL = `SELECT id FROM peer_addresses WHERE text % $1 ORDER BY similarity(text, $1) DESC, id LIMIT 10`

// measureTrgm loads the same addresses into a schema of its own (with
// pg_trgm created there when the database lacks it; the schema is dropped
// after) and asks the same typed variants.
func (r *addressRun) measureTrgm(ctx context.Context) (*addrTally, error) {
	cfg, err := pgx.ParseConfig(r.cfg.peerDB())
	if err != nil {
		return nil, unavailable("PostgreSQL URL for the peer: %v", err)
	}
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(cctx, cfg)
	if err != nil {
		return nil, unavailable("PostgreSQL not reachable at %s:%d (%v); give one with --peer-db", cfg.Host, cfg.Port, err)
	}
	defer conn.Close(context.Background())
	schema := newSchemaName()
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		return nil, err
	}
	defer conn.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
	var extSchema string
	err = conn.QueryRow(ctx, `SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`).Scan(&extSchema)
	if err == pgx.ErrNoRows {
		r.logf("creating extension pg_trgm in schema %s (dropped afterwards)", schema)
		if _, err := conn.Exec(ctx, "CREATE EXTENSION pg_trgm WITH SCHEMA "+schema); err != nil {
			return nil, unavailable("CREATE EXTENSION pg_trgm failed: %v", err)
		}
		extSchema = schema
	} else if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, "SET search_path TO "+schema+", "+pgx.Identifier{extSchema}.Sanitize()); err != nil {
		return nil, err
	}
	start := time.Now()
	if _, err := conn.Exec(ctx, `CREATE TABLE peer_addresses (id BIGINT PRIMARY KEY, text TEXT NOT NULL)`); err != nil {
		return nil, err
	}
	rows := make([][]any, len(r.texts))
	for i, t := range r.texts {
		rows[i] = []any{int64(i + 1), t}
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{schema, "peer_addresses"}, []string{"id", "text"}, pgx.CopyFromRows(rows)); err != nil {
		return nil, err
	}
	for _, s := range []string{`CREATE INDEX peer_addresses_trgm ON peer_addresses USING GIN (text gin_trgm_ops)`, `ANALYZE peer_addresses`} {
		if _, err := conn.Exec(ctx, s); err != nil {
			return nil, err
		}
	}
	r.logf("pg_trgm: %d addresses loaded and indexed in %v", len(rows), time.Since(start).Round(time.Millisecond))
	// A small table would be scanned; the bench is about the index.
	if _, err := conn.Exec(ctx, "SET enable_seqscan = off"); err != nil {
		return nil, err
	}
	var plan []string
	prows, err := conn.Query(ctx, "EXPLAIN "+strings.Replace(trgmSQL, "$1", "'胜利路12号3单元502'", -1))
	if err == nil {
		plan, err = pgx.CollectRows(prows, pgx.RowTo[string])
	}
	if err != nil {
		return nil, err
	}
	if !strings.Contains(strings.Join(plan, "\n"), "peer_addresses_trgm") {
		return nil, fmt.Errorf("pg_trgm does not use its GIN index; plan:\n%s", strings.Join(plan, "\n"))
	}
	t := &addrTally{correct: map[string][2]int{}}
	peerDeadline := time.Now().Add(r.cfg.durationOr(30 * time.Second))
	for _, q := range r.queries {
		t0 := time.Now()
		rows, err := conn.Query(ctx, trgmSQL, q.typed)
		if err != nil {
			return nil, err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return nil, err
		}
		t.add(q.kind, time.Since(t0), len(ids) > 0 && ids[0] == q.want)
		if time.Now().After(peerDeadline) {
			break
		}
	}
	return t, nil
}
