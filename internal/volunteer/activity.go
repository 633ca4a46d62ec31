package volunteer

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"time"

	"civicgrid/internal/org"
	"civicgrid/internal/store"
)

// Statuses of an activity.
const (
	StatusPublished = "published" // 已发布
	StatusCancelled = "cancelled" // 已取消
)

// Activity is a volunteer activity a community publishes. It holds no
// person, so the public sees it whole.
type Activity struct {
	ID            int64
	CommunityCode string
	CommunityName string
	TeamID        int64
	TeamName      string
	Title         string
	Detail        string
	Place         string
	Lng, Lat      float64
	RadiusM       int
	StartsAt      time.Time
	EndsAt        time.Time
	Capacity      int
	SignedUp      int
	Status        string
	CreatedAt     time.Time
}

// Left is the number of places left.
func (x Activity) Left() int { return x.Capacity - x.SignedUp }

// Bounds of an activity.
const (
	MinRadius, MaxRadius = 20, 2000 // metres
	MaxCapacity          = 1000
	MaxLength            = 24 * time.Hour
	// Early is how long before the start check-in opens.
	Early = 30 * time.Minute
	// Late is how long after the end a volunteer may still check out.
	Late = 2 * time.Hour
)

// ActivityInput is a new activity.
type ActivityInput struct {
	CommunityCode string
	TeamID        int64
	Title         string
	Detail        string
	Place         string
	Lng, Lat      float64
	RadiusM       int
	StartsAt      time.Time
	EndsAt        time.Time
	Capacity      int
}

// Publish publishes an activity of a community in a's area.
func (s *Service) Publish(ctx context.Context, a Actor, in ActivityInput) (Activity, error) {
	if !MayKeep(a.User.Role) {
		return Activity{}, forbidden("a %q user may not publish activities — 无权发布志愿活动", a.User.Role)
	}
	title, err := clean("title", in.Title, 2, 60, true)
	if err != nil {
		return Activity{}, err
	}
	detail, err := clean("detail", in.Detail, 0, 1000, false)
	if err != nil {
		return Activity{}, err
	}
	place, err := clean("place", in.Place, 2, 100, true)
	if err != nil {
		return Activity{}, err
	}
	if in.Lng < 73 || in.Lng > 136 || in.Lat < 3 || in.Lat > 54 || math.IsNaN(in.Lng) || math.IsNaN(in.Lat) {
		return Activity{}, invalid("point %.6f,%.6f is not in China — 请在地图上选定活动地点", in.Lng, in.Lat)
	}
	if in.RadiusM < MinRadius || in.RadiusM > MaxRadius {
		return Activity{}, invalid("radius %d m: want %d to %d — 签到范围应在%d到%d米之间", in.RadiusM, MinRadius, MaxRadius, MinRadius, MaxRadius)
	}
	if in.Capacity < 1 || in.Capacity > MaxCapacity {
		return Activity{}, invalid("capacity %d: want 1 to %d — 招募人数应在1到%d之间", in.Capacity, MaxCapacity, MaxCapacity)
	}
	if in.StartsAt.IsZero() || !in.EndsAt.After(in.StartsAt) || in.EndsAt.Sub(in.StartsAt) > MaxLength {
		return Activity{}, invalid("time %s–%s: the end must follow the start, within a day — 结束时间须晚于开始时间，且活动不超过24小时",
			in.StartsAt.Format(time.RFC3339), in.EndsAt.Format(time.RFC3339))
	}
	now := s.now()
	if in.EndsAt.Before(now) {
		return Activity{}, invalid("the activity ended at %s — 活动结束时间已过，不能发布", in.EndsAt.Format(time.RFC3339))
	}
	var id int64
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		comm, err := org.GetRegion(ctx, tx, in.CommunityCode)
		if err != nil || (comm.Level != org.LevelCommunity && comm.Level != org.LevelVillage) {
			return invalid("community %q: an activity belongs to a community — 请选择社区", in.CommunityCode)
		}
		if !a.covers(comm.Code) {
			return notFound("community", 0)
		}
		var team any
		if in.TeamID != 0 {
			t, err := s.team(ctx, tx, in.TeamID)
			if err != nil || !a.seesTeam(t) {
				return invalid("team %d is not one of yours — 所选队伍不存在或不在本辖区", in.TeamID)
			}
			team = t.ID
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO volunteer_activities (community_code, team_id, title, detail, place, lng, lat, radius_m,
			starts_at, ends_at, capacity, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			comm.Code, team, title, detail, place, in.Lng, in.Lat, in.RadiusM, store.Millis(in.StartsAt), store.Millis(in.EndsAt),
			in.Capacity, a.User.ID, store.Millis(now)).Scan(&id); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "volunteer.publish", target("volunteer_activity", id), title)
	})
	if err != nil {
		return Activity{}, err
	}
	return s.activity(ctx, s.cfg.DB, id)
}

const activitySelect = `SELECT x.id, x.community_code, COALESCE(r.name, ''), COALESCE(x.team_id, 0), COALESCE(t.name, ''), x.title, x.detail,
	x.place, x.lng, x.lat, x.radius_m, x.starts_at, x.ends_at, x.capacity, x.signed_count, x.status, x.created_at
	FROM volunteer_activities x LEFT JOIN regions r ON r.code = x.community_code LEFT JOIN volunteer_teams t ON t.id = x.team_id`

