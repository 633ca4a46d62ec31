package report

import (
	"context"
	"slices"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// TypeFigures are the measures of q's orders per 诉求类型 (demand type:
// consult, help, complaint, report, suggest, praise, other; "" for orders
// filed before the type was recorded), e.g. 满意率 by type.
type TypeFigures struct {
	Node     string       `json:"node"`
	NodeName string       `json:"node_name"`
	From     time.Time    `json:"from"`
	To       time.Time    `json:"to"`
	AsOf     time.Time    `json:"as_of"`
	Types    []TypeFigure `json:"types"`
}

// TypeFigure is one demand type's counts and measures.
type TypeFigure struct {
	DemandType string `json:"demand_type"`
	Counts     Counts `json:"counts"`
	Rates      Rates  `json:"rates"`
}

// demandTypeOrder is the display order of the types.
var demandTypeOrder = []string{"consult", "help", "complaint", "report", "suggest", "praise", "other", ""}

// ByDemandType counts q's orders per demand type, for a viewer with scope
// (the same checks as Measures), straight from the orders table.
func (r *Reporter) ByDemandType(ctx context.Context, scope auth.Scope, q Query) (TypeFigures, error) {
	p, err := r.resolve(ctx, scope, q)
	if err != nil {
		return TypeFigures{}, err
	}
	groups, err := r.directCounts(ctx, p, groupDemandType, []span{{p.from, p.to}})
	if err != nil {
		return TypeFigures{}, err
	}
	out := TypeFigures{Node: p.node, NodeName: p.nodeName, From: q.From, To: q.To, AsOf: store.Time(p.asOf), Types: []TypeFigure{}}
	for code, c := range groups {
		out.Types = append(out.Types, TypeFigure{DemandType: code, Counts: c, Rates: r.rates(c)})
	}
	slices.SortFunc(out.Types, func(a, b TypeFigure) int {
		return slices.Index(demandTypeOrder, a.DemandType) - slices.Index(demandTypeOrder, b.DemandType)
	})
	return out, nil
}
