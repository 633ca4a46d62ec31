package bench

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"civicgrid/internal/store"
)

// orderRows is what ours stored, read back to be inserted by the peer:
// every column but id, which each table numbers itself.
type orderRows struct {
	columns []string
	values  [][]any
}

func readOrderRows(ctx context.Context, db *store.DB, keyPrefix string) (orderRows, error) {
	rows, err := db.QueryContext(ctx, `SELECT * FROM orders WHERE idempotency_key LIKE ? ORDER BY id`, keyPrefix+"%")
	if err != nil {
		return orderRows{}, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return orderRows{}, err
	}
	idCol := slices.Index(cols, "id")
	if idCol < 0 {
		return orderRows{}, fmt.Errorf("orders has no id column")
	}
	out := orderRows{columns: slices.Delete(slices.Clone(cols), idCol, idCol+1)}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return orderRows{}, err
		}
		out.values = append(out.values, slices.Delete(vals, idCol, idCol+1))
	}
	return out, rows.Err()
}

// insertAll inserts every row, one autocommit INSERT each, from workers
// goroutines taking the next row in turn, and times each statement.
func (p *intakePeer) insertAll(ctx context.Context, rows orderRows, workers int) (tally, error) {
	if len(rows.values) == 0 {
		return tally{}, fmt.Errorf("no rows to insert")
	}
	insert := "INSERT INTO " + p.table + " (" + strings.Join(rows.columns, ", ") + ") VALUES (" +
		strings.TrimSuffix(strings.Repeat("?, ", len(rows.columns)), ", ") + ")"
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	// On SQLite the store queues autocommit writes into its group commit;
	// the peer is one INSERT per commit, so it goes to the pool directly
	// (same connections, same pragmas).
	exec := p.db.ExecContext
	if p.db.Dialect() == store.SQLite {
		exec = p.db.SQL().ExecContext
	}
	var next atomic.Int64
	lat := make([][]time.Duration, workers)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := next.Add(1) - 1
				if i >= int64(len(rows.values)) {
					return
				}
				began := time.Now()
				if _, err := exec(ctx, insert, rows.values[i]...); err != nil {
					cancel(fmt.Errorf("peer INSERT: %w", err))
					return
				}
				lat[w] = append(lat[w], time.Since(began))
			}
		}()
	}
	wg.Wait()
	t := tally{elapsed: time.Since(start), latencies: slices.Concat(lat...)}
	t.ops = int64(len(t.latencies))
	slices.Sort(t.latencies)
	if err := context.Cause(ctx); err != nil {
		return t, err
	}
	var stored int64
	if err := p.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+p.table).Scan(&stored); err != nil {
		return t, err
	}
	if stored != t.ops {
		return t, fmt.Errorf("peer: %d rows inserted but %d in the table", t.ops, stored)
	}
	return t, nil
}
