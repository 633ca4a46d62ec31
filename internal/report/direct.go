package report

import (
	"context"
	"fmt"
	"strings"
)

// groupBy is what a query groups orders by: nothing (one group), or the
// column holding a ranking's codes.
type groupBy string

const (
	groupNone       groupBy = ""
	groupStreet     groupBy = "street_code"
	groupCommunity  groupBy = "community_code"
	groupGrid       groupBy = "grid_code"
	groupDepartment groupBy = "handler_code" // of orders led by a department
	groupDemandType groupBy = "demand_type"  // 诉求类型
	groupCategory   groupBy = "category_code"
	// groupHandler keys by the current handler, "department:chengguan".
	groupHandler groupBy = "handler_level || ':' || handler_code"
)

// directCounts counts the orders of p received in spans straight from the
// orders table, in one GROUP BY query, keyed by the group's code ("" for
// groupNone).
func (r *Reporter) directCounts(ctx context.Context, p plan, g groupBy, spans []span) (map[string]Counts, error) {
	out := map[string]Counts{}
	if len(spans) == 0 {
		return out, nil
	}
	key := `''`
	if g != groupNone {
		key = string(g)
	}
	counts, args := countSQL(p.asOf)
	where, wargs := ordersWhere(p, spans)
	if g == groupDepartment {
		where += ` AND handler_level = 'department'`
	}
	query := `SELECT ` + key + `, ` + counts + ` FROM orders WHERE ` + where
	if g != groupNone {
		query += ` GROUP BY ` + key
	}
	rows, err := r.db.QueryContext(ctx, query, append(args, wargs...)...)
	if err != nil {
		return nil, fmt.Errorf("report: count orders: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var c Counts
		dest := []any{&code}
		for _, f := range c.fields() {
			dest = append(dest, f)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("report: count orders: %w", err)
		}
		out[code] = c
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if g == groupDepartment {
		return out, r.addCoHandled(ctx, p, spans, out)
	}
	return out, nil
}

// coHandlers is the derived table of the co-handlers (协办) in force, with
// names that cannot clash with orders' columns (both have replied_at).
const coHandlers = `(SELECT order_id AS co_order, department_code AS co_dept FROM order_co_handlers WHERE removed_at = 0) ch`

// addCoHandled credits each co-handling department with the orders of p
// it co-handles, on top of those it leads (out, by department). A
// department never co-handles an order it leads (internal/order refuses
// it), so the sums count each order once per department.
func (r *Reporter) addCoHandled(ctx context.Context, p plan, spans []span, out map[string]Counts) error {
	counts, args := countSQL(p.asOf)
	where, wargs := ordersWhere(p, spans)
	rows, err := r.db.QueryContext(ctx, `SELECT ch.co_dept, `+counts+` FROM orders JOIN `+coHandlers+` ON ch.co_order = orders.id
		WHERE `+where+` GROUP BY ch.co_dept`, append(args, wargs...)...)
	if err != nil {
		return fmt.Errorf("report: count co-handled orders: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var c Counts
		dest := []any{&code}
		for _, f := range c.fields() {
			dest = append(dest, f)
		}
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("report: count co-handled orders: %w", err)
		}
		sum := out[code]
		sum.add(c)
		out[code] = sum
	}
	return rows.Err()
}

// ordersWhere is the condition on orders for p's node, department and
// category, received in one of spans.
func ordersWhere(p plan, spans []span) (string, []any) {
	var conds []string
	var args []any
	var times []string
	for _, s := range spans {
		times = append(times, `(received_at >= ? AND received_at < ?)`)
		args = append(args, s.from, s.to)
	}
	conds = append(conds, `(`+strings.Join(times, ` OR `)+`)`)
	node, nargs := nodeCond(p.node)
	conds, args = append(conds, node), append(args, nargs...)
	if p.dept != "" {
		// The department leads the order or co-handles it (协办, a
		// co-handler not since removed): both are credited.
		conds = append(conds, `((handler_level = 'department' AND handler_code = ?) OR id IN (
			SELECT order_id FROM order_co_handlers WHERE department_code = ? AND removed_at = 0))`)
		args = append(args, p.dept, p.dept)
	}
	if len(p.categories) > 0 {
		conds = append(conds, `category_code IN (`+marks(len(p.categories))+`)`)
		for _, c := range p.categories {
			args = append(args, c)
		}
	}
	return strings.Join(conds, ` AND `), args
}

// nodeCond keeps the orders located under node, by the column of its
// level (equality, not LIKE), led by a column with an index on it and
// received_at: a street's orders are found through its district's
// (orders_report_district), a grid's through its community's
// (orders_report_community). Codes nest (a street's code starts with its
// district's), as internal/order derives them.
func nodeCond(node string) (string, []any) {
	switch len(node) {
	case 6:
		return `district_code = ?`, []any{node}
	case 9:
		return `district_code = ? AND street_code = ?`, []any{node[:6], node}
	case 12:
		return `community_code = ?`, []any{node}
	case 15:
		return `community_code = ? AND grid_code = ?`, []any{node[:12], node}
	}
	return prefixCond("district_code", node)
}

// prefixCond keeps codes in column starting with prefix (a province or
// city), as a range so an index serves it.
func prefixCond(column, prefix string) (string, []any) {
	if hi, ok := nextPrefix(prefix); ok {
		return column + ` >= ? AND ` + column + ` < ?`, []any{prefix, hi}
	}
	return column + ` >= ?`, []any{prefix}
}

// nextPrefix is the smallest digit string above every string starting
// with p: "2105" → "2106", "2199" → "22"; none for "99".
func nextPrefix(p string) (string, bool) {
	b := []byte(p)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b[:i+1]), true
		}
	}
	return "", false
}

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }
