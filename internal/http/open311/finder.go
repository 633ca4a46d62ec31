package open311

import (
	"context"
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// finder answers the index questions of Open311 that order.Filter cannot
// (yet) express — a time window of receipt, several categories, events in
// a time window — with the numbers of the matching orders only. Every
// order is then read through the order Service with the call's actor, so
// scope and masking stay the engine's. Move these into package order
// (Filter.ReceivedFrom/To, Filter.Categories, an events query) when it
// grows them.
type finder struct{ db *store.DB }

// requestQuery is GET requests without its id list (which overrides the
// rest and needs no index).
type requestQuery struct {
	area         string // region or grid code prefix
	from, to     time.Time
	serviceCodes []string
	statuses     []order.Status
	limit        int
	offset       int
}

// visible is the WHERE term every Open311 read shares: orders located
// under area (by grid, or by community for orders known only by their
// community — the rule of order.List) that are not confidential.
func visible(area string) (string, []any) {
	return `NOT o.confidential AND (o.grid_code LIKE ? OR (o.grid_code = '' AND o.community_code LIKE ?))`,
		[]any{area + "%", area + "%"}
}

// requestNumbers returns the numbers of the orders matching q, newest
// receipt first.
func (f finder) requestNumbers(ctx context.Context, q requestQuery) ([]string, error) {
	where, args := visible(q.area)
	where += ` AND o.received_at >= ? AND o.received_at <= ?`
	args = append(args, store.Millis(q.from), store.Millis(q.to))
	if len(q.serviceCodes) > 0 {
		where += ` AND o.category_code IN (` + marks(len(q.serviceCodes)) + `)`
		for _, c := range q.serviceCodes {
			args = append(args, c)
		}
	}
	if len(q.statuses) > 0 {
		where += ` AND o.status IN (` + marks(len(q.statuses)) + `)`
		for _, s := range q.statuses {
			args = append(args, string(s))
		}
	}
	rows, err := f.db.QueryContext(ctx, `SELECT o.number FROM orders o WHERE `+where+
		` ORDER BY o.received_at DESC, o.id DESC LIMIT ? OFFSET ?`, append(args, q.limit, q.offset)...)
	if err != nil {
		return nil, fmt.Errorf("open311: find requests: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// eventRef names one timeline event.
type eventRef struct {
	number string
	seq    int
}

// updateRefs returns the events between from and to that make updates:
// public steps other than the filing itself, and merges (which are not
// public but end the request as a duplicate), oldest first.
func (f finder) updateRefs(ctx context.Context, area string, from, to time.Time, limit, offset int) ([]eventRef, error) {
	where, args := visible(area)
	rows, err := f.db.QueryContext(ctx, `SELECT o.number, e.seq FROM order_events e JOIN orders o ON o.id = e.order_id
		WHERE e.at >= ? AND e.at <= ? AND (e.public OR e.action = ?) AND e.action <> ? AND `+where+`
		ORDER BY e.at, e.order_id, e.seq LIMIT ? OFFSET ?`,
		append(append([]any{store.Millis(from), store.Millis(to), string(order.ActionMerge), string(order.ActionCreate)}, args...), limit, offset)...)
	if err != nil {
		return nil, fmt.Errorf("open311: find updates: %w", err)
	}
	defer rows.Close()
	var out []eventRef
	for rows.Next() {
		var r eventRef
		if err := rows.Scan(&r.number, &r.seq); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// gridSpan returns the first and last grid codes on file ("" when there
// is none); their common prefix is the prefix of every grid.
func (f finder) gridSpan(ctx context.Context) (first, last string, err error) {
	err = f.db.QueryRowContext(ctx, `SELECT COALESCE(MIN(code), ''), COALESCE(MAX(code), '') FROM grids`).Scan(&first, &last)
	if err != nil {
		return "", "", fmt.Errorf("open311: grids: %w", err)
	}
	return first, last, nil
}

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }
