package report

import (
	"context"
	"fmt"

	"civicgrid/internal/auth"
)

// ConsultFigures are the 咨询直接答复率 (consultations answered at first
// contact) of q's orders: a consultation is a valid order of a 咨询
// category or with the demand type 咨询; it was answered at first contact
// when the operator answered and closed it on the call (the order's
// "answer" step, order.Service.Answer), from the knowledge base or not.
type ConsultFigures struct {
	Consultations int64    `json:"consultations"`
	Answered      int64    `json:"answered_at_first_contact"`
	FromKnowledge int64    `json:"answered_from_knowledge"`
	Rate          *float64 `json:"direct_answer_rate"` // nil without consultations
	KnowledgeRate *float64 `json:"knowledge_share"`    // share of the answered ones from the knowledge base
}

// DirectAnswers counts q's consultations and those answered at first
// contact, for a viewer with scope (the same checks as Measures), straight
// from the orders table; steps after q's as-of time do not count.
func (r *Reporter) DirectAnswers(ctx context.Context, scope auth.Scope, q Query) (ConsultFigures, error) {
	p, err := r.resolve(ctx, scope, q)
	if err != nil {
		return ConsultFigures{}, err
	}
	where, args := ordersWhere(p, []span{{p.from, p.to}})
	answered := `EXISTS (SELECT 1 FROM order_events ev WHERE ev.order_id = orders.id AND ev.action = 'answer' AND ev.at <= ?)`
	query := `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN ` + answered + ` THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN ` + answered + ` AND EXISTS (SELECT 1 FROM kb_uses u WHERE u.order_number = orders.number AND u.used_at <= ?) THEN 1 ELSE 0 END), 0)
		FROM orders WHERE ` + valid + ` AND (kind = 'consult' OR demand_type = 'consult') AND ` + where
	var out ConsultFigures
	err = r.db.QueryRowContext(ctx, query, append([]any{p.asOf, p.asOf, p.asOf}, args...)...).
		Scan(&out.Consultations, &out.Answered, &out.FromKnowledge)
	if err != nil {
		return ConsultFigures{}, fmt.Errorf("report: count consultations: %w", err)
	}
	out.Rate = share(out.Answered, out.Consultations)
	out.KnowledgeRate = share(out.FromKnowledge, out.Answered)
	return out, nil
}

func share(n, d int64) *float64 {
	if d == 0 {
		return nil
	}
	v := float64(n) / float64(d)
	return &v
}
