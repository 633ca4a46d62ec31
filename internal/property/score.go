package property

import (
	"context"
	"slices"
	"strings"
	"time"

	"civicgrid/internal/store"
)

// Score is a company's record over a period, from the orders linked to it
// that were received in the period: 物业服务评分 = 100 × 满意率, where
// 满意率 = (满意 + 基本满意) / rated, as the dashboard counts it (cancelled
// and merged orders left out, the latest rating counting). Thin is set
// below MinRated ratings: a score on two calls is shown greyed.
type Score struct {
	CompanyID   int64   `json:"company_id"`
	CompanyName string  `json:"company_name"`
	Estates     int     `json:"estates"` // compounds it serves today
	Orders      int64   `json:"orders"`
	Resolved    int64   `json:"resolved"`
	Rated       int64   `json:"rated"`
	Satisfied   int64   `json:"satisfied"` // 满意 and 基本满意
	Value       float64 `json:"score"`
	Defined     bool    `json:"defined"`
	Thin        bool    `json:"thin"`
}

// MinRated is the number of ratings below which a score is thin.
const MinRated = 5

// Scores scores the companies of the actor's districts over [from, to),
// the best first; those without ratings last, by name.
func (s *Service) Scores(ctx context.Context, a Actor, from, to time.Time) ([]Score, error) {
	companies, err := s.Companies(ctx, a)
	if err != nil {
		return nil, err
	}
	if !to.After(from) {
		return nil, invalid("to: after from — 结束日期应晚于开始日期")
	}
	cond, args := districtsCond(a, "pc.district_code")
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT l.company_id, COUNT(*),
		COALESCE(SUM(CASE WHEN o.status IN ('resolved','closed') THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN o.rating <> '' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN o.rating IN ('satisfied','basic') THEN 1 ELSE 0 END), 0)
		FROM property_order_links l JOIN orders o ON o.id = l.order_id JOIN property_companies pc ON pc.id = l.company_id
		WHERE o.status NOT IN ('cancelled','merged') AND o.received_at >= ? AND o.received_at < ? AND `+cond+`
		GROUP BY l.company_id`, append([]any{store.Millis(from), store.Millis(to)}, args...)...)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*Score{}
	for rows.Next() {
		var sc Score
		if err := rows.Scan(&sc.CompanyID, &sc.Orders, &sc.Resolved, &sc.Rated, &sc.Satisfied); err != nil {
			rows.Close()
			return nil, err
		}
		byID[sc.CompanyID] = &sc
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	serving, err := s.servingCounts(ctx, day(s.now()))
	if err != nil {
		return nil, err
	}
	out := make([]Score, 0, len(companies))
	for _, c := range companies {
		sc := Score{CompanyID: c.ID}
		if got := byID[c.ID]; got != nil {
			sc = *got
		}
		sc.CompanyName, sc.Estates = c.Name, serving[c.ID]
		if sc.Rated > 0 {
			sc.Value, sc.Defined = 100*float64(sc.Satisfied)/float64(sc.Rated), true
		}
		sc.Thin = sc.Rated < MinRated
		out = append(out, sc)
	}
	slices.SortStableFunc(out, func(x, y Score) int {
		switch {
		case x.Defined != y.Defined:
			if x.Defined {
				return -1
			}
			return 1
		case x.Value != y.Value:
			if x.Value > y.Value {
				return -1
			}
			return 1
		}
		return strings.Compare(x.CompanyName, y.CompanyName)
	})
	return out, nil
}

// servingCounts counts the compounds each company serves on day.
func (s *Service) servingCounts(ctx context.Context, d string) (map[int64]int, error) {
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT company_id, COUNT(DISTINCT estate_id) FROM property_contracts
		WHERE starts_on <= ? AND ends_on >= ? GROUP BY company_id`, d, d)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}