func scanActivity(sc interface{ Scan(...any) error }) (Activity, error) {
	var x Activity
	var start, end, created int64
	err := sc.Scan(&x.ID, &x.CommunityCode, &x.CommunityName, &x.TeamID, &x.TeamName, &x.Title, &x.Detail, &x.Place, &x.Lng, &x.Lat,
		&x.RadiusM, &start, &end, &x.Capacity, &x.SignedUp, &x.Status, &created)
	x.StartsAt, x.EndsAt, x.CreatedAt = store.Time(start), store.Time(end), store.Time(created)
	return x, err
}

func (s *Service) activity(ctx context.Context, q store.Querier, id int64) (Activity, error) {
	x, err := scanActivity(q.QueryRowContext(ctx, activitySelect+` WHERE x.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Activity{}, notFound("activity", id)
	}
	return x, err
}

// Activity returns an activity in a's area.
func (s *Service) Activity(ctx context.Context, a Actor, id int64) (Activity, error) {
	x, err := s.activity(ctx, s.cfg.DB, id)
	if err != nil {
		return Activity{}, err
	}
	if !a.covers(x.CommunityCode) {
		return Activity{}, notFound("activity", id)
	}
	return x, nil
}

// PublicActivity returns a published activity for anyone.
func (s *Service) PublicActivity(ctx context.Context, id int64) (Activity, error) {
	x, err := s.activity(ctx, s.cfg.DB, id)
	if err != nil || x.Status != StatusPublished {
		return Activity{}, notFound("activity", id)
	}
	return x, nil
}

// Activities lists the activities of a's area (in a region of it when
// region is given) that end at or after from, soonest first, a page at a
// time (offset: a community publishes a few a week).
func (s *Service) Activities(ctx context.Context, a Actor, region string, from time.Time, limit, offset int) ([]Activity, error) {
	area := a.area()
	if area == "" {
		return nil, forbidden("a %q user may not read activities — 无权查看志愿活动", a.User.Role)
	}
	if region != "" {
		if !a.covers(region) {
			return nil, notFound("region", 0)
		}
		area = region
	}
	lo, hi := under(area)
	return s.activities(ctx, `x.community_code >= ? AND x.community_code < ? AND x.ends_at >= ?`, []any{lo, hi, store.Millis(from)}, limit, offset)
}

// Upcoming lists the published activities of a region ("" for all) that
// have not ended, soonest first: the public list, with places left.
func (s *Service) Upcoming(ctx context.Context, region string, limit, offset int) ([]Activity, error) {
	lo, hi := under(region)
	return s.activities(ctx, `x.community_code >= ? AND x.community_code < ? AND x.ends_at >= ? AND x.status = 'published'`,
		[]any{lo, hi, store.Millis(s.now())}, limit, offset)
}

func (s *Service) activities(ctx context.Context, where string, args []any, limit, offset int) ([]Activity, error) {
	if offset < 0 {
		offset = 0
	}
	args = append(args, pageSize(limit), offset)
	rows, err := s.cfg.DB.QueryContext(ctx, activitySelect+` WHERE `+where+` ORDER BY x.starts_at, x.id LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Activity
	for rows.Next() {
		x, err := scanActivity(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// Cancel cancels an activity that has not ended, with a reason; its
// sign-ups stay on record and nobody checks in any more.
func (s *Service) Cancel(ctx context.Context, a Actor, id int64, reason string) (Activity, error) {
	reason, err := clean("reason", reason, 2, 200, false)
	if err != nil {
		return Activity{}, err
	}
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		x, err := s.activity(ctx, tx, id)
		if err != nil || !a.covers(x.CommunityCode) {
			return notFound("activity", id)
		}
		if !hasAction(ActivityActions(a, x), ActionCancel) {
			if x.Status == StatusCancelled {
				return conflict("activity %d is cancelled already — 活动已取消", id)
			}
			return forbidden("a %q user may not cancel activities — 无权取消志愿活动", a.User.Role)
		}
		now := s.now()
		if now.After(x.EndsAt) {
			return conflict("activity %d has ended — 活动已结束，不能取消", id)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE volunteer_activities SET status = 'cancelled' WHERE id = ? AND status = 'published'`, id); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "volunteer.cancel", target("volunteer_activity", id), reason)
	})
	if err != nil {
		return Activity{}, err
	}
	return s.activity(ctx, s.cfg.DB, id)
}

func hasAction(list []string, action string) bool {
	for _, x := range list {
		if x == action {
			return true
		}
	}
	return false
}

// CheckInCode returns the token of activity id's check-in QR code for the
// organiser's screen, good for QRTTL, and when it expires.
func (s *Service) CheckInCode(ctx context.Context, a Actor, id int64) (string, time.Time, error) {
	x, err := s.Activity(ctx, a, id)
	if err != nil {
		return "", time.Time{}, err
	}
	if !hasAction(ActivityActions(a, x), ActionQR) {
		return "", time.Time{}, forbidden("a %q user may not show the check-in code — 无权出示签到码", a.User.Role)
	}
	now := s.now()
	if now.Before(x.StartsAt.Add(-Early)) || now.After(x.EndsAt) {
		return "", time.Time{}, refused("check-in for activity %d is open from %s to %s — 签到时间为活动开始前30分钟至活动结束",
			id, x.StartsAt.Add(-Early).Format(time.RFC3339), x.EndsAt.Format(time.RFC3339))
	}
	return s.checkInCode(id, now), now.Add(QRTTL), nil
}
