package report

import (
	"context"
	"sort"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// GridFigures are the measures of every grid under a node that received
// orders in the period, for a choropleth map: load (Counts.Received) and
// the overdue share per grid.
type GridFigures struct {
	Node       string       `json:"node"`
	NodeName   string       `json:"node_name"`
	Department string       `json:"department,omitempty"`
	Category   string       `json:"category,omitempty"`
	From       time.Time    `json:"from"`
	To         time.Time    `json:"to"`
	AsOf       time.Time    `json:"as_of"`
	Grids      []GridFigure `json:"grids"` // by code; grids without orders are absent
	// Unplaced counts the orders known only by community (no grid).
	Unplaced Counts `json:"unplaced"`
}

// GridFigure is one grid's counts and measures.
type GridFigure struct {
	Code   string `json:"code"`
	Counts Counts `json:"counts"`
	Rates  Rates  `json:"rates"`
	// Overdue (超期率) = (ResolveDue − ResolvedOnTime) / ResolveDue: of
	// the orders due a resolution, the share resolved late or still open
	// past the deadline, 1 − 按期办结率.
	Overdue Rate `json:"overdue_rate"`
}

// ByGrid counts q's orders per grid under q.Node, for a viewer with scope
// (the same checks as Measures). The rollup keeps no grid rows, so it
// reads the orders table in one GROUP BY.
func (r *Reporter) ByGrid(ctx context.Context, scope auth.Scope, q Query) (GridFigures, error) {
	p, err := r.resolve(ctx, scope, q)
	if err != nil {
		return GridFigures{}, err
	}
	groups, err := r.directCounts(ctx, p, groupGrid, []span{{p.from, p.to}})
	if err != nil {
		return GridFigures{}, err
	}
	out := GridFigures{Node: p.node, NodeName: p.nodeName, Department: p.dept, Category: p.category,
		From: q.From, To: q.To, AsOf: store.Time(p.asOf), Grids: []GridFigure{}}
	for code, c := range groups {
		if code == "" {
			out.Unplaced = c
			continue
		}
		out.Grids = append(out.Grids, GridFigure{Code: code, Counts: c, Rates: r.rates(c),
			Overdue: r.rate(float64(c.ResolveDue-c.ResolvedOnTime), c.ResolveDue)})
	}
	sort.Slice(out.Grids, func(i, j int) bool { return out.Grids[i].Code < out.Grids[j].Code })
	return out, nil
}
