package supervision

import (
	"context"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// Close (督办办结) closes a case with an outcome and any accountability.
// Only a supervisor may, once the handler answered, or once the due date
// passed without an answer.
func (s *Service) Close(ctx context.Context, a order.Actor, id int64, version int, outcome string, acc []Accountability) (Case, error) {
	if !mayClose(a) {
		return Case{}, forbidden("only supervisors close supervision cases")
	}
	outcome, err := cleanText("outcome", outcome, maxText, true)
	if err != nil {
		return Case{}, err
	}
	if acc, err = cleanAccountability(acc); err != nil {
		return Case{}, err
	}
	var out Case
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		c, _, err := s.caseInScope(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		now := s.clockNow()
		switch {
		case c.Status == StatusClosed:
			return illegal("case %d is closed already", id)
		case c.Status == StatusOpen && !c.Overdue(now):
			return illegal("case %d awaits the handler's answer until %s", id, c.DueAt.Format("2006-01-02 15:04"))
		}
		unanswered := c.Status == StatusOpen
		if err := updateCase(ctx, tx, &c, version, now, `status = 'closed', outcome = ?, closed_by = ?, closed_by_name = ?,
			closed_at = ?`, outcome, nullID(a.UserID), a.Name, store.Millis(now)); err != nil {
			return err
		}
		c.Status, c.Outcome, c.ClosedBy, c.ClosedAt = StatusClosed, outcome, a.Name, now
		if err := recordAccountability(ctx, tx, a, &c, acc, now); err != nil {
			return err
		}
		c.Accountability = append(c.Accountability, acc...)
		out = c
		return s.journal(ctx, tx, a, &out, ActionClose, "supervision.close", outcome,
			map[string]any{"accountability": len(acc), "unanswered": unanswered}, now)
	})
	return out, err
}
