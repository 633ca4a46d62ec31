package order

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"civicgrid/internal/store"
)

// CoHandler is one co-handling department's part of an order (协办): it
// signs for its part and replies to the lead, who resolves the order.
type CoHandler struct {
	Department string
	AddedAt    time.Time
	SignedAt   time.Time // zero until it signs
	RepliedAt  time.Time // its first reply; zero before
	Note       string    // its latest reply
}

// CoHandling lists the current co-handlers of an order with their part,
// by department code.
func (s *Service) CoHandling(ctx context.Context, a Actor, number string) ([]CoHandler, error) {
	o, err := s.loadReadable(ctx, s.db, a, number)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT department_code, added_at, signed_at, replied_at, note FROM order_co_handlers
		WHERE order_id = ? AND removed_at = 0 ORDER BY department_code`, o.ID)
	if err != nil {
		return nil, fmt.Errorf("order: co-handling: %w", err)
	}
	defer rows.Close()
	out := []CoHandler{}
	for rows.Next() {
		var c CoHandler
		var added, signed, replied int64
		if err := rows.Scan(&c.Department, &added, &signed, &replied, &c.Note); err != nil {
			return nil, err
		}
		c.AddedAt, c.SignedAt, c.RepliedAt = store.Time(added), store.Time(signed), store.Time(replied)
		out = append(out, c)
	}
	return out, rows.Err()
}

// CoSign (协办签收): a co-handling department acknowledges its part. Only
// a current co-handler may, once.
func (s *Service) CoSign(ctx context.Context, a Actor, number string, version int) (Order, error) {
	return s.act(ctx, a, number, version, ActionCoSign, func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
		dept, part, err := coPart(ctx, tx, a, o)
		if err != nil {
			return err
		}
		if part.signed > 0 {
			return refuse("department %s signed its part already", dept)
		}
		st.data = map[string]any{"department": dept}
		_, err = tx.ExecContext(ctx, `UPDATE order_co_handlers SET signed_at = ?
			WHERE order_id = ? AND department_code = ? AND removed_at = 0`, store.Millis(st.now), o.ID, dept)
		return err
	})
}

// CoReply (协办反馈): a co-handling department reports its part to the
// lead, after signing. It may reply again; the first reply's time counts
// and the latest note is kept.
func (s *Service) CoReply(ctx context.Context, a Actor, number string, version int, note string) (Order, error) {
	note, err := cleanNote("note", note, true)
	if err != nil {
		return Order{}, err
	}
	return s.act(ctx, a, number, version, ActionCoReply, func(ctx context.Context, tx *store.Tx, o *Order, st *step) error {
		dept, part, err := coPart(ctx, tx, a, o)
		if err != nil {
			return err
		}
		if part.signed == 0 {
			return refuse("department %s must sign its part before replying", dept)
		}
		st.note = note
		st.data = map[string]any{"department": dept, "first": part.replied == 0}
		_, err = tx.ExecContext(ctx, `UPDATE order_co_handlers SET note = ?,
			replied_at = CASE WHEN replied_at = 0 THEN ? ELSE replied_at END
			WHERE order_id = ? AND department_code = ? AND removed_at = 0`, note, store.Millis(st.now), o.ID, dept)
		return err
	})
}

type coRow struct{ signed, replied int64 }

// coPart is a's department's current co-handler row on o; a department
// that is not a co-handler (the lead included) is refused.
func coPart(ctx context.Context, tx *store.Tx, a Actor, o *Order) (string, coRow, error) {
	dept := a.Scope.DepartmentCode()
	if dept == "" || !slices.Contains(o.CoHandlers, dept) {
		return "", coRow{}, forbid("only a co-handling department may act on its part; co-handlers are %v", o.CoHandlers)
	}
	var r coRow
	err := tx.QueryRowContext(ctx, `SELECT signed_at, replied_at FROM order_co_handlers
		WHERE order_id = ? AND department_code = ? AND removed_at = 0`, o.ID, dept).Scan(&r.signed, &r.replied)
	if errors.Is(err, sql.ErrNoRows) {
		return "", coRow{}, forbid("department %s is not a co-handler", dept)
	}
	return dept, r, err
}
