package volunteer

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"civicgrid/internal/org"
	"civicgrid/internal/store"
)

// Team is a volunteer team (队伍) of a street or a community.
type Team struct {
	ID         int64
	RegionCode string
	RegionName string
	Name       string
	Kind       string
	Note       string
	Members    int
	CreatedAt  time.Time
}

// TeamInput is a new team.
type TeamInput struct {
	RegionCode string // a street or a community
	Name       string
	Kind       string // service or patrol
	Note       string
}

// CreateTeam founds a team of a street or community in a's area.
func (s *Service) CreateTeam(ctx context.Context, a Actor, in TeamInput) (Team, error) {
	if !MayKeep(a.User.Role) {
		return Team{}, forbidden("a %q user may not found teams — 无权组建志愿者队伍", a.User.Role)
	}
	name, err := clean("team", in.Name, 2, 40, true)
	if err != nil {
		return Team{}, err
	}
	note, err := clean("note", in.Note, 0, 200, false)
	if err != nil {
		return Team{}, err
	}
	if in.Kind != TeamService && in.Kind != TeamPatrol {
		return Team{}, invalid("kind %q: a team is a service team or a patrol team — 请选择队伍类型（志愿服务队/志愿巡逻队）", in.Kind)
	}
	var id int64
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		r, err := org.GetRegion(ctx, tx, in.RegionCode)
		if err != nil || (r.Level != org.LevelStreet && r.Level != org.LevelCommunity && r.Level != org.LevelVillage) {
			return invalid("region %q: a team belongs to a street or a community — 请选择街道或社区", in.RegionCode)
		}
		if !a.covers(r.Code) {
			return notFound("region", 0)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM volunteer_teams WHERE region_code = ? AND name = ?`, r.Code, name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return conflict("team %q exists in %s — %s已有名为“%s”的队伍", name, r.Code, r.Name, name)
		}
		now := s.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO volunteer_teams (region_code, name, kind, note, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			r.Code, name, in.Kind, note, store.Millis(now)).Scan(&id); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "volunteer.team", target("volunteer_team", id), name)
	})
	if err != nil {
		return Team{}, err
	}
	return s.team(ctx, s.cfg.DB, id)
}

const teamSelect = `SELECT t.id, t.region_code, COALESCE(r.name, ''), t.name, t.kind, t.note, t.created_at,
	(SELECT COUNT(*) FROM volunteers v WHERE v.team_id = t.id AND v.status = 'active')
	FROM volunteer_teams t LEFT JOIN regions r ON r.code = t.region_code`

func scanTeam(sc interface{ Scan(...any) error }) (Team, error) {
	var t Team
	var at int64
	err := sc.Scan(&t.ID, &t.RegionCode, &t.RegionName, &t.Name, &t.Kind, &t.Note, &at, &t.Members)
	t.CreatedAt = store.Time(at)
	return t, err
}

func (s *Service) team(ctx context.Context, q store.Querier, id int64) (Team, error) {
	t, err := scanTeam(q.QueryRowContext(ctx, teamSelect+` WHERE t.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Team{}, notFound("team", id)
	}
	return t, err
}

// Team returns a team a sees.
func (s *Service) Team(ctx context.Context, a Actor, id int64) (Team, error) {
	t, err := s.team(ctx, s.cfg.DB, id)
	if err != nil {
		return Team{}, err
	}
	if !a.seesTeam(t) {
		return Team{}, notFound("team", id)
	}
	return t, nil
}

// Teams lists the teams a sees (kind "" for both): those of its area and
// of the streets above it. A district has a few hundred teams, so one page.
func (s *Service) Teams(ctx context.Context, a Actor, kind string) ([]Team, error) {
	area := a.area()
	if area == "" {
		return nil, forbidden("a %q user may not read volunteer teams — 无权查看志愿者队伍", a.User.Role)
	}
	lo, hi := under(area)
	var above []any
	where := `(t.region_code >= ? AND t.region_code < ?)`
	for _, n := range []int{2, 4, 6, 9} {
		if len(area) > n {
			above = append(above, area[:n])
		}
	}
	args := []any{lo, hi}
	if len(above) > 0 {
		where = `(` + where + ` OR t.region_code IN (?` + repeat(", ?", len(above)-1) + `))`
		args = append(args, above...)
	}
	if kind != "" {
		where += ` AND t.kind = ?`
		args = append(args, kind)
	}
	rows, err := s.cfg.DB.QueryContext(ctx, teamSelect+` WHERE `+where+` ORDER BY t.region_code, t.name LIMIT 1000`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Team
	for rows.Next() {
		t, err := scanTeam(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}
