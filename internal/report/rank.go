package report

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// Ranking ranks the streets of a district, the communities of a street,
// the grids of a community, or the departments leading orders at a node,
// by the 三率 score.
type Ranking struct {
	By             Dimension `json:"by"`
	Node           string    `json:"node"`
	NodeName       string    `json:"node_name"`
	Department     string    `json:"department,omitempty"`
	DepartmentName string    `json:"department_name,omitempty"`
	Category       string    `json:"category,omitempty"`
	CategoryName   string    `json:"category_name,omitempty"`
	From           time.Time `json:"from"`
	To             time.Time `json:"to"`
	AsOf           time.Time `json:"as_of"`
	Source         string    `json:"source"`
	// MinSample is the denominator below which a rate is flagged thin.
	MinSample int `json:"min_sample"`
	// MinRanked is the fewest valid orders a unit needs to be ranked.
	MinRanked int     `json:"min_ranked"`
	Entries   []Entry `json:"entries"`
}

// Entry is one ranked unit. Every unit of the node is listed, also one
// without orders (its score undefined, listed last, Rank 0).
type Entry struct {
	// Rank is 1 for the best score; equal scores share a rank (1, 2, 2,
	// 4) and keep code order.
	Rank int `json:"rank"`
	// Unranked: the unit had fewer valid orders than MinRanked; its
	// figures are shown, it gets no rank (Rank 0) and is listed after the
	// ranked ones.
	Unranked bool   `json:"unranked,omitempty"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	Counts   Counts `json:"counts"`
	Rates    Rates  `json:"rates"`
}

// Rank ranks the units under q.Node by score, for a viewer with scope.
// by street needs a district node, community a street, grid a community;
// by department ranks the departments that led orders there (and those
// serving the region, with or without orders). Department users may not
// rank: they see their own department only.
func (r *Reporter) Rank(ctx context.Context, scope auth.Scope, q Query, by Dimension) (Ranking, error) {
	if _, err := ParseDimension(string(by)); err != nil {
		return Ranking{}, err
	}
	if scope.DepartmentCode() != "" {
		return Ranking{}, forbidden("department users see their own department's measures only")
	}
	p, err := r.resolve(ctx, scope, q)
	if err != nil {
		return Ranking{}, err
	}
	g, err := rankGroup(p, by)
	if err != nil {
		return Ranking{}, err
	}
	units, err := r.units(ctx, p.node, by)
	if err != nil {
		return Ranking{}, err
	}
	groups, src, p, err := r.count(ctx, p, g)
	if err != nil {
		return Ranking{}, err
	}
	entries := make([]Entry, 0, len(units))
	seen := map[string]bool{}
	for _, u := range units {
		seen[u.code] = true
		entries = append(entries, Entry{Code: u.code, Name: u.name, Counts: groups[u.code], Rates: r.rates(groups[u.code])})
	}
	// Orders led by a department of another region still rank it here.
	for code, c := range groups {
		if !seen[code] && code != "" {
			name, err := r.unitName(ctx, by, code)
			if err != nil {
				return Ranking{}, err
			}
			entries = append(entries, Entry{Code: code, Name: name, Counts: c, Rates: r.rates(c)})
		}
	}
	for i := range entries {
		entries[i].Unranked = entries[i].Rates.Score.Defined && entries[i].Counts.Valid() < int64(r.minRanked)
	}
	order(entries)
	return Ranking{
		By: by, Node: p.node, NodeName: p.nodeName, Department: p.dept, DepartmentName: p.deptName,
		Category: p.category, CategoryName: p.categoryName, From: q.From, To: q.To, AsOf: store.Time(p.asOf),
		Source: src, MinSample: r.minSample, MinRanked: r.minRanked, Entries: entries,
	}, nil
}

// rankGroup checks that the node fits the dimension.
func rankGroup(p plan, by Dimension) (groupBy, error) {
	need := map[Dimension]int{ByStreet: 6, ByCommunity: 9, ByGrid: 12}
	if n, ok := need[by]; ok && len(p.node) != n {
		level := map[int]string{6: "a district", 9: "a street", 12: "a community"}[n]
		return "", invalid("node", "ranking by %s needs %s (a %d-digit code), got %q", by, level, n, p.node)
	}
	switch by {
	case ByStreet:
		return groupStreet, nil
	case ByCommunity:
		return groupCommunity, nil
	case ByGrid:
		return groupGrid, nil
	}
	if p.dept != "" {
		return "", invalid("department", "a department filter leaves nothing to rank by department")
	}
	return groupDepartment, nil
}

// order sorts entries by score, best first; equal scores (to 1e-6 of a
// point, so float noise never splits a tie) by code; unranked ones (too
// few orders) after, then undefined scores last. Then it numbers the
// ranked ones.
func order(entries []Entry) {
	key := func(e Entry) float64 { return math.Round(e.Rates.Score.Value * 1e6) }
	sort.SliceStable(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if a.Rates.Score.Defined != b.Rates.Score.Defined {
			return a.Rates.Score.Defined
		}
		if a.Unranked != b.Unranked {
			return !a.Unranked
		}
		if a.Rates.Score.Defined && key(a) != key(b) {
			return key(a) > key(b)
		}
		return a.Code < b.Code
	})
	for i := range entries {
		switch {
		case !entries[i].Rates.Score.Defined || entries[i].Unranked:
			entries[i].Rank = 0
		case i > 0 && entries[i-1].Rates.Score.Defined && !entries[i-1].Unranked && key(entries[i-1]) == key(entries[i]):
			entries[i].Rank = entries[i-1].Rank
		default:
			entries[i].Rank = i + 1
		}
	}
}

// unit is one rankable unit.
type unit struct{ code, name string }

// units lists the units under node for a ranking: child regions, grids,
// or the departments serving a region on node's branch of the tree.
func (r *Reporter) units(ctx context.Context, node string, by Dimension) ([]unit, error) {
	var query string
	var args []any
	switch by {
	case ByStreet:
		query, args = `SELECT code, name FROM regions WHERE parent_code = ? AND level = 'street'`, []any{node}
	case ByCommunity:
		query, args = `SELECT code, name FROM regions WHERE parent_code = ? AND level IN ('community','village')`, []any{node}
	case ByGrid:
		query, args = `SELECT code, name FROM grids WHERE community_code = ?`, []any{node}
	case ByDepartment:
		query = `SELECT code, name, region_code FROM departments`
	}
	rows, err := r.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("report: units: %w", err)
	}
	defer rows.Close()
	var out []unit
	for rows.Next() {
		var u unit
		var region string
		dest := []any{&u.code, &u.name}
		if by == ByDepartment {
			dest = append(dest, &region)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		// A department serves node when its region is node, above it or
		// under it.
		if by == ByDepartment && !strings.HasPrefix(node, region) && !strings.HasPrefix(region, node) {
			continue
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// unitName names a unit found only through its orders; a code no longer
// in the tables ranks under its code.
func (r *Reporter) unitName(ctx context.Context, by Dimension, code string) (string, error) {
	name, err := nodeName(ctx, r.db, code)
	if by == ByDepartment {
		name, err = departmentName(ctx, r.db, code)
	}
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrInvalid) {
		return code, nil
	}
	return name, err
}
