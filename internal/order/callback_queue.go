package order

import "context"

// AwaitsRework reports whether o was rated 不满意 since its latest
// resolution — by the centre's callback or by the resident — and waits
// for the dispatcher to reopen it (重办) or call back again.
func (o Order) AwaitsRework() bool {
	return o.Status == StatusResolved && o.Rating == RatingUnsatisfied && !o.CallbackAt.IsZero() && !o.CallbackAt.Before(o.ResolvedAt)
}

// CallbackQueue lists the resolved orders in a's scope awaiting the
// centre's callback (回访): first those rated 不满意 since their latest
// resolution (AwaitsRework), so a resident's 不满意 on the tracking page
// is the first thing the centre sees, then the longest waiting.
func (s *Service) CallbackQueue(ctx context.Context, a Actor, limit, offset int) (Page, error) {
	return s.page(ctx, a, `o.status = 'resolved'`, nil,
		`CASE WHEN o.rating = 'unsatisfied' AND o.callback_at >= o.resolved_at THEN 0 ELSE 1 END, o.resolved_at, o.number`,
		limit, offset)
}
