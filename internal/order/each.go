package order

import (
	"context"
	"fmt"
)

// eachBatch is how many orders Each reads per query: enough to keep the
// round trips few, small enough that a ledger of any length holds one
// batch at a time.
var eachBatch = 500

// Each calls fn with every order a may see that matches f (its Limit and
// Offset are ignored), newest first, as a sees it — the same orders List
// pages through, for exports of any length. It reads in batches keyed on
// (created_at, id), so an order filed during the walk never shifts the
// rest, and stops at the first error fn returns.
func (s *Service) Each(ctx context.Context, a Actor, f Filter, fn func(Order) error) error {
	where, args, err := s.listWhere(a, f)
	if err != nil || where == "" {
		return err
	}
	var afterAt, afterID int64
	first := true
	for {
		cond, cargs := where, args
		if !first {
			cond = where + ` AND (o.created_at < ? OR (o.created_at = ? AND o.id < ?))`
			cargs = append(append([]any{}, args...), afterAt, afterAt, afterID)
		}
		batch, err := s.batch(ctx, cond, cargs)
		if err != nil {
			return err
		}
		for _, o := range batch {
			v, err := s.view(a, o)
			if err != nil {
				return err
			}
			if err := fn(v); err != nil {
				return err
			}
		}
		if len(batch) < eachBatch {
			return nil
		}
		last := batch[len(batch)-1]
		afterAt, afterID, first = last.CreatedAt.UnixMilli(), last.ID, false
	}
}

// batch reads one batch of Each, with the co-handlers of all its orders
// in one more query.
func (s *Service) batch(ctx context.Context, where string, args []any) ([]Order, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+orderColumns+` FROM orders o WHERE `+where+
		` ORDER BY o.created_at DESC, o.id DESC LIMIT ?`, append(args, eachBatch)...)
	if err != nil {
		return nil, fmt.Errorf("order: select: %w", err)
	}
	var out []Order
	index := map[int64]int{}
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		o.CoHandlers = []string{}
		index[o.ID] = len(out)
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	ids := make([]any, len(out))
	for i, o := range out {
		ids[i] = o.ID
	}
	rows, err = s.db.QueryContext(ctx, `SELECT order_id, department_code FROM order_co_handlers
		WHERE removed_at = 0 AND order_id IN (`+marks(len(ids))+`) ORDER BY order_id, department_code`, ids...)
	if err != nil {
		return nil, fmt.Errorf("order: co-handlers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			return nil, err
		}
		o := &out[index[id]]
		o.CoHandlers = append(o.CoHandlers, code)
	}
	return out, rows.Err()
}
