package mediation

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/store"
)

// CloseInput is a case's outcome: the agreement is required when the
// mediation succeeded (调解协议), the note otherwise.
type CloseInput struct {
	Outcome   string
	Agreement string
	Note      string
}

// Closed is a closed case and what closing did to its order (OrderResolved,
// OrderReplied, OrderNoted, or "" without an order).
type Closed struct {
	Case      Case
	OrderStep string
}

// Close records the outcome of an open case a works. A case closed without
// an outcome, or settled without an agreement, is refused.
func (s *Service) Close(ctx context.Context, a Actor, id int64, version int, in CloseInput) (Closed, error) {
	if in.Outcome == "" {
		return Closed{}, invalid("outcome is required: a case closes as %s — 结案须选择调解结果", codes(Outcomes))
	}
	oc, ok := lookup(Outcomes, in.Outcome)
	if !ok {
		return Closed{}, invalid("outcome %q: want one of %s — 调解结果不对", in.Outcome, codes(Outcomes))
	}
	agreement, err := cleanText("agreement", in.Agreement, oc.Code == OutcomeSuccess, maxText)
	if err != nil {
		return Closed{}, err
	}
	note, err := cleanText("note", in.Note, oc.Code != OutcomeSuccess, maxText)
	if err != nil {
		return Closed{}, err
	}
	var c Case
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		if c, err = load(ctx, tx, a, id); err != nil {
			return err
		}
		if err := a.need(c, ActionClose); err != nil {
			return err
		}
		now := s.now()
		if err := bump(ctx, tx, c, version, now, `status = ?, outcome = ?, agreement = ?, result_note = ?, closed_at = ?`,
			StatusClosed, oc.Code, agreement, note, store.Millis(now)); err != nil {
			return err
		}
		if err := s.noteOnOrder(ctx, tx, a, c.OrderNumber, orderActionClosed, "人民调解结案："+oc.Zh); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "mediation.close", target(id), oc.Zh)
	})
	if err != nil {
		return Closed{}, err
	}
	text := "人民调解结案：" + oc.Zh
	if note != "" {
		text += "。" + note
	}
	step, err := s.finishOrder(ctx, a, c, text)
	if err != nil {
		return Closed{}, fmt.Errorf("mediation: case %d is closed but its order %s was not updated: %w", id, c.OrderNumber, err)
	}
	got, err := s.Get(ctx, a, id)
	return Closed{Case: got, OrderStep: step}, err
}

// Escalate hands an open community case to its street's 综治中心 (转交街道)
// with a reason; the street gets a fresh term.
func (s *Service) Escalate(ctx context.Context, a Actor, id int64, version int, reason string) (Case, error) {
	reason, err := cleanText("reason", reason, true, maxText)
	if err != nil {
		return Case{}, err
	}
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		c, err := load(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := a.need(c, ActionEscalate); err != nil {
			return err
		}
		now := s.now()
		if err := bump(ctx, tx, c, version, now, `level = ?, escalated_at = ?, due_at = ?`,
			LevelStreet, store.Millis(now), store.Millis(now.Add(Term))); err != nil {
			return err
		}
		if err := s.noteOnOrder(ctx, tx, a, c.OrderNumber, orderActionEscalated, "社区调解未果，转交街道综治中心"); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "mediation.escalate", target(id), reason)
	})
	if err != nil {
		return Case{}, err
	}
	return s.Get(ctx, a, id)
}

// bump updates c with set (and its args) if version is current (0 takes
// the current one), raising the version.
func bump(ctx context.Context, tx *store.Tx, c Case, version int, now time.Time, set string, args ...any) error {
	if version == 0 {
		version = c.Version
	}
	args = append(args, store.Millis(now), c.ID, version)
	res, err := tx.ExecContext(ctx, `UPDATE mediation_cases SET `+set+`, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("%w: case %d is at version %d, not %d — 案件已被他人修改，请刷新", ErrStale, c.ID, c.Version, version)
	}
	return nil
}
