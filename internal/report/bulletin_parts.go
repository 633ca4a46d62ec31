package report

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// CategoryFigure is one first-level category class over a period.
type CategoryFigure struct {
	Code   string `json:"code"`
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
	Counts Counts `json:"counts"`
	Rates  Rates  `json:"rates"`
	// Share is the class's part of every order received.
	Share Rate `json:"share"`
}

// TopCategories measures q's orders per first-level category class (a
// leaf's root), the most received first, at most limit of them. It reads
// the orders table as of the time q is judged at.
func (r *Reporter) TopCategories(ctx context.Context, scope auth.Scope, q Query, limit int) ([]CategoryFigure, error) {
	p, err := r.resolve(ctx, scope, q)
	if err != nil {
		return nil, err
	}
	groups, err := r.directCounts(ctx, p, groupCategory, []span{{p.from, p.to}})
	if err != nil {
		return nil, err
	}
	classes, err := rootClasses(ctx, r.db)
	if err != nil {
		return nil, err
	}
	byRoot := map[string]*CategoryFigure{}
	var total int64
	for code, c := range groups {
		root, ok := classes[code]
		if !ok {
			root = categoryClass{code: code, zh: code, en: code} // a category deleted since
		}
		f := byRoot[root.code]
		if f == nil {
			f = &CategoryFigure{Code: root.code, NameZh: root.zh, NameEn: root.en}
			byRoot[root.code] = f
		}
		f.Counts.add(c)
		total += c.Received
	}
	out := make([]CategoryFigure, 0, len(byRoot))
	for _, f := range byRoot {
		f.Rates = r.rates(f.Counts)
		f.Share = r.rate(float64(f.Counts.Received), total)
		out = append(out, *f)
	}
	slices.SortFunc(out, func(a, b CategoryFigure) int {
		if a.Counts.Received != b.Counts.Received {
			return int(b.Counts.Received - a.Counts.Received)
		}
		return strings.Compare(a.Code, b.Code)
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

type categoryClass struct{ code, zh, en string }

// rootClasses maps every category code to its first-level class.
func rootClasses(ctx context.Context, q store.Querier) (map[string]categoryClass, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, COALESCE(parent_code, ''), name_zh, name_en FROM categories`)
	if err != nil {
		return nil, fmt.Errorf("report: categories: %w", err)
	}
	defer rows.Close()
	parent := map[string]string{}
	self := map[string]categoryClass{}
	for rows.Next() {
		var c categoryClass
		var up string
		if err := rows.Scan(&c.code, &up, &c.zh, &c.en); err != nil {
			return nil, err
		}
		parent[c.code], self[c.code] = up, c
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make(map[string]categoryClass, len(self))
	for code := range self {
		root := code
		for i := 0; parent[root] != "" && i < 16; i++ { // 16: a cycle would be a broken catalogue
			root = parent[root]
		}
		out[code] = self[root]
	}
	return out, nil
}

// UnitConcern is one handling unit's overdue and returned orders: those
// received in the period that missed their resolution deadline (done late,
// or open past it at the as-of time) while the unit held them, and the
// returns (退单) the unit made in the period.
type UnitConcern struct {
	Level    string `json:"level"` // centre, grid, street, department
	Code     string `json:"code"`
	Name     string `json:"name"`
	Overdue  int64  `json:"overdue"`
	Returned int64  `json:"returned"`
}

// Concerns lists the units with overdue or returned orders of q, the most
// overdue first. The overdue counts add up to the period's 按期办结率
// shortfall (ResolveDue − ResolvedOnTime): each order is counted at its
// current handler.
func (r *Reporter) Concerns(ctx context.Context, scope auth.Scope, q Query) ([]UnitConcern, error) {
	p, err := r.resolve(ctx, scope, q)
	if err != nil {
		return nil, err
	}
	groups, err := r.directCounts(ctx, p, groupHandler, []span{{p.from, p.to}})
	if err != nil {
		return nil, err
	}
	units := map[string]*UnitConcern{}
	get := func(key string) *UnitConcern {
		if u := units[key]; u != nil {
			return u
		}
		level, code, _ := strings.Cut(key, ":")
		u := &UnitConcern{Level: level, Code: code}
		units[key] = u
		return u
	}
	for key, c := range groups {
		if late := c.ResolveDue - c.ResolvedOnTime; late > 0 {
			get(key).Overdue += late
		}
	}
	returns, err := r.returnsBy(ctx, p)
	if err != nil {
		return nil, err
	}
	for key, n := range returns {
		get(key).Returned += n
	}
	out := make([]UnitConcern, 0, len(units))
	for _, u := range units {
		if u.Name, err = handlerName(ctx, r.db, u.Level, u.Code); err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	slices.SortFunc(out, func(a, b UnitConcern) int {
		if a.Overdue != b.Overdue {
			return int(b.Overdue - a.Overdue)
		}
		if a.Returned != b.Returned {
			return int(b.Returned - a.Returned)
		}
		return strings.Compare(a.Level+a.Code, b.Level+b.Code)
	})
	return out, nil
}

// returnsBy counts the returns (退单) made in p's period on orders at p's
// node, by the unit that returned them (the event's from_level and
// from_handler).
func (r *Reporter) returnsBy(ctx context.Context, p plan) (map[string]int64, error) {
	node, args := nodeCond(p.node)
	rows, err := r.db.QueryContext(ctx, `SELECT e.data FROM order_events e JOIN orders ON orders.id = e.order_id
		WHERE e.action = 'return' AND e.at >= ? AND e.at < ? AND `+node, append([]any{p.from, p.to}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("report: returns: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var raw string
		if err := rows.Scan(&raw); err != nil {
			return nil, err
		}
		var d struct {
			Level   string `json:"from_level"`
			Handler string `json:"from_handler"`
		}
		if err := json.Unmarshal([]byte(raw), &d); err != nil || d.Level == "" {
			continue // an event written before returns recorded their unit
		}
		out[d.Level+":"+d.Handler]++
	}
	return out, rows.Err()
}

// handlerName names a handling unit; the centre has no name of its own
// (pages say 指挥中心).
func handlerName(ctx context.Context, q store.Querier, level, code string) (string, error) {
	var query string
	switch level {
	case "department":
		query = `SELECT name FROM departments WHERE code = ?`
	case "street":
		query = `SELECT name FROM regions WHERE code = ?`
	case "grid":
		query = `SELECT name FROM grids WHERE code = ?`
	default:
		return "", nil
	}
	var name string
	err := q.QueryRowContext(ctx, query, code).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return code, nil
	}
	return name, err
}

// Notable is an order a bulletin names: supervised (督办), rated 不满意,
// reopened or returned repeatedly — the cases a leader asks about.
type Notable struct {
	Number      string   `json:"number"`
	CategoryZh  string   `json:"category_zh"`
	CategoryEn  string   `json:"category_en"`
	Status      string   `json:"status"`
	Level       string   `json:"level"`
	Handler     string   `json:"handler"`
	HandlerName string   `json:"handler_name"`
	Received    int64    `json:"received_at"` // Unix ms
	Reasons     []string `json:"reasons"`     // supervised, unsatisfied, reworked, returned
}

// NotableOrders lists up to limit orders of q with something to answer
// for, the most reasons first, then the oldest.
func (r *Reporter) NotableOrders(ctx context.Context, scope auth.Scope, q Query, limit int) ([]Notable, error) {
	p, err := r.resolve(ctx, scope, q)
	if err != nil {
		return nil, err
	}
	where, args := ordersWhere(p, []span{{p.from, p.to}})
	supervised := `EXISTS (SELECT 1 FROM supervision_cases s WHERE s.order_id = orders.id)`
	flags := []string{supervised, `rating = 'unsatisfied'`, `reworks > 0`, `returns >= 2`}
	weight := make([]string, len(flags))
	for i, f := range flags {
		weight[i] = `(CASE WHEN ` + f + ` THEN 1 ELSE 0 END)`
	}
	query := `SELECT number, COALESCE(c.name_zh, category_code), COALESCE(c.name_en, category_code), status,
		handler_level, handler_code, received_at, ` + strings.Join(weight, ", ") + `
		FROM orders LEFT JOIN categories c ON c.code = orders.category_code
		WHERE ` + valid + ` AND ` + where + ` AND (` + strings.Join(flags, " OR ") + `)
		ORDER BY ` + strings.Join(weight, " + ") + ` DESC, received_at, number LIMIT ?`
	rows, err := r.db.QueryContext(ctx, query, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("report: notable orders: %w", err)
	}
	defer rows.Close()
	names := []string{"supervised", "unsatisfied", "reworked", "returned"}
	var out []Notable
	for rows.Next() {
		var n Notable
		marks := make([]int, len(flags))
		dest := []any{&n.Number, &n.CategoryZh, &n.CategoryEn, &n.Status, &n.Level, &n.Handler, &n.Received}
		for i := range marks {
			dest = append(dest, &marks[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		for i, m := range marks {
			if m == 1 {
				n.Reasons = append(n.Reasons, names[i])
			}
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].HandlerName, err = handlerName(ctx, r.db, out[i].Level, out[i].Handler); err != nil {
			return nil, err
		}
	}
	return out, nil
}
