package volunteer

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/org"
	"civicgrid/internal/store"
)

// Point is a place on a patrol's route or of a finding.
type Point struct{ Lng, Lat float64 }

// Patrol is one round of a 志愿巡逻队: when, where it went, who went and
// what it found. Members are credited the patrol's hours.
type Patrol struct {
	ID            int64
	TeamID        int64
	TeamName      string
	CommunityCode string
	CommunityName string
	StartedAt     time.Time
	EndedAt       time.Time
	Route         []Point
	Note          string
	Members       int
	Findings      []Finding
}

// Finding is something a patrol saw; OrderNumber is the work order it
// became ("" while it is only a finding).
type Finding struct {
	ID          int64
	PatrolID    int64
	Text        string
	Lng, Lat    float64
	OrderNumber string
}

// PatrolInput is a patrol to record.
type PatrolInput struct {
	TeamID        int64
	CommunityCode string
	StartedAt     time.Time
	EndedAt       time.Time
	Route         []Point
	Note          string
	Members       []int64 // volunteers of the team
	Findings      []FindingInput
}

// FindingInput is one finding of a patrol.
type FindingInput struct {
	Text     string
	Lng, Lat float64
}

// MaxPatrol bounds a patrol's length; MaxRoute its points.
const (
	MaxPatrol = 12 * time.Hour
	MaxRoute  = 500
)

