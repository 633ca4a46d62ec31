package bench

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/report"
	"civicgrid/internal/report/reportgen"
)

// statsCombo is one combination of the filters the measures page and
// /api/v1/stats offer (report.Query: node, category, department, period)
// with one of the calls that read them: the node's measures, the ranking
// of the units below it, or the ranking of departments.
type statsCombo struct {
	name  string
	query report.Query
	rank  report.Dimension // "" for the measures
}

// statsFilter is a category/department filter.
type statsFilter struct{ name, category, department string }

// statsCombos lists every combination: each node level the page drills
// through (district, street, community, grid) × no filter, a leaf
// category, a level-1 class, a department (its led and co-handled
// orders), and a category or class with a department; each with the
// measures, the ranking of the units below (streets, communities, grids)
// and, without a department filter, the ranking of departments. Two more
// take a period that does not fall on whole days (the partial days are
// counted from the orders table). class is the level-1 class above the
// leaf.
func statsCombos(leaf, class string) []statsCombo {
	dept := reportgen.Departments[1]
	filters := []statsFilter{{"all", "", ""}, {"leaf", leaf, ""}, {"class", class, ""}, {"dept", "", dept},
		{"leaf+dept", leaf, dept}, {"class+dept", class, dept}}
	street := reportgen.Street(1, 7)
	community := street + "003"
	nodes := []struct {
		level, code string
		below       report.Dimension
	}{
		{"district", reportgen.District(1), report.ByStreet},
		{"street", street, report.ByCommunity},
		{"community", community, report.ByGrid},
		{"grid", community + "002", ""},
	}
	var out []statsCombo
	for _, n := range nodes {
		for _, f := range filters {
			q := statsYear
			q.Node, q.Category, q.Department = n.code, f.category, f.department
			name := n.level + " " + f.name
			out = append(out, statsCombo{name: name + " measures", query: q})
			if n.below != "" {
				out = append(out, statsCombo{name: name + " rank-" + string(n.below), query: q, rank: n.below})
			}
			if f.department == "" {
				out = append(out, statsCombo{name: name + " rank-department", query: q, rank: report.ByDepartment})
			}
		}
	}
	// A period from 08:00 on 1 January to 18:00 on 31 December.
	for _, f := range []statsFilter{filters[0], filters[4]} {
		q := statsYear
		q.Node, q.Category, q.Department = reportgen.District(1), f.category, f.department
		q.From, q.To = q.From.Add(8*time.Hour), q.To.Add(-6*time.Hour)
		out = append(out, statsCombo{name: "district " + f.name + " partial-days measures", query: q})
	}
	return out
}

// statsViewer is a leader of the whole city.
var statsViewer = auth.ScopeOf(auth.User{ID: 1, Role: auth.RoleLeader, NodeCode: reportgen.City}, "")

// comboFigures is what one call of a combination answered: the counts of
// the measures or of each ranking entry (the rates are computed from
// them), and which source answered.
type comboFigures struct {
	source  string
	counts  report.Counts
	entries []report.Entry
}

// run calls the combination once, from the rollup or (direct) from the
// orders table.
func (c statsCombo) run(ctx context.Context, rep *report.Reporter, direct bool) (comboFigures, time.Duration, error) {
	q := c.query
	q.Direct = direct
	start := time.Now()
	if c.rank == "" {
		m, err := rep.Measures(ctx, statsViewer, q)
		if err != nil {
			return comboFigures{}, 0, fmt.Errorf("%s: %w", c.name, err)
		}
		return comboFigures{source: m.Source, counts: m.Counts}, time.Since(start), nil
	}
	rk, err := rep.Rank(ctx, statsViewer, q, c.rank)
	if err != nil {
		return comboFigures{}, 0, fmt.Errorf("%s: %w", c.name, err)
	}
	return comboFigures{source: rk.Source, entries: rk.Entries}, time.Since(start), nil
}

// sameFigures compares every counter of the measures or of each ranking
// entry, with its code and rank.
func (a comboFigures) sameFigures(b comboFigures) error {
	if a.counts != b.counts {
		return fmt.Errorf("measures %+v vs %+v", a.counts, b.counts)
	}
	if len(a.entries) != len(b.entries) {
		return fmt.Errorf("%d ranking entries vs %d", len(a.entries), len(b.entries))
	}
	for j, ea := range a.entries {
		eb := b.entries[j]
		if ea.Code != eb.Code || ea.Rank != eb.Rank || ea.Counts != eb.Counts {
			return fmt.Errorf("ranking place %d: %s #%d %+v vs %s #%d %+v", j+1, ea.Code, ea.Rank, ea.Counts, eb.Code, eb.Rank, eb.Counts)
		}
	}
	return nil
}

// received is how many orders the figures count, to tell an empty
// combination (which proves nothing) from one that selects orders.
func (a comboFigures) received() int64 {
	n := a.counts.Received
	for _, e := range a.entries {
		n += e.Counts.Received
	}
	return n
}
