package bulletin

import (
	"context"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/report"
)

// Bulletin computes the bulletin of kind for node ("" is the actor's own)
// covering the last complete period before at.
func (s *Service) Bulletin(ctx context.Context, a Actor, node, kind string, at time.Time) (report.Bulletin, error) {
	if err := a.need(readRoles, "read bulletins"); err != nil {
		return report.Bulletin{}, err
	}
	k, err := report.ParseBulletinKind(kind)
	if err != nil {
		return report.Bulletin{}, invalid("kind %q: want week (周报) or month (月报)", kind)
	}
	if at.IsZero() {
		at = s.now()
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