// RecordPatrol records a patrol of a patrol team in a community of a's
// area, and credits each member its hours.
func (s *Service) RecordPatrol(ctx context.Context, a Actor, in PatrolInput) (Patrol, error) {
	if !MayPatrol(a.User.Role) {
		return Patrol{}, forbidden("a %q user may not record patrols — 无权登记巡逻记录", a.User.Role)
	}
	now := s.now()
	if in.StartedAt.IsZero() || !in.EndedAt.After(in.StartedAt) || in.EndedAt.Sub(in.StartedAt) > MaxPatrol || in.EndedAt.After(now.Add(5*time.Minute)) {
		return Patrol{}, invalid("time %s–%s: a patrol ends after it starts, within 12 hours, not in the future — 巡逻时间不对：结束须晚于开始，不超过12小时，且不能晚于现在",
			in.StartedAt.Format(time.RFC3339), in.EndedAt.Format(time.RFC3339))
	}
	if len(in.Route) > MaxRoute {
		return Patrol{}, invalid("route of %d points: at most %d — 巡逻路线最多%d个点", len(in.Route), MaxRoute, MaxRoute)
	}
	for _, p := range in.Route {
		if p.Lng < 73 || p.Lng > 136 || p.Lat < 3 || p.Lat > 54 {
			return Patrol{}, invalid("route point %.6f,%.6f is not in China — 巡逻路线中有无效坐标", p.Lng, p.Lat)
		}
	}
	note, err := clean("note", in.Note, 0, 500, false)
	if err != nil {
		return Patrol{}, err
	}
	if len(in.Members) == 0 {
		return Patrol{}, invalid("a patrol needs its members — 请选择参加巡逻的队员")
	}
	var finds []FindingInput
	for _, f := range in.Findings {
		text, err := clean("finding", f.Text, 0, 500, false)
		if err != nil {
			return Patrol{}, err
		}
		if text != "" {
			finds = append(finds, FindingInput{Text: text, Lng: f.Lng, Lat: f.Lat})
		}
	}
	route, _ := json.Marshal(in.Route)
	var id int64
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		comm, err := org.GetRegion(ctx, tx, in.CommunityCode)
		if err != nil || (comm.Level != org.LevelCommunity && comm.Level != org.LevelVillage) {
			return invalid("community %q: a patrol is in a community — 请选择巡逻的社区", in.CommunityCode)
		}
		if !a.covers(comm.Code) {
			return notFound("community", 0)
		}
		t, err := s.team(ctx, tx, in.TeamID)
		if err != nil || !a.seesTeam(t) || !strings.HasPrefix(comm.Code, t.RegionCode) {
			return invalid("team %d does not patrol community %s — 所选队伍不在该社区或其街道", in.TeamID, comm.Code)
		}
		if t.Kind != TeamPatrol {
			return invalid("team %q is not a patrol team — “%s”不是志愿巡逻队", t.Name, t.Name)
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO volunteer_patrols (team_id, community_code, started_at, ended_at, route, note, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, t.ID, comm.Code, store.Millis(in.StartedAt), store.Millis(in.EndedAt), string(route), note,
			a.User.ID, store.Millis(now)).Scan(&id); err != nil {
			return err
		}
		min := int(in.EndedAt.Sub(in.StartedAt) / time.Minute)
		seen := map[int64]bool{}
		for _, m := range in.Members {
			if seen[m] {
				continue
			}
			seen[m] = true
			var team int64
			var status string
			err := tx.QueryRowContext(ctx, `SELECT COALESCE(team_id, 0), status FROM volunteers WHERE id = ?`, m).Scan(&team, &status)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && (team != t.ID || status != StatusActive)) {
				return invalid("volunteer %d is not an active member of team %q — 志愿者%d不是“%s”的在册队员", m, t.Name, m, t.Name)
			}
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO volunteer_patrol_members (patrol_id, volunteer_id) VALUES (?, ?)`, id, m); err != nil {
				return err
			}
			if err := s.credit(ctx, tx, m, min, "志愿巡逻："+t.Name, fmt.Sprintf("patrol:%d:%d", id, m), a.User.ID, now); err != nil {
				return err
			}
		}
		for _, f := range finds {
			if _, err := tx.ExecContext(ctx, `INSERT INTO volunteer_patrol_findings (patrol_id, text, lng, lat) VALUES (?, ?, ?, ?)`,
				id, f.Text, f.Lng, f.Lat); err != nil {
				return err
			}
		}
		return a.audit().Record(ctx, tx, now, "volunteer.patrol", target("volunteer_patrol", id), fmt.Sprintf("%d members, %d findings", len(seen), len(finds)))
	})
	if err != nil {
		return Patrol{}, err
	}
	return s.patrol(ctx, id)
}

const patrolSelect = `SELECT p.id, p.team_id, t.name, p.community_code, COALESCE(r.name, ''), p.started_at, p.ended_at, p.route, p.note,
	(SELECT COUNT(*) FROM volunteer_patrol_members m WHERE m.patrol_id = p.id)
	FROM volunteer_patrols p JOIN volunteer_teams t ON t.id = p.team_id LEFT JOIN regions r ON r.code = p.community_code`

func (s *Service) scanPatrols(ctx context.Context, rows *sql.Rows) ([]Patrol, error) {
	defer rows.Close()
	var out []Patrol
	for rows.Next() {
		var p Patrol
		var start, end int64
		var route string
		if err := rows.Scan(&p.ID, &p.TeamID, &p.TeamName, &p.CommunityCode, &p.CommunityName, &start, &end, &route, &p.Note, &p.Members); err != nil {
			return nil, err
		}
		p.StartedAt, p.EndedAt = store.Time(start), store.Time(end)
		if err := json.Unmarshal([]byte(route), &p.Route); err != nil {
			return nil, fmt.Errorf("patrol %d route: %w", p.ID, err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for i := range out {
		f, err := s.findings(ctx, `patrol_id = ?`, out[i].ID)
		if err != nil {
			return nil, err
		}
		out[i].Findings = f
	}
	return out, nil
}

func (s *Service) findings(ctx context.Context, where string, arg any) ([]Finding, error) {
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT id, patrol_id, text, lng, lat, order_number FROM volunteer_patrol_findings WHERE `+where+` ORDER BY id`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Finding
	for rows.Next() {
		var f Finding
		if err := rows.Scan(&f.ID, &f.PatrolID, &f.Text, &f.Lng, &f.Lat, &f.OrderNumber); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

func (s *Service) patrol(ctx context.Context, id int64) (Patrol, error) {
	rows, err := s.cfg.DB.QueryContext(ctx, patrolSelect+` WHERE p.id = ?`, id)
	if err != nil {
		return Patrol{}, err
	}
	ps, err := s.scanPatrols(ctx, rows)
	if err != nil {
		return Patrol{}, err
	}
	if len(ps) == 0 {
		return Patrol{}, notFound("patrol", id)
	}
	return ps[0], nil
}

// Patrols lists the patrols in a's area (in a region of it when given),
// newest first, a page at a time.
func (s *Service) Patrols(ctx context.Context, a Actor, region string, limit, offset int) ([]Patrol, error) {
	area := a.area()
	if area == "" {
		return nil, forbidden("a %q user may not read patrols — 无权查看巡逻记录", a.User.Role)
	}
	if region != "" {
		if !a.covers(region) {
			return nil, notFound("region", 0)
		}
		area = region
	}
	if offset < 0 {
		offset = 0
	}
	lo, hi := under(area)
	rows, err := s.cfg.DB.QueryContext(ctx, patrolSelect+` WHERE p.community_code >= ? AND p.community_code < ?
		ORDER BY p.started_at DESC, p.id DESC LIMIT ? OFFSET ?`, lo, hi, pageSize(limit), offset)
	if err != nil {
		return nil, err
	}
	return s.scanPatrols(ctx, rows)
}

// FileFinding turns a patrol's finding into a work order through the
// patrol intake (未诉先办), at the finding's point or else in the
// patrol's community; category "" lets the catalogue's classifier choose.
// Filing twice returns the first order (the finding's ID is the order's
// idempotency key).
func (s *Service) FileFinding(ctx context.Context, a Actor, findingID int64, category string) (Finding, error) {
	if s.cfg.Orders == nil {
		return Finding{}, errors.New("volunteer: no order service to file findings")
	}
	fs, err := s.findings(ctx, `id = ?`, findingID)
	if err != nil {
		return Finding{}, err
	}
	if len(fs) == 0 {
		return Finding{}, notFound("finding", findingID)
	}
	f := fs[0]
	p, err := s.patrol(ctx, f.PatrolID)
	if err != nil || !a.covers(p.CommunityCode) {
		return Finding{}, notFound("finding", findingID)
	}
	if !MayPatrol(a.User.Role) {
		return Finding{}, forbidden("a %q user may not file findings — 无权将巡逻发现转为工单", a.User.Role)
	}
	if f.OrderNumber != "" {
		return Finding{}, conflict("finding %d is order %s already — 该发现已转为工单 %s", findingID, f.OrderNumber, f.OrderNumber)
	}
	in := order.Input{Channel: order.ChannelPatrol, Category: category, IdempotencyKey: fmt.Sprintf("volunteer-finding-%d", findingID),
		Description: fmt.Sprintf("%s（%s巡逻发现，%s）", f.Text, p.TeamName, p.StartedAt.In(china).Format("2006-01-02 15:04"))}
	if f.Lng != 0 || f.Lat != 0 {
		in.Point = &order.Point{Lng: f.Lng, Lat: f.Lat}
	} else {
		in.CommunityCode, in.Address = p.CommunityCode, p.CommunityName
	}
	o, _, err := s.cfg.Orders.Create(ctx, a.orderActor(), in)
	if err != nil {
		return Finding{}, err
	}
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE volunteer_patrol_findings SET order_number = ? WHERE id = ? AND order_number = ''`, o.Number, findingID); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, s.now(), "volunteer.finding", target("volunteer_finding", findingID), o.Number)
	})
	f.OrderNumber = o.Number
	return f, err
}
