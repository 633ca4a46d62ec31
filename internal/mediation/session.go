package mediation

import (
	"context"
	"time"

	"civicgrid/internal/store"
)

// Session is one sitting of the mediation (调解记录).
type Session struct {
	ID       int64
	HeldAt   time.Time
	Place    string
	Mediator string
	Note     string
}

// SessionInput records a sitting; a zero HeldAt is now.
type SessionInput struct {
	HeldAt   time.Time
	Place    string
	Mediator string
	Note     string
}

func sessions(ctx context.Context, q store.Querier, caseID int64) ([]Session, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, held_at, place, mediator, note FROM mediation_sessions WHERE case_id = ? ORDER BY held_at, id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		var x Session
		var at int64
		if err := rows.Scan(&x.ID, &at, &x.Place, &x.Mediator, &x.Note); err != nil {
			return nil, err
		}
		x.HeldAt = store.Time(at)
		out = append(out, x)
	}
	return out, rows.Err()
}

// AddSession records a sitting of an open case a works. A sitting cannot
// lie in the future nor before the case was opened.
func (s *Service) AddSession(ctx context.Context, a Actor, id int64, in SessionInput) (Case, error) {
	note, err := cleanText("note", in.Note, true, maxText)
	if err != nil {
		return Case{}, err
	}
	place, err := cleanLine("place", in.Place, false)
	if err != nil {
		return Case{}, err
	}
	mediator, err := cleanLine("mediator", in.Mediator, false)
	if err != nil {
		return Case{}, err
	}
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		c, err := load(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := a.need(c, ActionSession); err != nil {
			return err
		}
		now := s.now()
		at := in.HeldAt
		if at.IsZero() {
			at = now
		}
		if at.After(now.Add(time.Minute)) || at.Before(c.OpenedAt.Add(-24*time.Hour)) {
			return invalid("held_at %s: a sitting lies between the case's opening and now — 调解时间应在立案之后、当前时间之前", at.Format(time.RFC3339))
		}
		if mediator == "" {
			mediator = c.Mediator
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO mediation_sessions (case_id, held_at, place, mediator, note, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, store.Millis(at), place, mediator, note, a.User.ID, store.Millis(now)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE mediation_cases SET updated_at = ? WHERE id = ?`, store.Millis(now), id); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "mediation.session", target(id), place)
	})
	if err != nil {
		return Case{}, err
	}
	return s.Get(ctx, a, id)
}
