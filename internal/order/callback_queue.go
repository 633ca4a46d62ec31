package order

import (
	"context"
	"strconv"

	"civicgrid/internal/store"
)

// AwaitsRework reports whether o was rated 不满意 since its latest
// resolution — by the centre's callback or by the resident — and waits
// for the dispatcher to reopen it (重办) or call back again.
func (o Order) AwaitsRework() bool {
	return o.Status == StatusResolved && o.Rating == RatingUnsatisfied && !o.CallbackAt.IsZero() && !o.CallbackAt.Before(o.ResolvedAt)
}

// CallbackQueue lists the resolved orders in a's scope awaiting the
// centre's callback (回访): first those rated 不满意 since their latest
// resolution (AwaitsRework), so a resident's 不满意 on the tracking page
// is the first thing the centre sees, then the longest waiting, and last
// those whose unanswered call (未接通) is to be tried again later, by
// their retry time (Order.CallbackDue).
func (s *Service) CallbackQueue(ctx context.Context, a Actor, limit, offset int) (Page, error) {
	now := store.Millis(s.clockNow())
	return s.page(ctx, a, `o.status = 'resolved'`, nil,
		`CASE WHEN o.rating = 'unsatisfied' AND o.callback_at >= o.resolved_at THEN 0
			WHEN o.callback_retry_at <= `+strconv.FormatInt(now, 10)+` THEN 1 ELSE 2 END,
		o.callback_retry_at, o.resolved_at, o.number`,
		limit, offset)
}
