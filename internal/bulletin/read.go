package bulletin

import (
	"context"
	"strings"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/report"
)

// Bulletin computes the bulletin of kind for node ("" is the actor's own)
// covering the last complete period before date (YYYY-MM-DD in China
// time; "" is today).
func (s *Service) Bulletin(ctx context.Context, a Actor, node, kind, date string) (report.Bulletin, error) {
	if err := a.need(readRoles, "read bulletins"); err != nil {
		return report.Bulletin{}, err
	}
	k, err := report.ParseBulletinKind(kind)
	if err != nil {
		return report.Bulletin{}, invalid("kind %q: want week or month — 请选择周报或月报", kind)
	}
	at := s.now()
	if date = strings.TrimSpace(date); date != "" {
		if at, err = time.ParseInLocation(time.DateOnly, date, s.zone); err != nil {
			return report.Bulletin{}, invalid("date %q: want YYYY-MM-DD — 日期格式应为 2026-03-09", date)
		}
	}
	return s.compose(ctx, a.Scope, node, k, at)
}

// compose is the report's bulletin with the period's hot topics.
func (s *Service) compose(ctx context.Context, scope auth.Scope, node string, k report.BulletinKind, at time.Time) (report.Bulletin, error) {
	b, err := s.reports.Bulletin(ctx, scope, node, k, at)
	if err != nil {
		return report.Bulletin{}, err
	}
	if b.HotTopics, err = s.hotTopics(ctx, b); err != nil {
		return report.Bulletin{}, err
	}
	return b, nil
}
