package volunteer

import (
	"context"
	"fmt"
	"math"
	"time"

	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/zone"
)

// Check-in methods.
const (
	MethodQR  = "qr"
	MethodGPS = "gps"
)

// PointsPerHour is the 积分 a service hour earns (floored per sign-up).
const PointsPerHour = 10

// china is the time zone the refusals speak in.
var china = zone.Shanghai()

func clock(t time.Time) string { return t.In(china).Format("01-02 15:04") }

func maskName(n string) string { return pii.MaskName(n) }

// window refuses a check-in outside [start − Early, end].
func window(x Activity, now time.Time) error {
	if x.Status != StatusPublished {
		return refused("activity %d is cancelled — 活动已取消，无需签到", x.ID)
	}
	open := x.StartsAt.Add(-Early)
	if now.Before(open) {
		return refused("check-in opens at %s — 还未到签到时间，签到从 %s 开始（活动开始前30分钟）", open.Format(time.RFC3339), clock(open))
	}
	if now.After(x.EndsAt) {
		return refused("the activity ended at %s — 活动已于 %s 结束，不能再签到", x.EndsAt.Format(time.RFC3339), clock(x.EndsAt))
	}
	return nil
}

// metres is the great-circle distance between two points.
func metres(lng1, lat1, lng2, lat2 float64) float64 {
	const earth = 6371008.8
	rad := math.Pi / 180
	dLat, dLng := (lat2-lat1)*rad, (lng2-lng1)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * earth * math.Asin(math.Min(1, math.Sqrt(h)))
}

// CheckInQR checks the card's volunteer in with the code they scanned from
// the organiser's screen: proof they stand before it now.
func (s *Service) CheckInQR(ctx context.Context, me Self, code string) (Signup, error) {
	id, err := s.parseCode(code, s.now())
	if err != nil {
		return Signup{}, err
	}
	return s.checkIn(ctx, me, id, MethodQR, func(Activity) error { return nil })
}

// CheckInGPS checks the card's volunteer in where their phone says they
// are, which must be within the activity's radius.
func (s *Service) CheckInGPS(ctx context.Context, me Self, activityID int64, lng, lat float64) (Signup, error) {
	if (lng == 0 && lat == 0) || math.IsNaN(lng) || math.IsNaN(lat) || math.Abs(lat) > 90 || math.Abs(lng) > 180 {
		return Signup{}, refused("no position — 未获取到位置，请允许浏览器使用定位后重试，或扫描现场二维码签到")
	}
	return s.checkIn(ctx, me, activityID, MethodGPS, func(x Activity) error {
		d := metres(lng, lat, x.Lng, x.Lat)
		if d > float64(x.RadiusM) {
			return refused("you are %.0f m from %s, outside its %d m — 您距活动地点“%s”约%.0f米，超出%d米签到范围，请到现场后签到或扫描现场二维码",
				d, x.Place, x.RadiusM, x.Place, d, x.RadiusM)
		}
		return nil
	})
}

