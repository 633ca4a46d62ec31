package volunteer

import (
	"context"

	"civicgrid/internal/store"
)

// Leave records that a volunteer left (退出), with a reason. They stay on
// record with their ledgers (nothing is deleted), drop out of the counts
// and team lists, and their card opens nothing any more.
func (s *Service) Leave(ctx context.Context, a Actor, id int64, reason string) (Volunteer, error) {
	reason, err := clean("reason", reason, 2, 200, true)
	if err != nil {
		return Volunteer{}, err
	}
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		v, err := s.volunteer(ctx, tx, id, false)
		if err != nil || !a.covers(v.CommunityCode) {
			return notFound("volunteer", id)
		}
		if !hasAction(VolunteerActions(a, v), ActionLeave) {
			if v.Status == StatusLeft {
				return conflict("volunteer %d left already — 该志愿者已退出", id)
			}
			return forbidden("a %q user may not record a volunteer leaving — 无权办理志愿者退出", a.User.Role)
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE volunteers SET status = 'left', version = version + 1 WHERE id = ? AND status = 'active'`, id); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "volunteer.leave", target("volunteer", id), reason)
	})
	if err != nil {
		return Volunteer{}, err
	}
	return s.volunteer(ctx, s.cfg.DB, id, false)
}

// Summary is what an area's volunteering adds up to, for the staff page
// (the seeds' "注册志愿者6万余名、队伍92支").
type Summary struct {
	Volunteers int   // active
	Teams      int   // seen by the actor
	Activities int   // published in the last year
	Minutes    int64 // service hours credited in the last year, in minutes
}

// Summarise adds up a's area.
func (s *Service) Summarise(ctx context.Context, a Actor) (Summary, error) {
	var out Summary
	var err error
	if out.Volunteers, err = s.Count(ctx, a, ""); err != nil {
		return Summary{}, err
	}
	teams, err := s.Teams(ctx, a, "")
	if err != nil {
		return Summary{}, err
	}
	out.Teams = len(teams)
	lo, hi := under(a.area())
	since := store.Millis(s.now().AddDate(-1, 0, 0))
	if err := s.cfg.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM volunteer_activities WHERE community_code >= ? AND community_code < ?
		AND status = 'published' AND starts_at >= ?`, lo, hi, since).Scan(&out.Activities); err != nil {
		return Summary{}, err
	}
	err = s.cfg.DB.QueryRowContext(ctx, `SELECT COALESCE(SUM(l.amount), 0) FROM volunteer_ledger l JOIN volunteers v ON v.id = l.volunteer_id
		WHERE v.community_code >= ? AND v.community_code < ? AND l.kind = 'hours' AND l.created_at >= ?`, lo, hi, since).Scan(&out.Minutes)
	return out, err
}
