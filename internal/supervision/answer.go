package supervision

import (
	"context"
	"errors"
	"fmt"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// Answer (督办反馈) records the handler's answer to an open case: the
// order's current lead handler, or a dispatcher while the order is with
// the command centre.
func (s *Service) Answer(ctx context.Context, a order.Actor, id int64, version int, answer string) (Case, error) {
	answer, err := cleanText("answer", answer, maxText, true)
	if err != nil {
		return Case{}, err
	}
	var out Case
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		c, o, err := s.caseInScope(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		if c.Status != StatusOpen {
			return illegal("case %d is %s: only an open case is answered", id, c.Status)
		}
		if !mayAnswer(a, o) {
			return forbidden("only the order's handler (%s %s) answers case %d", o.Level, o.HandlerCode, id)
		}
		now := s.clockNow()
		if err := updateCase(ctx, tx, &c, version, now, `status = 'answered', answer = ?, answered_by = ?, answered_by_name = ?,
			answered_at = ?`, answer, nullID(a.UserID), a.Name, store.Millis(now)); err != nil {
			return err
		}
		c.Status, c.Answer, c.AnsweredBy, c.AnsweredAt = StatusAnswered, answer, a.Name, now
		out = c
		return s.journal(ctx, tx, a, &out, ActionAnswer, "supervision.answer", answer,
			map[string]any{"late": now.After(c.DueAt)}, now)
	})
	return out, err
}

// caseInScope loads case id for a: the order must be in a's scope (else
// ErrNotFound) and the case at version (else ErrStaleVersion).
func (s *Service) caseInScope(ctx context.Context, tx *store.Tx, a order.Actor, id int64, version int) (Case, order.Order, error) {
	c, err := loadCase(ctx, tx, id)
	if err != nil {
		return Case{}, order.Order{}, err
	}
	o, err := s.orders.Lookup(ctx, tx, a, c.Number)
	if errors.Is(err, order.ErrNotFound) {
		return Case{}, order.Order{}, fmt.Errorf("%w: %w", caseNotFound(id), err)
	}
	if err != nil {
		return Case{}, order.Order{}, err
	}
	if c.Version != version {
		return Case{}, order.Order{}, fmt.Errorf("case %d at version %d (now %d): %w", id, version, c.Version, ErrStaleVersion)
	}
	return c, o, nil
}

// updateCase applies set (with args) to case c if it is still at
// version, and moves it to the next version at now.
func updateCase(ctx context.Context, tx *store.Tx, c *Case, version int, now time.Time, set string, args ...any) error {
	args = append(args, version+1, store.Millis(now), c.ID, version)
	res, err := tx.ExecContext(ctx, `UPDATE supervision_cases SET `+set+`, version = ?, updated_at = ? WHERE id = ? AND version = ?`, args...)
	if err != nil {
		return fmt.Errorf("supervision: update case %d: %w", c.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("case %d at version %d: %w", c.ID, version, ErrStaleVersion)
	}
	c.Version, c.UpdatedAt = version+1, now
	return nil
}
