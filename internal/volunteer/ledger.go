package volunteer

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/store"
)

// Ledger kinds: service hours (amount in minutes) and 积分.
const (
	KindHours  = "hours"
	KindPoints = "points"
)

// Line is one line of a ledger. The ledgers are append-only: a correction
// or a redemption (兑换) is a new line, and a total is the sum.
type Line struct {
	ID        int64
	Kind      string
	Amount    int64
	Reason    string
	Ref       string
	CreatedAt time.Time
}

// credit adds min minutes and the 积分 they earn, under ref (once).
func (s *Service) credit(ctx context.Context, tx *store.Tx, volunteerID int64, min int, reason, ref string, by int64, at time.Time) error {
	if min <= 0 {
		return nil
	}
	if err := s.line(ctx, tx, volunteerID, KindHours, int64(min), reason, ref, by, at); err != nil {
		return err
	}
	if p := int64(min * PointsPerHour / 60); p > 0 {
		return s.line(ctx, tx, volunteerID, KindPoints, p, reason, ref, by, at)
	}
	return nil
}

func (s *Service) line(ctx context.Context, tx *store.Tx, volunteerID int64, kind string, amount int64, reason, ref string, by int64, at time.Time) error {
	var r any
	if ref != "" {
		r = ref
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO volunteer_ledger (volunteer_id, kind, amount, reason, ref, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		volunteerID, kind, amount, reason, r, by, store.Millis(at))
	return err
}

// Adjust appends a manual line: 积分 awarded or redeemed (兑换, negative),
// or hours corrected, with a reason. A total never goes below zero.
func (s *Service) Adjust(ctx context.Context, a Actor, volunteerID int64, kind string, amount int64, reason string) (Volunteer, error) {
	if kind != KindHours && kind != KindPoints {
		return Volunteer{}, invalid("kind %q: want hours or points — 请选择调整服务时长还是积分", kind)
	}
	if amount == 0 || amount > 100000 || amount < -100000 {
		return Volunteer{}, invalid("amount %d: want a non-zero number up to 100000 — 调整数量不能为0", amount)
	}
	reason, err := clean("reason", reason, 2, 200, true)
	if err != nil {
		return Volunteer{}, err
	}
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		v, err := s.volunteer(ctx, tx, volunteerID, false)
		if err != nil || !a.covers(v.CommunityCode) {
			return notFound("volunteer", volunteerID)
		}
		if !hasAction(VolunteerActions(a, v), ActionAdjust) {
			return forbidden("a %q user may not adjust ledgers — 无权调整服务时长或积分", a.User.Role)
		}
		total := v.Points
		if kind == KindHours {
			total = v.Minutes
		}
		if total+amount < 0 {
			return conflict("the %s total is %d: %d would take it below zero — 余额不足：当前%d，不能减去%d", kind, total, -amount, total, -amount)
		}
		now := s.now()
		if err := s.line(ctx, tx, volunteerID, kind, amount, reason, "", a.User.ID, now); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "volunteer.adjust", target("volunteer", volunteerID), fmt.Sprintf("%s %+d %s", kind, amount, reason))
	})
	if err != nil {
		return Volunteer{}, err
	}
	return s.volunteer(ctx, s.cfg.DB, volunteerID, false)
}

// Lines returns a page of a volunteer's ledger lines (kind "" for both),
// newest first.
func (s *Service) lines(ctx context.Context, volunteerID int64, kind string, limit, offset int) ([]Line, error) {
	where, args := `volunteer_id = ?`, []any{volunteerID}
	if kind != "" {
		where, args = where+` AND kind = ?`, append(args, kind)
	}
	if offset < 0 {
		offset = 0
	}
	args = append(args, pageSize(limit), offset)
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT id, kind, amount, reason, COALESCE(ref, ''), created_at FROM volunteer_ledger
		WHERE `+where+` ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Line
	for rows.Next() {
		var l Line
		var at int64
		if err := rows.Scan(&l.ID, &l.Kind, &l.Amount, &l.Reason, &l.Ref, &at); err != nil {
			return nil, err
		}
		l.CreatedAt = store.Time(at)
		out = append(out, l)
	}
	return out, rows.Err()
}

// Lines returns a page of the ledger lines of a volunteer in a's area.
func (s *Service) Lines(ctx context.Context, a Actor, volunteerID int64, kind string, limit, offset int) ([]Line, error) {
	if _, err := s.Get(ctx, a, volunteerID); err != nil {
		return nil, err
	}
	return s.lines(ctx, volunteerID, kind, limit, offset)
}

// MyLines returns a page of the card's volunteer's ledger lines.
func (s *Service) MyLines(ctx context.Context, card, kind string, limit, offset int) ([]Line, error) {
	v, err := s.Me(ctx, card)
	if err != nil {
		return nil, err
	}
	return s.lines(ctx, v.ID, kind, limit, offset)
}
