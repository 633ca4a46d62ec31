package report

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// Query selects the orders measured: those received in [From, To) at
// Node, optionally led by Department and filed under Category.
type Query struct {
	// Node is a region code (2, 4, 6, 9 or 12 digits: province, city,
	// district, street, community) or a 15-digit grid code; "" means the
	// viewer's own node.
	Node string
	// Department keeps orders this department leads (handler_level
	// department) or co-handles (协办, order_co_handlers not removed). A
	// department user always gets their own department.
	Department string
	// Category is a category code: a leaf, or a class standing for every
	// category under it.
	Category string
	// From and To bound the time of receipt: From ≤ received_at < To.
	From, To time.Time
	// AsOf is the time deadlines are judged at ("due by now") and after
	// which nothing is counted; zero means now, or the rollup's watermark
	// when the rollup answers. Setting it computes directly.
	AsOf time.Time
	// Direct skips the rollup and counts the orders table, for figures
	// that must include the last minutes.
	Direct bool
}

// Dimension is what a ranking ranks.
type Dimension string

const (
	ByStreet     Dimension = "street"     // the streets of a district
	ByCommunity  Dimension = "community"  // the communities of a street
	ByGrid       Dimension = "grid"       // the grids of a community
	ByDepartment Dimension = "department" // the departments leading orders at a node
)

// ParseDimension reads a Dimension from its name.
func ParseDimension(s string) (Dimension, error) {
	switch d := Dimension(s); d {
	case ByStreet, ByCommunity, ByGrid, ByDepartment:
		return d, nil
	}
	return "", invalid("by", "%q: want street, community, grid or department", s)
}

// ParseBound reads a period bound: a date (2026-01-01, midnight in the
// report zone) or an RFC 3339 time. Periods are half-open, so a year is
// from=2026-01-01&to=2027-01-01.
func (r *Reporter) ParseBound(field, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, invalid(field, "required (a date like 2026-01-01 or an RFC 3339 time)")
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, r.zone); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, invalid(field, "%q is neither a date like 2026-01-01 nor an RFC 3339 time", s)
	}
	return t, nil
}

// plan is a Query checked against the viewer's scope and the database.
type plan struct {
	node, nodeName string
	dept, deptName string
	category       string
	categoryName   string
	categories     []string // the category and every category under it
	from, reqTo    int64    // the period asked for (ms)
	to             int64    // reqTo capped just after asOf: nothing later counts
	asOf           int64
	direct         bool
}

// resolve checks q for the viewer with scope: the period, the node (in
// scope and known; out of scope is ErrNotFound, never a hint that it
// exists), the department (a department user gets their own) and the
// category.
func (r *Reporter) resolve(ctx context.Context, scope auth.Scope, q Query) (plan, error) {
	if scope.IsZero() {
		return plan{}, forbidden("the viewer's scope covers no region")
	}
	p := plan{direct: q.Direct || !q.AsOf.IsZero()}
	switch {
	case q.From.IsZero():
		return plan{}, invalid("from", "required")
	case q.To.IsZero():
		return plan{}, invalid("to", "required")
	case !q.To.After(q.From):
		return plan{}, invalid("to", "%s is not after from %s", q.To.Format(time.RFC3339), q.From.Format(time.RFC3339))
	case q.To.Sub(q.From) > maxPeriod:
		return plan{}, invalid("to", "a period is at most ten years")
	}
	p.from, p.reqTo = store.Millis(q.From), store.Millis(q.To)
	asOf := q.AsOf
	if asOf.IsZero() {
		asOf = r.now()
	}
	p.setAsOf(store.Millis(asOf))

	p.node = q.Node
	if p.node == "" {
		p.node = scope.RegionPrefix()
	}
	if !isNodeCode(p.node) {
		return plan{}, invalid("node", "%q is not a 2-, 4-, 6-, 9- or 12-digit region code or a 15-digit grid code", p.node)
	}
	if !scope.CoversRegion(p.node) {
		return plan{}, notFound("node %s", p.node)
	}
	var err error
	if p.nodeName, err = nodeName(ctx, r.db, p.node); err != nil {
		return plan{}, err
	}

	p.dept = q.Department
	if own := scope.DepartmentCode(); own != "" {
		if p.dept != "" && p.dept != own {
			return plan{}, notFound("department %s", p.dept)
		}
		p.dept = own
	}
	if p.dept != "" {
		if p.deptName, err = departmentName(ctx, r.db, p.dept); err != nil {
			return plan{}, err
		}
	}
	if q.Category != "" {
		p.category = q.Category
		if p.categoryName, p.categories, err = categoryTree(ctx, r.db, q.Category); err != nil {
			return plan{}, err
		}
	}
	return p, nil
}

// setAsOf judges deadlines at asOf (ms) and counts nothing received after.
func (p *plan) setAsOf(asOf int64) {
	p.asOf, p.to = asOf, min(p.reqTo, asOf+1)
}

// isNodeCode reports whether s has the shape of a region or grid code.
func isNodeCode(s string) bool {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return false
	}
	switch len(s) {
	case 2, 4, 6, 9, 12, 15:
		return true
	}
	return false
}

func nodeName(ctx context.Context, q store.Querier, code string) (string, error) {
	query := `SELECT name FROM regions WHERE code = ?`
	if len(code) == 15 {
		query = `SELECT name FROM grids WHERE code = ?`
	}
	var name string
	err := q.QueryRowContext(ctx, query, code).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound("node %s", code)
	}
	if err != nil {
		return "", fmt.Errorf("report: node %s: %w", code, err)
	}
	return name, nil
}

func departmentName(ctx context.Context, q store.Querier, code string) (string, error) {
	var name string
	err := q.QueryRowContext(ctx, `SELECT name FROM departments WHERE code = ?`, code).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", invalid("department", "%q is not a department", code)
	}
	if err != nil {
		return "", fmt.Errorf("report: department %s: %w", code, err)
	}
	return name, nil
}

// categoryTree returns the name of category code and the codes of it and
// every category under it (orders are filed under leaves; a class
// stands for its subtree).
func categoryTree(ctx context.Context, q store.Querier, code string) (string, []string, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, COALESCE(parent_code, ''), name_zh FROM categories`)
	if err != nil {
		return "", nil, fmt.Errorf("report: categories: %w", err)
	}
	defer rows.Close()
	children := map[string][]string{}
	var name string
	found := false
	for rows.Next() {
		var c, parent, zh string
		if err := rows.Scan(&c, &parent, &zh); err != nil {
			return "", nil, err
		}
		children[parent] = append(children[parent], c)
		if c == code {
			name, found = zh, true
		}
	}
	if err := rows.Err(); err != nil {
		return "", nil, err
	}
	if !found {
		return "", nil, invalid("category", "%q is not in the catalogue", code)
	}
	out := []string{code}
	for i := 0; i < len(out); i++ {
		out = append(out, children[out[i]]...)
	}
	return name, out, nil
}
