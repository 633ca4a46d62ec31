package care

import (
	"context"
	"sort"

	"civicgrid/internal/store"
)

// GridMeasure is one grid's figures (docs/design.md §13):
//
//	走访完成率 OnSchedule / Members: the share of current members whose
//	           last visit (or enrolment) lies within their group's plan;
//	出租房占比  Rented / Houses: houses in use 出租 among live houses;
//	流动人口占比 Floating / People: people of residence 流动 among those
//	           living there (not moved out, not deceased).
//
// Counts only: nobody is named, so every role with the grid in scope may
// read them.
type GridMeasure struct {
	GridCode      string
	GridName      string
	CommunityCode string
	Members       int
	OnSchedule    int
	Visits30      int // visits in the last 30 days
	People        int
	Floating      int
	Houses        int
	Rented        int
	ByGroup       map[string]int // current members per group
}

// VisitRate, RentedShare and FloatingShare are the shares as fractions;
// -1 when the denominator is zero (shown as "—").
func (g GridMeasure) VisitRate() float64     { return share(g.OnSchedule, g.Members) }
func (g GridMeasure) RentedShare() float64   { return share(g.Rented, g.Houses) }
func (g GridMeasure) FloatingShare() float64 { return share(g.Floating, g.People) }

func share(n, d int) float64 {
	if d == 0 {
		return -1
	}
	return float64(n) / float64(d)
}

// Add sums another grid's counts into g (a community's or a street's
// total).
func (g *GridMeasure) Add(o GridMeasure) {
	g.Members += o.Members
	g.OnSchedule += o.OnSchedule
	g.Visits30 += o.Visits30
	g.People += o.People
	g.Floating += o.Floating
	g.Houses += o.Houses
	g.Rented += o.Rented
	if g.ByGroup == nil {
		g.ByGroup = map[string]int{}
	}
	for k, v := range o.ByGroup {
		g.ByGroup[k] += v
	}
}

// Measures are the figures of every grid in the actor's scope (or under
// prefix, when it lies in scope), in grid code order.
func (s *Service) Measures(ctx context.Context, a Actor, prefix string) ([]GridMeasure, error) {
	if !a.MayCount() {
		return nil, forbidden("no region to count")
	}
	if prefix == "" || !a.Scope.CoversRegion(prefix) {
		prefix = a.Scope.RegionPrefix()
	}
	like := prefix + "%"
	now := store.Millis(s.now())
	byGrid := map[string]*GridMeasure{}
	rows, err := s.DB.QueryContext(ctx, `SELECT code, name, community_code FROM grids WHERE code LIKE ?`, like)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		g := &GridMeasure{ByGroup: map[string]int{}}
		if err := rows.Scan(&g.GridCode, &g.GridName, &g.CommunityCode); err != nil {
			rows.Close()
			return nil, err
		}
		byGrid[g.GridCode] = g
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	type count struct {
		q    string
		args []any
		put  func(g *GridMeasure, key string, n int)
	}
	for _, c := range []count{
		{`SELECT m.grid_code, m.group_code, COUNT(*), SUM(CASE WHEN (CASE WHEN m.last_visit_at = 0 THEN m.enrolled_at ELSE m.last_visit_at END)
			+ CAST(g.frequency_days AS BIGINT) * 86400000 >= ? THEN 1 ELSE 0 END)
			FROM care_members m JOIN care_groups g ON g.code = m.group_code WHERE m.ended_at = 0 AND m.grid_code LIKE ? GROUP BY m.grid_code, m.group_code`,
			[]any{now, like}, nil},
		{`SELECT grid_code, '', COUNT(*), 0 FROM care_visits WHERE grid_code LIKE ? AND visited_at >= ? GROUP BY grid_code`,
			[]any{like, now - 30*86400000}, func(g *GridMeasure, _ string, n int) { g.Visits30 += n }},
		{`SELECT grid_code, residence, COUNT(*), 0 FROM people WHERE grid_code LIKE ? AND moved_out = '' AND deceased = '' GROUP BY grid_code, residence`,
			[]any{like}, func(g *GridMeasure, res string, n int) {
				g.People += n
				if res == "floating" {
					g.Floating += n
				}
			}},
		{`SELECT grid_code, house_use, COUNT(*), 0 FROM houses WHERE grid_code LIKE ? AND retired_at IS NULL GROUP BY grid_code, house_use`,
			[]any{like}, func(g *GridMeasure, use string, n int) {
				g.Houses += n
				if use == "rent" {
					g.Rented += n
				}
			}},
	} {
		rows, err := s.DB.QueryContext(ctx, c.q, c.args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var grid, key string
			var n, extra int
			if err := rows.Scan(&grid, &key, &n, &extra); err != nil {
				rows.Close()
				return nil, err
			}
			g := byGrid[grid]
			if g == nil {
				continue
			}
			if c.put == nil { // members
				g.Members += n
				g.OnSchedule += extra
				g.ByGroup[key] += n
				continue
			}
			c.put(g, key, n)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	out := make([]GridMeasure, 0, len(byGrid))
	for _, g := range byGrid {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].GridCode < out[j].GridCode })
	return out, nil
}

// ByCommunity sums grid figures per community, in code order.
func ByCommunity(gs []GridMeasure) []GridMeasure {
	var out []GridMeasure
	idx := map[string]int{}
	for _, g := range gs {
		i, ok := idx[g.CommunityCode]
		if !ok {
			i = len(out)
			idx[g.CommunityCode] = i
			out = append(out, GridMeasure{GridCode: g.CommunityCode, CommunityCode: g.CommunityCode, ByGroup: map[string]int{}})
		}
		out[i].Add(g)
	}
	return out
}
