package order

import (
	"context"
	"fmt"
	"strings"
)

// Replies returns the latest reply (办结答复: the note of the latest
// resolve step) of each of orders, which the caller has read through this
// service, keyed by number; orders never resolved are absent. One query
// for the lot, for the callback queue.
func (s *Service) Replies(ctx context.Context, orders []Order) (map[string]string, error) {
	out := map[string]string{}
	if len(orders) == 0 {
		return out, nil
	}
	byID := make(map[int64]string, len(orders))
	args := make([]any, 0, len(orders)+1)
	args = append(args, string(ActionResolve))
	for _, o := range orders {
		byID[o.ID] = o.Number
		args = append(args, o.ID)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT order_id, note FROM order_events WHERE action = ? AND order_id IN (`+
		strings.TrimSuffix(strings.Repeat("?, ", len(orders)), ", ")+`) ORDER BY order_id, seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("order: replies: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var note string
		if err := rows.Scan(&id, &note); err != nil {
			return nil, err
		}
		out[byID[id]] = note // the later seq wins
	}
	return out, rows.Err()
}
