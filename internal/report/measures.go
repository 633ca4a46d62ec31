package report

import (
	"context"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// Measures are the figures of one node (and department, category) over
// one period.
type Measures struct {
	Node           string    `json:"node"`
	NodeName       string    `json:"node_name"`
	Department     string    `json:"department,omitempty"`
	DepartmentName string    `json:"department_name,omitempty"`
	Category       string    `json:"category,omitempty"`
	CategoryName   string    `json:"category_name,omitempty"`
	From           time.Time `json:"from"`
	To             time.Time `json:"to"`
	// AsOf is the time the figures are exact for: deadlines are judged at
	// it and nothing received later counts. It is the rollup's watermark
	// when the rollup answered.
	AsOf time.Time `json:"as_of"`
	// Source says what answered: "direct" (the orders table), "rollup",
	// or "rollup+direct" (whole days from the rollup, the partial days at
	// the ends of the period from the orders table).
	Source string `json:"source"`
	Counts Counts `json:"counts"`
	Rates  Rates  `json:"rates"`
}

// Measures computes every measure for q, for a viewer with scope: a
// node outside the scope is ErrNotFound; a department user measures only
// their own department.
func (r *Reporter) Measures(ctx context.Context, scope auth.Scope, q Query) (Measures, error) {
	p, err := r.resolve(ctx, scope, q)
	if err != nil {
		return Measures{}, err
	}
	groups, src, p, err := r.count(ctx, p, groupNone)
	if err != nil {
		return Measures{}, err
	}
	c := groups[""]
	return Measures{
		Node: p.node, NodeName: p.nodeName, Department: p.dept, DepartmentName: p.deptName,
		Category: p.category, CategoryName: p.categoryName, From: q.From, To: q.To,
		AsOf: store.Time(p.asOf), Source: src, Counts: c, Rates: r.rates(c),
	}, nil
}

// count counts p grouped by g: from the rollup when it is built, fresh
// (Config.MaxAge) and holds the answer (as of its watermark: p comes back
// with that as-of time), else from the orders table.
func (r *Reporter) count(ctx context.Context, p plan, g groupBy) (map[string]Counts, string, plan, error) {
	if !p.direct {
		rq := planRollup(p, g)
		if rq.ok {
			st, err := readState(ctx, r.db)
			if err != nil {
				return nil, "", p, err
			}
			if r.usable(st) && store.Millis(r.now())-st.watermark <= r.maxAge.Milliseconds() {
				p.setAsOf(st.watermark)
				out, src, err := r.countRollup(ctx, p, g, rq)
				return out, src, p, err
			}
		}
	}
	out, err := r.directCounts(ctx, p, g, []span{{p.from, p.to}})
	return out, "direct", p, err
}

// countRollup takes the whole days of the period from the rollup and the
// partial days at its ends from the orders table.
func (r *Reporter) countRollup(ctx context.Context, p plan, g groupBy, rq rollupQuery) (map[string]Counts, string, error) {
	first, last, edges := r.split(p.from, p.to)
	out := map[string]Counts{}
	src := "direct"
	if first <= last {
		days, err := r.rollupCounts(ctx, p, rq, first, last)
		if err != nil {
			return nil, "", err
		}
		out, src = days, "rollup"
		if len(edges) > 0 {
			src = "rollup+direct"
		}
	}
	ends, err := r.directCounts(ctx, p, g, edges)
	if err != nil {
		return nil, "", err
	}
	for code, c := range ends {
		sum := out[code]
		sum.add(c)
		out[code] = sum
	}
	return out, src, nil
}
