package report

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// Trend is the daily flow of orders at one node (department, category)
// over a period, for a line chart: how many came in and how many were
// finished each local day of the report zone.
type Trend struct {
	Node       string     `json:"node"`
	NodeName   string     `json:"node_name"`
	Department string     `json:"department,omitempty"`
	Category   string     `json:"category,omitempty"`
	From       time.Time  `json:"from"`
	To         time.Time  `json:"to"`
	AsOf       time.Time  `json:"as_of"`
	Days       []TrendDay `json:"days"`
}

// TrendDay is one local day. Received counts every order received that
// day (as 受理量 does: cancelled and merged included). Resolved counts
// the orders done now (resolved or closed) whose latest resolution
// (resolved_at) fell on that day, whenever they were received: a flow,
// unlike the cohort measures, so the chart shows the work done each day.
type TrendDay struct {
	Date     string `json:"date"` // 2026-03-02, in the report zone
	Received int64  `json:"received"`
	Resolved int64  `json:"resolved"`
}

// Trend counts the orders of q received and resolved on each day of the
// period, for a viewer with scope (the same checks as Measures). Every
// day up to the as-of time is listed, days without orders as zeros. It
// always reads the orders table: the rollup keeps no resolution days.
func (r *Reporter) Trend(ctx context.Context, scope auth.Scope, q Query) (Trend, error) {
	p, err := r.resolve(ctx, scope, q)
	if err != nil {
		return Trend{}, err
	}
	out := Trend{Node: p.node, NodeName: p.nodeName, Department: p.dept, Category: p.category,
		From: q.From, To: q.To, AsOf: store.Time(p.asOf), Days: []TrendDay{}}
	if p.to <= p.from {
		return out, nil
	}
	received, err := r.countByDay(ctx, p, "received_at", "")
	if err != nil {
		return Trend{}, err
	}
	resolved, err := r.countByDay(ctx, p, "resolved_at", done+` AND resolved_at > 0`)
	if err != nil {
		return Trend{}, err
	}
	for d := r.dayOf(p.from); d <= r.dayOf(p.to-1); d++ {
		out.Days = append(out.Days, TrendDay{Date: store.Time(r.dayStart(d)).In(r.zone).Format(time.DateOnly),
			Received: received[d], Resolved: resolved[d]})
	}
	return out, nil
}

// countByDay counts p's orders whose column (a Unix ms time) lies in the
// period, by local day, with an extra condition when one is given.
func (r *Reporter) countByDay(ctx context.Context, p plan, column, extra string) (map[int64]int64, error) {
	day := `(` + column + ` + ` + strconv.FormatInt(r.offsetMs, 10) + `) / ` + strconv.Itoa(dayMs)
	conds := []string{column + ` >= ? AND ` + column + ` < ?`}
	args := []any{p.from, p.to}
	node, nargs := nodeCond(p.node)
	conds, args = append(conds, node), append(args, nargs...)
	if p.dept != "" {
		conds, args = append(conds, `handler_level = 'department' AND handler_code = ?`), append(args, p.dept)
	}
	if len(p.categories) > 0 {
		conds = append(conds, `category_code IN (`+marks(len(p.categories))+`)`)
		for _, c := range p.categories {
			args = append(args, c)
		}
	}
	if extra != "" {
		conds = append(conds, extra)
	}
	rows, err := r.db.QueryContext(ctx, `SELECT `+day+`, COUNT(*) FROM orders WHERE `+strings.Join(conds, ` AND `)+
		` GROUP BY `+day, args...)
	if err != nil {
		return nil, fmt.Errorf("report: trend by %s: %w", column, err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var d, n int64
		if err := rows.Scan(&d, &n); err != nil {
			return nil, fmt.Errorf("report: trend by %s: %w", column, err)
		}
		out[d] = n
	}
	return out, rows.Err()
}
