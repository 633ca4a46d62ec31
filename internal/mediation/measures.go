package mediation

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/store"
)

// Measures of the cases under a region in a period [From, To):
//
//	Received     cases opened in the period
//	Concluded    cases closed in the period (any outcome)
//	Success      of those, 调解成功
//	SuccessRate  Success / Concluded (调解成功率; 0 when nothing concluded)
//	MeanDays     mean days from opening to closing of the concluded cases
//	Escalated    cases handed to a street in the period
//	Open         cases open now; Overdue: of those, past their deadline
type Measures struct {
	Received, Concluded, Success, Failed, Litigation, Escalated int
	Open, Overdue                                               int
	SuccessRate                                                 float64
	MeanDays                                                    float64
}

// Measure computes the measures under region (its scope's own node when
// "") for [from, to).
func (s *Service) Measure(ctx context.Context, a Actor, under string, from, to time.Time) (Measures, error) {
	prefix := a.Scope.RegionPrefix()
	if !MayRead(a.User.Role) || prefix == "" {
		return Measures{}, forbidden("a %q user may not read mediation measures — 无权查看调解统计", a.User.Role)
	}
	if under != "" {
		if !a.Scope.CoversRegion(under) {
			return Measures{}, fmt.Errorf("%w: region %s", ErrNotFound, under)
		}
		prefix = under
	}
	f, t, now := store.Millis(from), store.Millis(to), store.Millis(s.now())
	var m Measures
	var spanMs int64
	err := s.cfg.DB.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN opened_at >= ? AND opened_at < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'closed' AND closed_at >= ? AND closed_at < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'closed' AND closed_at >= ? AND closed_at < ? AND outcome = 'success' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'closed' AND closed_at >= ? AND closed_at < ? AND outcome = 'failed' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'closed' AND closed_at >= ? AND closed_at < ? AND outcome = 'litigation' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN escalated_at >= ? AND escalated_at < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'open' AND due_at < ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'closed' AND closed_at >= ? AND closed_at < ? THEN closed_at - opened_at ELSE 0 END), 0)
		FROM mediation_cases WHERE community_code LIKE ?`,
		f, t, f, t, f, t, f, t, f, t, f, t, now, f, t, prefix+"%").
		Scan(&m.Received, &m.Concluded, &m.Success, &m.Failed, &m.Litigation, &m.Escalated, &m.Open, &m.Overdue, &spanMs)
	if err != nil {
		return Measures{}, err
	}
	if m.Concluded > 0 {
		m.SuccessRate = float64(m.Success) / float64(m.Concluded)
		m.MeanDays = float64(spanMs) / float64(m.Concluded) / float64(24*time.Hour/time.Millisecond)
	}
	return m, nil
}