func (s *Service) checkIn(ctx context.Context, me Self, activityID int64, method string, place func(Activity) error) (Signup, error) {
	v, err := s.self(ctx, me, method == MethodQR)
	if err != nil {
		return Signup{}, err
	}
	var out Signup
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		x, err := s.activity(ctx, tx, activityID)
		if err != nil {
			return err
		}
		now := s.now()
		if err := window(x, now); err != nil {
			return err
		}
		if err := place(x); err != nil {
			return err
		}
		su, err := s.signup(ctx, tx, activityID, v.ID)
		if err != nil {
			return err
		}
		if !su.CheckInAt.IsZero() {
			return conflict("checked in at %s — 您已于 %s 签到", su.CheckInAt.Format(time.RFC3339), clock(su.CheckInAt))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE volunteer_signups SET checkin_at = ?, checkin_method = ? WHERE id = ? AND checkin_at = 0`,
			store.Millis(now), method, su.ID); err != nil {
			return err
		}
		su.CheckInAt, su.CheckInMethod = now, method
		out = su
		return selfAudit(v.ID, me.IP).Record(ctx, tx, now, "volunteer.checkin", target("volunteer_activity", activityID), method)
	})
	return out, err
}

func (s *Service) signup(ctx context.Context, q store.Querier, activityID, volunteerID int64) (Signup, error) {
	rows, err := q.QueryContext(ctx, signupSelect+` WHERE s.activity_id = ? AND s.volunteer_id = ?`, activityID, volunteerID)
	if err != nil {
		return Signup{}, err
	}
	list, err := s.scanSignups(rows)
	if err != nil {
		return Signup{}, err
	}
	if len(list) == 0 {
		return Signup{}, refused("volunteer %d did not sign up for activity %d — 您未报名该活动，请先报名", volunteerID, activityID)
	}
	return list[0], nil
}

// served is the minutes of the activity a volunteer was there: from
// check-in (not before the start) to check-out (not after the end).
func served(x Activity, in, out time.Time) int {
	if in.Before(x.StartsAt) {
		in = x.StartsAt
	}
	if out.After(x.EndsAt) {
		out = x.EndsAt
	}
	if !out.After(in) {
		return 0
	}
	return int(out.Sub(in) / time.Minute)
}

// CheckOut ends the card's volunteer's service at an activity and credits
// the hours and 积分 at once. Until Late after the end; later, the
// organiser confirms.
func (s *Service) CheckOut(ctx context.Context, me Self, activityID int64) (Signup, error) {
	v, err := s.Me(ctx, me.Card)
	if err != nil {
		return Signup{}, err
	}
	var out Signup
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		x, err := s.activity(ctx, tx, activityID)
		if err != nil {
			return err
		}
		su, err := s.signup(ctx, tx, activityID, v.ID)
		if err != nil {
			return err
		}
		if su.CheckInAt.IsZero() {
			return refused("not checked in — 您还没有签到，不能签退")
		}
		if !su.CheckOutAt.IsZero() {
			return conflict("checked out at %s — 您已于 %s 签退", su.CheckOutAt.Format(time.RFC3339), clock(su.CheckOutAt))
		}
		now := s.now()
		if now.After(x.EndsAt.Add(Late)) {
			return refused("check-out closed at %s — 签退已截止，请联系活动组织者确认服务时长", clock(x.EndsAt.Add(Late)))
		}
		out, err = s.finish(ctx, tx, x, su, now, 0)
		if err != nil {
			return err
		}
		return selfAudit(v.ID, me.IP).Record(ctx, tx, now, "volunteer.checkout", target("volunteer_activity", activityID), fmt.Sprint(out.Minutes))
	})
	return out, err
}

// finish records the check-out and credits the ledgers (once: the row
// moves only while checkout_at is 0, and the ledger's ref is unique).
func (s *Service) finish(ctx context.Context, tx *store.Tx, x Activity, su Signup, at time.Time, by int64) (Signup, error) {
	min := served(x, su.CheckInAt, at)
	res, err := tx.ExecContext(ctx, `UPDATE volunteer_signups SET checkout_at = ?, minutes = ? WHERE id = ? AND checkout_at = 0`,
		store.Millis(at), min, su.ID)
	if err != nil {
		return Signup{}, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return Signup{}, err
	} else if n == 0 {
		return Signup{}, conflict("sign-up %d checked out already — 已签退", su.ID)
	}
	su.CheckOutAt, su.Minutes = at, min
	ref := fmt.Sprintf("signup:%d", su.ID)
	reason := fmt.Sprintf("志愿活动：%s", x.Title)
	return su, s.credit(ctx, tx, su.VolunteerID, min, reason, ref, by, at)
}

// Confirm closes an ended activity's attendance for the organiser: who
// checked in but not out is credited to the end of the activity.
// It returns how many were confirmed.
func (s *Service) Confirm(ctx context.Context, a Actor, activityID int64) (int, error) {
	n := 0
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		x, err := s.activity(ctx, tx, activityID)
		if err != nil || !a.covers(x.CommunityCode) {
			return notFound("activity", activityID)
		}
		if !MayKeep(a.User.Role) {
			return forbidden("a %q user may not confirm hours — 无权确认服务时长", a.User.Role)
		}
		now := s.now()
		if now.Before(x.EndsAt) {
			return conflict("activity %d ends at %s — 活动尚未结束（%s结束），结束后再确认时长", activityID, x.EndsAt.Format(time.RFC3339), clock(x.EndsAt))
		}
		rows, err := tx.QueryContext(ctx, signupSelect+` WHERE s.activity_id = ? AND s.checkin_at > 0 AND s.checkout_at = 0 ORDER BY s.id`, activityID)
		if err != nil {
			return err
		}
		open, err := s.scanSignups(rows)
		if err != nil {
			return err
		}
		for _, su := range open {
			if _, err := s.finish(ctx, tx, x, su, x.EndsAt, a.User.ID); err != nil {
				return err
			}
			n++
		}
		return a.audit().Record(ctx, tx, now, "volunteer.confirm", target("volunteer_activity", activityID), fmt.Sprint(n))
	})
	return n, err
}
