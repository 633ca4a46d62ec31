package report

import (
	"context"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// BulletinKind is the period a bulletin covers: a week (周报, Monday to
// Sunday) or a month (月报).
type BulletinKind string

const (
	Weekly  BulletinKind = "week"
	Monthly BulletinKind = "month"
)

// ParseBulletinKind reads a BulletinKind from its name.
func ParseBulletinKind(s string) (BulletinKind, error) {
	switch k := BulletinKind(s); k {
	case Weekly, Monthly:
		return k, nil
	}
	return "", invalid("kind", "%q: want week or month", s)
}

// Period is a half-open span of local days [From, To).
type Period struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// LastDay is the period's last day, for people (the end is exclusive).
func (p Period) LastDay() time.Time { return p.To.AddDate(0, 0, -1) }

// BulletinPeriod is the last complete week or month before at, in the
// report zone, and the one before it (the comparison). A bulletin is
// about a finished period: on Monday the weekly one covers last week.
func (r *Reporter) BulletinPeriod(kind BulletinKind, at time.Time) (cur, prev Period, err error) {
	return BulletinPeriodIn(kind, at, r.zone)
}

// BulletinPeriodIn is BulletinPeriod with days cut in zone.
func BulletinPeriodIn(kind BulletinKind, at time.Time, zone *time.Location) (cur, prev Period, err error) {
	local := at.In(zone)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, zone)
	switch kind {
	case Weekly:
		back := (int(today.Weekday()) + 6) % 7 // days since Monday
		end := today.AddDate(0, 0, -back)
		cur = Period{end.AddDate(0, 0, -7), end}
		prev = Period{end.AddDate(0, 0, -14), cur.From}
	case Monthly:
		end := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, zone)
		cur = Period{end.AddDate(0, -1, 0), end}
		prev = Period{end.AddDate(0, -2, 0), cur.From}
	default:
		return Period{}, Period{}, invalid("kind", "%q: want week or month", kind)
	}
	return cur, prev, nil
}

// Bulletin is a 周报 or 月报 of a district or a street, as the weekly
// bulletins of 12345 and 数字城管 centres are: totals and the three rates
// against the previous period, the leading categories, the rankings of
// the units below and of the departments, the units with overdue and
// returned orders, and notable cases. Every figure is one the dashboard
// shows for the same node and period (the same calls compute them).
type Bulletin struct {
	Kind     BulletinKind `json:"kind"`
	Node     string       `json:"node"`
	NodeName string       `json:"node_name"`
	Period   Period       `json:"period"`
	Previous Period       `json:"previous"`
	AsOf     time.Time    `json:"as_of"`

	Current     Measures `json:"current"`
	PreviousFig Measures `json:"previous_figures"`
	// Changes are the headline figures against the previous period.
	Changes    []Change         `json:"changes"`
	Categories []CategoryFigure `json:"categories"`
	// Units ranks the streets of a district or the communities of a
	// street; Departments the departments leading orders there.
	Units       Ranking       `json:"units"`
	Departments Ranking       `json:"departments"`
	Concerns    []UnitConcern `json:"concerns"`
	Notable     []Notable     `json:"notable"`
	// HotTopics are the period's clusters of orders about one matter;
	// internal/bulletin fills them (this package does not read orders'
	// text).
	HotTopics []HotTopic `json:"hot_topics"`
}

// HotTopic is one matter many people called about in the period.
type HotTopic struct {
	Words       []string `json:"words"`
	Count       int      `json:"count"`
	Communities []string `json:"communities"` // names, most orders first
	Rising      bool     `json:"rising"`      // more orders in the period's second half
}

// Change is one headline figure now and in the previous period. For a
// count Delta is the difference; for a rate it is in percentage points,
// defined only when both rates are.
type Change struct {
	ID       string  `json:"id"`
	Current  float64 `json:"current"`
	Previous float64 `json:"previous"`
	Delta    float64 `json:"delta"`
	// Rate is true for a rate (values are fractions), false for a count.
	Rate    bool `json:"rate"`
	Defined bool `json:"defined"`
}

// topCategories is how many leading categories a bulletin names.
const topCategories = 8

