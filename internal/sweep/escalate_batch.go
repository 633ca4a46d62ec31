package sweep

import (
	"context"
	"fmt"

	"civicgrid/internal/store"
)

// outcomeKind groups the ladder's outcomes that one UPDATE can carry out
// together on PostgreSQL.
type outcomeKind int

const (
	kindStay outcomeKind = iota
	kindPostpone
	kindFlag
	kindStreet
	kindCentre
	kindCount
)

// batchedSet is a kind's SET clause with v.x for the value that differs
// from row to row, and the SQL type of x ("" when there is none). Kinds
// whose values are the same for every row reuse the outcome's own clause.
func batchedSet(k outcomeKind, o outcome) (set, xType string) {
	switch k {
	case kindPostpone:
		return "escalate_at = v.x", "bigint"
	case kindStreet:
		return `status = ?, handler_level = ?, handler_code = v.x, dispatched_at = ?, signed_at = 0,
			escalations = escalations + 1, version = version + 1, updated_at = ?, escalate_at = ?`, "text"
	}
	return o.set, ""
}

// batchedArgs drops x from a kind's per-row parameters.
func batchedArgs(k outcomeKind, o outcome) []any {
	if k == kindPostpone {
		return nil
	}
	if k == kindStreet { // status, level, handler (x), dispatched_at, updated_at, escalate_at
		return []any{o.args[0], o.args[1], o.args[3], o.args[4], o.args[5]}
	}
	return o.args
}

// escalateBatched carries out a batch's outcomes on PostgreSQL with one
// UPDATE per kind of outcome (at most five) instead of one per order:
// the rows come from unnest over arrays of (id, version, escalate_at[, x])
// and are guarded exactly as escalateQuery guards one. It counts the rows
// updated into r and returns their events in the candidates' order.
func (s *Sweeper) escalateBatched(ctx context.Context, tx *store.Tx, cands []candidate, outs []outcome, r *Report) ([]entry, int, error) {
	updated := make(map[int64]bool, len(cands))
	for k := range kindCount {
		var ids, versions, escAts []int64
		var xs []any
		first := -1
		for i, o := range outs {
			if o.kind != k {
				continue
			}
			if first < 0 {
				first = i
			}
			c := cands[i]
			ids, versions, escAts = append(ids, c.id), append(versions, int64(c.version)), append(escAts, c.escalateAt)
			xs = append(xs, o.x)
		}
		if first < 0 {
			continue
		}
		set, xType := batchedSet(k, outs[first])
		args := append(batchedArgs(k, outs[first]), ids, versions, escAts)
		from, cols := `unnest(?::bigint[], ?::integer[], ?::bigint[]`, `v_id, v_version, v_escalate_at`
		if xType != "" {
			from, cols = from+`, ?::`+xType+`[]`, cols+`, x`
			args = append(args, typedSlice(xType, xs))
		}
		q := `UPDATE orders SET ` + set + ` FROM ` + from + `) AS v(` + cols + `)
			WHERE orders.id = v.v_id AND orders.version = v.v_version AND orders.escalate_at = v.v_escalate_at
			AND orders.` + openOrder + ` RETURNING orders.id`
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, 0, fmt.Errorf("sweep: escalate %d orders: %w", len(ids), err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, 0, err
			}
			updated[id] = true
		}
		if err := rows.Close(); err != nil {
			return nil, 0, err
		}
		if err := rows.Err(); err != nil {
			return nil, 0, err
		}
	}
	var entries []entry
	for i, o := range outs {
		if !updated[cands[i].id] {
			continue // changed since it was read: the next tick looks again
		}
		*counterOf(o.kind, r)++
		if o.event != nil {
			entries = append(entries, *o.event)
		}
	}
	return entries, len(updated), nil
}

// counterOf is the Report counter an outcome of kind k adds to.
func counterOf(k outcomeKind, r *Report) *int {
	switch k {
	case kindStay:
		return &r.Stayed
	case kindPostpone:
		return &r.Postponed
	case kindFlag:
		return &r.Flagged
	}
	return &r.Escalated
}

// typedSlice turns the x values into the slice the driver sends as an
// array of xType.
func typedSlice(xType string, xs []any) any {
	if xType == "bigint" {
		out := make([]int64, len(xs))
		for i, x := range xs {
			out[i] = x.(int64)
		}
		return out
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = x.(string)
	}
	return out
}
