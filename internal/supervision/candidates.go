package supervision

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"civicgrid/internal/order"
)

// Candidate is an order that may deserve supervision, with the active
// case already on it (0 when none).
type Candidate struct {
	Reason Reason
	Order  order.Order
	CaseID int64
}

// CandidatePage is one page of Candidates.
type CandidatePage struct {
	Candidates []Candidate
	Total      int
}

// Candidates lists the orders in a's scope that raise reason: overdue
// (resolution deadline passed while the order's deadlines run), returned
// (at least Config.MinReturns returns), reopened (at least one rework) or
// unsatisfied (latest callback 不满意). Supervisors and leaders only.
func (s *Service) Candidates(ctx context.Context, a order.Actor, reason Reason, limit, offset int) (CandidatePage, error) {
	if !isOverseer(a) {
		return CandidatePage{}, forbidden("only supervisors and leaders see supervision candidates")
	}
	if !slices.Contains(Reasons(), reason) {
		return CandidatePage{}, invalid("reason", "%q: want overdue, returned, reopened or unsatisfied", reason)
	}
	page, err := s.orders.ListConcern(ctx, a, order.ConcernFilter{Concern: order.Concern(reason), At: s.clockNow(),
		MinReturns: s.minReturns, Limit: limit, Offset: offset})
	if err != nil {
		return CandidatePage{}, err
	}
	out := CandidatePage{Total: page.Total, Candidates: make([]Candidate, 0, len(page.Orders))}
	if len(page.Orders) == 0 {
		return out, nil
	}
	ids := make([]any, 0, len(page.Orders))
	for _, o := range page.Orders {
		ids = append(ids, o.ID)
	}
	active, err := s.activeCases(ctx, ids)
	if err != nil {
		return CandidatePage{}, err
	}
	for _, o := range page.Orders {
		out.Candidates = append(out.Candidates, Candidate{Reason: reason, Order: o, CaseID: active[o.ID]})
	}
	return out, nil
}

// activeCases maps order ids to their case not yet closed.
func (s *Service) activeCases(ctx context.Context, orderIDs []any) (map[int64]int64, error) {
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(orderIDs)), ", ")
	rows, err := s.db.QueryContext(ctx, `SELECT order_id, id FROM supervision_cases
		WHERE status <> 'closed' AND order_id IN (`+marks+`)`, orderIDs...)
	if err != nil {
		return nil, fmt.Errorf("supervision: active cases: %w", err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var orderID, id int64
		if err := rows.Scan(&orderID, &id); err != nil {
			return nil, err
		}
		out[orderID] = id
	}
	return out, rows.Err()
}
