package volunteer

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// Signup is a volunteer's place in an activity and what they did there.
type Signup struct {
	ID            int64
	ActivityID    int64
	VolunteerID   int64
	VolunteerName string // masked
	SignedAt      time.Time
	CheckInAt     time.Time
	CheckInMethod string // qr or gps
	CheckOutAt    time.Time
	Minutes       int
}

// Self is a volunteer acting on their own page: the card token and the
// phone's address, for the audit log. Phone stands in for the card only
// when checking in by QR code — the fresh code proves the person stands
// at the activity, and a volunteer who scans with a phone that never
// opened their card link still gets in.
type Self struct {
	Card  string
	Phone string
	IP    string
}

// self resolves the volunteer acting: by card, or by phone when allowed.
func (s *Service) self(ctx context.Context, me Self, byPhone bool) (Volunteer, error) {
	if me.Card != "" || !byPhone {
		return s.Me(ctx, me.Card)
	}
	ph, err := phone(me.Phone)
	if err != nil {
		return Volunteer{}, err
	}
	all := s.cfg.Keys.BlindAll(ph)
	var id int64
	err = s.cfg.DB.QueryRowContext(ctx, `SELECT id FROM volunteers WHERE status = 'active' AND phone_blind IN (?`+repeat(", ?", len(all)-1)+`)`,
		anys(all)...).Scan(&id)
	if err != nil {
		return Volunteer{}, refused("phone %s is not a registered volunteer's — 该手机号未注册志愿者，请向社区登记", pii.MaskPhone(ph))
	}
	return s.volunteer(ctx, s.cfg.DB, id, false)
}

func selfAudit(id int64, ip string) audit.Actor {
	return audit.Actor{Name: fmt.Sprintf("志愿者#%d", id), IP: ip}
}

// SignUp takes a place in a published activity that has not ended for the
// volunteer of the card. Once each (ErrSignedUp), never past the capacity
// (ErrFull): the count rises in one conditional UPDATE, so of two
// volunteers racing for the last place exactly one gets it.
func (s *Service) SignUp(ctx context.Context, me Self, activityID int64) (Signup, error) {
	v, err := s.Me(ctx, me.Card)
	if err != nil {
		return Signup{}, err
	}
	var out Signup
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		x, err := s.activity(ctx, tx, activityID)
		if err != nil || x.Status != StatusPublished {
			return notFound("activity", activityID)
		}
		now := s.now()
		if !now.Before(x.EndsAt) {
			return conflict("activity %d has ended — 活动已结束，不能报名", activityID)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM volunteer_signups WHERE activity_id = ? AND volunteer_id = ?`, activityID, v.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("%w: volunteer %d in activity %d — 您已报名该活动，无需重复报名", ErrSignedUp, v.ID, activityID)
		}
		res, err := tx.ExecContext(ctx, `UPDATE volunteer_activities SET signed_count = signed_count + 1
			WHERE id = ? AND status = 'published' AND signed_count < capacity`, activityID)
		if err != nil {
			return err
		}
		if k, err := res.RowsAffected(); err != nil {
			return err
		} else if k == 0 {
			return fmt.Errorf("%w: activity %d has %d places, all taken — 活动名额已满（共%d人），请选择其他活动", ErrFull, activityID, x.Capacity, x.Capacity)
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO volunteer_signups (activity_id, volunteer_id, signed_at) VALUES (?, ?, ?) RETURNING id`,
			activityID, v.ID, store.Millis(now)).Scan(&out.ID); err != nil {
			return err
		}
		out = Signup{ID: out.ID, ActivityID: activityID, VolunteerID: v.ID, VolunteerName: v.Name, SignedAt: now}
		return selfAudit(v.ID, me.IP).Record(ctx, tx, now, "volunteer.signup", target("volunteer_activity", activityID), target("volunteer", v.ID))
	})
	return out, err
}

const signupSelect = `SELECT s.id, s.activity_id, s.volunteer_id, v.name_sealed, s.signed_at, s.checkin_at, s.checkin_method, s.checkout_at, s.minutes
	FROM volunteer_signups s JOIN volunteers v ON v.id = s.volunteer_id`

func (s *Service) scanSignups(rows interface {
	Next() bool
	Scan(...any) error
	Close() error
	Err() error
}) ([]Signup, error) {
	defer rows.Close()
	var out []Signup
	for rows.Next() {
		var x Signup
		var name string
		var signed, in, outAt int64
		if err := rows.Scan(&x.ID, &x.ActivityID, &x.VolunteerID, &name, &signed, &in, &x.CheckInMethod, &outAt, &x.Minutes); err != nil {
			return nil, err
		}
		x.SignedAt = store.Time(signed)
		if in != 0 {
			x.CheckInAt = store.Time(in)
		}
		if outAt != 0 {
			x.CheckOutAt = store.Time(outAt)
		}
		plain, err := s.cfg.Keys.Open(name)
		if err != nil {
			return nil, fmt.Errorf("volunteer %d: %w", x.VolunteerID, err)
		}
		x.VolunteerName = maskName(plain)
		out = append(out, x)
	}
	return out, rows.Err()
}

// Signups lists who signed up for an activity in a's area (names masked),
// in sign-up order; an activity has at most MaxCapacity.
func (s *Service) Signups(ctx context.Context, a Actor, activityID int64) ([]Signup, error) {
	if _, err := s.Activity(ctx, a, activityID); err != nil {
		return nil, err
	}
	rows, err := s.cfg.DB.QueryContext(ctx, signupSelect+` WHERE s.activity_id = ? ORDER BY s.id`, activityID)
	if err != nil {
		return nil, err
	}
	return s.scanSignups(rows)
}

// MySignups lists the card's volunteer's sign-ups, newest activity first,
// with the activities.
func (s *Service) MySignups(ctx context.Context, card string, limit int) ([]Signup, []Activity, error) {
	v, err := s.Me(ctx, card)
	if err != nil {
		return nil, nil, err
	}
	rows, err := s.cfg.DB.QueryContext(ctx, signupSelect+` JOIN volunteer_activities x ON x.id = s.activity_id
		WHERE s.volunteer_id = ? ORDER BY x.starts_at DESC, s.id DESC LIMIT ?`, v.ID, pageSize(limit))
	if err != nil {
		return nil, nil, err
	}
	sus, err := s.scanSignups(rows)
	if err != nil {
		return nil, nil, err
	}
	xs := make([]Activity, 0, len(sus))
	for _, su := range sus {
		x, err := s.activity(ctx, s.cfg.DB, su.ActivityID)
		if err != nil {
			return nil, nil, err
		}
		xs = append(xs, x)
	}
	return sus, xs, nil
}
