package volunteer

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/org"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// Statuses of a volunteer.
const (
	StatusActive = "active" // 在册
	StatusLeft   = "left"   // 已退出
)

// Volunteer is a registered volunteer as staff see them: name and phone
// masked unless revealed; Hours (in minutes) and Points are the sums of
// the ledgers.
type Volunteer struct {
	ID            int64
	CommunityCode string
	CommunityName string
	TeamID        int64
	TeamName      string
	Name          string
	Phone         string
	Skills        []string
	Availability  []string
	Status        string
	Minutes       int64
	Points        int64
	CreatedAt     time.Time
	Revealed      bool
}

// RegisterInput is a new volunteer.
type RegisterInput struct {
	CommunityCode string
	TeamID        int64 // 0: none yet
	Name          string
	Phone         string
	Skills        []string
	Availability  []string
}

// Register records a volunteer of a community in a's area. A phone is
// registered once in the whole deployment (the blind index is unique).
func (s *Service) Register(ctx context.Context, a Actor, in RegisterInput) (Volunteer, error) {
	if !MayKeep(a.User.Role) {
		return Volunteer{}, forbidden("a %q user may not register volunteers — 无权登记志愿者", a.User.Role)
	}
	name, err := clean("name", in.Name, 2, 20, true)
	if err != nil {
		return Volunteer{}, err
	}
	ph, err := phone(in.Phone)
	if err != nil {
		return Volunteer{}, err
	}
	skills, err := codes("skills", in.Skills, Skills)
	if err != nil {
		return Volunteer{}, err
	}
	avail, err := codes("availability", in.Availability, Availability)
	if err != nil {
		return Volunteer{}, err
	}
	nameSealed, err := s.cfg.Keys.Seal(name)
	if err != nil {
		return Volunteer{}, err
	}
	phoneSealed, err := s.cfg.Keys.Seal(ph)
	if err != nil {
		return Volunteer{}, err
	}
	var id int64
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		comm, err := org.GetRegion(ctx, tx, in.CommunityCode)
		if err != nil || (comm.Level != org.LevelCommunity && comm.Level != org.LevelVillage) {
			return invalid("community %q: a volunteer registers with a community (社区/村) — 请选择社区", in.CommunityCode)
		}
		if !a.covers(comm.Code) {
			return notFound("community", 0)
		}
		var team any
		if in.TeamID != 0 {
			t, err := s.team(ctx, tx, in.TeamID)
			if err != nil || !strings.HasPrefix(comm.Code, t.RegionCode) {
				return invalid("team %d does not serve community %s — 所选队伍不属于该社区或其街道", in.TeamID, comm.Code)
			}
			team = t.ID
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM volunteers WHERE phone_blind IN (?`+repeat(", ?", len(s.cfg.Keys.BlindAll(ph))-1)+`)`,
			anys(s.cfg.Keys.BlindAll(ph))...).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return conflict("phone %s is registered already — 该手机号已注册为志愿者", pii.MaskPhone(ph))
		}
		now := s.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO volunteers (community_code, team_id, name_sealed, name_blind, phone_sealed, phone_blind,
			skills, availability, registered_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			comm.Code, team, nameSealed, s.cfg.Keys.Blind(name), phoneSealed, s.cfg.Keys.Blind(ph), skills, avail, a.User.ID, store.Millis(now)).Scan(&id); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "volunteer.register", target("volunteer", id), comm.Code)
	})
	if err != nil {
		return Volunteer{}, err
	}
	return s.volunteer(ctx, s.cfg.DB, id, false)
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

const volunteerSelect = `SELECT v.id, v.community_code, COALESCE(r.name, ''), COALESCE(v.team_id, 0), COALESCE(t.name, ''),
	v.name_sealed, v.phone_sealed, v.skills, v.availability, v.status, v.created_at,
	COALESCE((SELECT SUM(l.amount) FROM volunteer_ledger l WHERE l.volunteer_id = v.id AND l.kind = 'hours'), 0),
	COALESCE((SELECT SUM(l.amount) FROM volunteer_ledger l WHERE l.volunteer_id = v.id AND l.kind = 'points'), 0)
	FROM volunteers v LEFT JOIN regions r ON r.code = v.community_code LEFT JOIN volunteer_teams t ON t.id = v.team_id`

func (s *Service) scanVolunteer(sc interface{ Scan(...any) error }, reveal bool) (Volunteer, error) {
	var v Volunteer
	var name, ph, skills, avail string
	var at int64
	if err := sc.Scan(&v.ID, &v.CommunityCode, &v.CommunityName, &v.TeamID, &v.TeamName, &name, &ph, &skills, &avail, &v.Status, &at,
		&v.Minutes, &v.Points); err != nil {
		return Volunteer{}, err
	}
	v.CreatedAt = store.Time(at)
	if skills != "" {
		v.Skills = strings.Split(skills, ",")
	}
	if avail != "" {
		v.Availability = strings.Split(avail, ",")
	}
	var err error
	if v.Name, err = s.cfg.Keys.Open(name); err != nil {
		return Volunteer{}, fmt.Errorf("volunteer %d: %w", v.ID, err)
	}
	if v.Phone, err = s.cfg.Keys.Open(ph); err != nil {
		return Volunteer{}, fmt.Errorf("volunteer %d: %w", v.ID, err)
	}
	if !reveal {
		v.Name, v.Phone = pii.MaskName(v.Name), pii.MaskPhone(v.Phone)
	}
	v.Revealed = reveal
	return v, nil
}

func (s *Service) volunteer(ctx context.Context, q store.Querier, id int64, reveal bool) (Volunteer, error) {
	v, err := s.scanVolunteer(q.QueryRowContext(ctx, volunteerSelect+` WHERE v.id = ?`, id), reveal)
	if errors.Is(err, sql.ErrNoRows) {
		return Volunteer{}, notFound("volunteer", id)
	}
	return v, err
}

// Get returns a volunteer in a's area, masked.
func (s *Service) Get(ctx context.Context, a Actor, id int64) (Volunteer, error) {
	v, err := s.volunteer(ctx, s.cfg.DB, id, false)
	if err != nil {
		return Volunteer{}, err
	}
	if !a.covers(v.CommunityCode) {
		return Volunteer{}, notFound("volunteer", id)
	}
	return v, nil
}

// Filter narrows a list of volunteers. After is the last ID of the page
// before (keyset paging: a district's tens of thousands page as fast at
// the end as at the start).
type Filter struct {
	Under  string // a region in a's area ("" for all of it)
	TeamID int64
	Skill  string
	Name   string // exact name, through the blind index
	Phone  string // exact phone, through the blind index
	After  int64
	Limit  int
}

// List returns a page of the volunteers in a's area, by registration
// order, and the After of the next page (0 at the end).
func (s *Service) List(ctx context.Context, a Actor, f Filter) ([]Volunteer, int64, error) {
	area := a.area()
	if area == "" {
		return nil, 0, forbidden("a %q user may not read volunteers — 无权查看志愿者", a.User.Role)
	}
	if f.Under != "" {
		if !a.covers(f.Under) {
			return nil, 0, fmt.Errorf("%w: region %s", ErrNotFound, f.Under)
		}
		area = f.Under
	}
	lo, hi := under(area)
	where, args := `v.community_code >= ? AND v.community_code < ? AND v.id > ?`, []any{lo, hi, f.After}
	if f.TeamID != 0 {
		where, args = where+` AND v.team_id = ?`, append(args, f.TeamID)
	}
	if f.Skill != "" {
		if LabelOf(Skills, f.Skill, true) == f.Skill {
			return nil, 0, invalid("skill %q: want one of %s", f.Skill, codesOf(Skills))
		}
		// skills is a short comma list: match a whole code.
		where, args = where+` AND (',' || v.skills || ',') LIKE ?`, append(args, "%,"+f.Skill+",%")
	}
	for _, b := range []struct{ col, val string }{{"name_blind", strings.Join(strings.Fields(f.Name), " ")}, {"phone_blind", pii.NormalizePhone(f.Phone)}} {
		if b.val == "" {
			continue
		}
		all := s.cfg.Keys.BlindAll(b.val)
		where += ` AND v.` + b.col + ` IN (?` + repeat(", ?", len(all)-1) + `)`
		args = append(args, anys(all)...)
	}
	limit := pageSize(f.Limit)
	args = append(args, limit+1)
	rows, err := s.cfg.DB.QueryContext(ctx, volunteerSelect+` WHERE `+where+` ORDER BY v.id LIMIT ?`, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Volunteer
	for rows.Next() {
		v, err := s.scanVolunteer(rows, false)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[limit-1].ID
	}
	return out, next, nil
}

// Count is the number of active volunteers in a's area (in a region of
// it when region is given).
func (s *Service) Count(ctx context.Context, a Actor, region string) (int, error) {
	area := a.area()
	if area == "" {
		return 0, forbidden("a %q user may not read volunteers — 无权查看志愿者", a.User.Role)
	}
	if region != "" && a.covers(region) {
		area = region
	}
	lo, hi := under(area)
	var n int
	err := s.cfg.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM volunteers WHERE community_code >= ? AND community_code < ? AND status = 'active'`, lo, hi).Scan(&n)
	return n, err
}

// Reveal returns a volunteer in clear with their card link token, for a
// stated purpose, audited.
func (s *Service) Reveal(ctx context.Context, a Actor, id int64, purpose string) (Volunteer, string, error) {
	purpose, err := clean("purpose", purpose, 4, 200, true)
	if err != nil {
		return Volunteer{}, "", err
	}
	var out Volunteer
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		v, err := s.volunteer(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !a.covers(v.CommunityCode) {
			return notFound("volunteer", id)
		}
		if !MayKeep(a.User.Role) {
			return forbidden("a %q user may not see volunteers' contacts — 无权查看志愿者联系方式", a.User.Role)
		}
		out = v
		return a.audit().Record(ctx, tx, s.now(), "volunteer.reveal", target("volunteer", id), purpose)
	})
	if err != nil {
		return Volunteer{}, "", err
	}
	return out, s.Card(out.ID), nil
}
