package order

import "context"

// AwaitingDecision lists the orders in a's scope with an extension or
// suspension request waiting for a decision, the soonest due first: the
// approvers' (dispatchers', supervisors') work list. Orders no longer
// handled (closed, cancelled, merged) are left out; their requests are
// moot.
func (s *Service) AwaitingDecision(ctx context.Context, a Actor, limit, offset int) (Page, error) {
	return s.page(ctx, a, `o.status IN ('pending','dispatched','processing','suspended','resolved') AND EXISTS (
		SELECT 1 FROM order_deadline_requests r WHERE r.order_id = o.id AND r.status = 'pending')`, nil,
		`o.resolve_due_at, o.id`, limit, offset)
}