// notableLimit caps the notable cases listed.
const notableLimit = 10

// Bulletin computes the bulletin of kind for node (a district or a street;
// "" is the viewer's own node) covering the last complete period before
// at, for a viewer with scope: the same checks as Measures and Rank.
func (r *Reporter) Bulletin(ctx context.Context, scope auth.Scope, node string, kind BulletinKind, at time.Time) (Bulletin, error) {
	cur, prev, err := r.BulletinPeriod(kind, at)
	if err != nil {
		return Bulletin{}, err
	}
	if scope.DepartmentCode() != "" {
		return Bulletin{}, forbidden("a bulletin covers a district or a street, not one department")
	}
	if node == "" {
		node = scope.RegionPrefix()
	}
	by, ok := bulletinUnits(node)
	if !ok {
		return Bulletin{}, invalid("node", "%q: a bulletin is of a district (6 digits) or a street (9 digits)", node)
	}
	q := Query{Node: node, From: cur.From, To: cur.To}
	m, err := r.Measures(ctx, scope, q)
	if err != nil {
		return Bulletin{}, err
	}
	units, err := r.Rank(ctx, scope, q, by)
	if err != nil {
		return Bulletin{}, err
	}
	departments, err := r.Rank(ctx, scope, q, ByDepartment)
	if err != nil {
		return Bulletin{}, err
	}
	pm, err := r.Measures(ctx, scope, Query{Node: node, From: prev.From, To: prev.To})
	if err != nil {
		return Bulletin{}, err
	}
	b := Bulletin{Kind: kind, Node: m.Node, NodeName: m.NodeName, Period: cur, Previous: prev, AsOf: m.AsOf,
		Current: m, PreviousFig: pm, Changes: changes(m.Rates, pm.Rates), Units: units, Departments: departments}
	// The parts below read the orders table: judged at the figures' as-of
	// time, they add up to the figures (the rollup may answer those).
	q.AsOf = m.AsOf
	if b.Categories, err = r.TopCategories(ctx, scope, q, topCategories); err != nil {
		return Bulletin{}, err
	}
	if b.Concerns, err = r.Concerns(ctx, scope, q); err != nil {
		return Bulletin{}, err
	}
	if b.Notable, err = r.NotableOrders(ctx, scope, q, notableLimit); err != nil {
		return Bulletin{}, err
	}
	b.AsOf = store.Time(max(store.Millis(b.AsOf), store.Millis(pm.AsOf)))
	return b, nil
}

// bulletinUnits is what a bulletin of node ranks below it.
func bulletinUnits(node string) (Dimension, bool) {
	switch len(node) {
	case 6:
		return ByStreet, true
	case 9:
		return ByCommunity, true
	}
	return "", false
}

// changes compares the headline figures: 受理量, 有效工单, the three rates
// of the score (响应率, 解决率 as configured, 满意率), 回访率 and the score.
func changes(cur, prev Rates) []Change {
	count := func(id string, c, p int64) Change {
		return Change{ID: id, Current: float64(c), Previous: float64(p), Delta: float64(c - p), Defined: true}
	}
	rate := func(id string, c, p Rate) Change {
		out := Change{ID: id, Current: c.Value, Previous: p.Value, Rate: true, Defined: c.Defined && p.Defined}
		if out.Defined {
			out.Delta = 100 * (c.Value - p.Value)
		}
		return out
	}
	solve := func(rs Rates) Rate {
		if rs.Score.Solve == SolveByOnTimeRate {
			return rs.OnTimeResolve
		}
		return rs.Resolve
	}
	score := Change{ID: "score", Current: cur.Score.Value, Previous: prev.Score.Value,
		Defined: cur.Score.Defined && prev.Score.Defined}
	if score.Defined {
		score.Delta = cur.Score.Value - prev.Score.Value
	}
	return []Change{
		count("received", cur.Received, prev.Received),
		count("valid", cur.Valid, prev.Valid),
		rate("response_rate", cur.Response, prev.Response),
		rate("solve_rate", solve(cur), solve(prev)),
		rate("satisfaction_rate", cur.Satisfaction, prev.Satisfaction),
		rate("callback_rate", cur.Callback, prev.Callback),
		score,
	}
}
