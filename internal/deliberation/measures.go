package deliberation

import (
	"context"
	"sort"
	"time"

	"civicgrid/internal/store"
)

// Measure sums a community's deliberation: topics received and how they
// ended, meetings held, and whether adopted decisions were carried out.
type Measure struct {
	CommunityCode string
	CommunityName string
	Topics        int // received in the period
	Decided       int
	Adopted       int
	Declined      int
	Meetings      int // held in the period
	Tasks         int // tasks of decisions taken in the period
	TasksDone     int
	TasksOverdue  int // open and past due at now
}

// DoneRate is the share of tasks carried out (落实率), 0 when none.
func (m Measure) DoneRate() float64 {
	if m.Tasks == 0 {
		return 0
	}
	return float64(m.TasksDone) / float64(m.Tasks)
}

// Measures sums the communities in a's scope (under a region when given)
// over [from, to).
func (s *Service) Measures(ctx context.Context, a Actor, under string, from, to time.Time) ([]Measure, error) {
	prefix, err := listPrefix(a, under)
	if err != nil {
		return nil, err
	}
	by := map[string]*Measure{}
	get := func(code, name string) *Measure {
		m, ok := by[code]
		if !ok {
			m = &Measure{CommunityCode: code, CommunityName: name}
			by[code] = m
		}
		return m
	}
	lo, hi, now := store.Millis(from), store.Millis(to), store.Millis(s.now())
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT t.community_code, COALESCE(r.name, ''), COUNT(*),
		SUM(CASE WHEN t.status = 'decided' THEN 1 ELSE 0 END), SUM(CASE WHEN t.outcome = 'adopted' THEN 1 ELSE 0 END),
		SUM(CASE WHEN t.status = 'declined' THEN 1 ELSE 0 END)
		FROM deliberation_topics t LEFT JOIN regions r ON r.code = t.community_code
		WHERE t.community_code LIKE ? AND t.created_at >= ? AND t.created_at < ? GROUP BY t.community_code, r.name`, prefix+"%", lo, hi)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var code, name string
		var n, decided, adopted, declined int
		if err := rows.Scan(&code, &name, &n, &decided, &adopted, &declined); err != nil {
			rows.Close()
			return nil, err
		}
		m := get(code, name)
		m.Topics, m.Decided, m.Adopted, m.Declined = n, decided, adopted, declined
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.cfg.DB.QueryContext(ctx, `SELECT m.community_code, COALESCE(r.name, ''), COUNT(*)
		FROM deliberation_meetings m LEFT JOIN regions r ON r.code = m.community_code
		WHERE m.community_code LIKE ? AND m.held_at >= ? AND m.held_at < ? AND m.held_at <> 0 GROUP BY m.community_code, r.name`, prefix+"%", lo, hi)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var code, name string
		var n int
		if err := rows.Scan(&code, &name, &n); err != nil {
			rows.Close()
			return nil, err
		}
		get(code, name).Meetings = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.cfg.DB.QueryContext(ctx, `SELECT t.community_code, COALESCE(r.name, ''), COUNT(*),
		SUM(CASE WHEN k.status = 'done' THEN 1 ELSE 0 END), SUM(CASE WHEN k.status = 'open' AND k.due_at < ? THEN 1 ELSE 0 END)
		FROM deliberation_tasks k JOIN deliberation_topics t ON t.id = k.topic_id LEFT JOIN regions r ON r.code = t.community_code
		WHERE t.community_code LIKE ? AND t.decided_at >= ? AND t.decided_at < ? GROUP BY t.community_code, r.name`, now, prefix+"%", lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var code, name string
		var n, done, overdue int
		if err := rows.Scan(&code, &name, &n, &done, &overdue); err != nil {
			return nil, err
		}
		m := get(code, name)
		m.Tasks, m.TasksDone, m.TasksOverdue = n, done, overdue
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Measure, 0, len(by))
	for _, m := range by {
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CommunityCode < out[j].CommunityCode })
	return out, nil
}
