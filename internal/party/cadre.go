package party

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/store"
	"civicgrid/internal/zone"
)

// Cadre is a 机关干部 assigned (下沉, 挂牌服务) to a community: a 在职党员
// of a unit, with the post shown on the community's board, the term, the
// duty schedule and the services recorded.
type Cadre struct {
	ID            int64  `json:"id"`
	MemberID      int64  `json:"member_id"`
	MemberName    string `json:"member_name"` // masked
	UnitName      string `json:"unit_name,omitempty"`
	CommunityCode string `json:"community_code"`
	CommunityName string `json:"community_name"`
	Post          string `json:"post"`
	StartsOn      string `json:"starts_on"`
	EndsOn        string `json:"ends_on"`
	Duties        []Duty `json:"duties,omitempty"`
	Minutes       int    `json:"minutes"` // service time recorded
	Services      int    `json:"services"`
}

// Duty is a half-day or day a cadre is on duty in the community.
type Duty struct {
	Day   string `json:"day"`
	Slot  string `json:"slot"`
	Place string `json:"place,omitempty"`
}

// CadreInput assigns a cadre.
type CadreInput struct {
	MemberID      int64  `json:"member_id"`
	CommunityCode string `json:"community_code"`
	Post          string `json:"post"`
	StartsOn      string `json:"starts_on"`
	EndsOn        string `json:"ends_on"`
}

// AssignCadre assigns a 在职党员 to a community in a's scope (the district,
// or the community's street).
func (s *Service) AssignCadre(ctx context.Context, a Actor, in CadreInput) (Cadre, error) {
	if err := a.need(cadreRoles, "assign cadres"); err != nil {
		return Cadre{}, err
	}
	post, err := clean("post", in.Post, 2, 40, true)
	if err != nil {
		return Cadre{}, err
	}
	starts, err := day("starts_on", in.StartsOn, true)
	if err != nil {
		return Cadre{}, err
	}
	ends, err := day("ends_on", in.EndsOn, true)
	if err != nil {
		return Cadre{}, err
	}
	if ends < starts {
		return Cadre{}, invalid("the term ends before it starts — 下沉结束日期早于开始日期")
	}
	var id int64
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		comm, err := community(ctx, tx, in.CommunityCode)
		if err != nil {
			return err
		}
		if !a.Scope.CoversRegion(comm.Code) {
			return notFound("community", comm.Code)
		}
		m, err := s.member(ctx, tx, in.MemberID, false)
		if err != nil {
			return err
		}
		if m.Kind != MemberWorking {
			return invalid("a cadre comes from a unit: member %d is a 社区党员 — 下沉干部应为机关单位在职党员", m.ID)
		}
		now := s.now()
		err = tx.QueryRowContext(ctx, `INSERT INTO party_cadres (member_id, community_code, post, starts_on, ends_on, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, m.ID, comm.Code, post, starts, ends, store.Millis(now)).Scan(&id)
		if store.IsUniqueViolation(err) {
			return conflict("member %d is assigned to %s already — 该干部已下沉到%s", m.ID, comm.Name, comm.Name)
		}
		if err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "party.cadre", target("cadre", id), post+" "+comm.Name)
	})
	if err != nil {
		return Cadre{}, err
	}
	cs, err := s.cadres(ctx, s.cfg.DB, `c.id = ?`, id)
	if err != nil || len(cs) == 0 {
		return Cadre{}, err
	}
	return cs[0], nil
}

func (s *Service) cadres(ctx context.Context, q store.Querier, where string, args ...any) ([]Cadre, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.member_id, m.name_sealed, COALESCE(u.name, ''), c.community_code, COALESCE(r.name, ''),
		c.post, c.starts_on, c.ends_on,
		COALESCE((SELECT SUM(x.minutes) FROM party_services x WHERE x.cadre_id = c.id), 0),
		(SELECT COUNT(*) FROM party_services x WHERE x.cadre_id = c.id)
		FROM party_cadres c JOIN party_members m ON m.id = c.member_id LEFT JOIN party_units u ON u.id = m.unit_id
		LEFT JOIN regions r ON r.code = c.community_code WHERE `+where+` ORDER BY c.community_code, c.starts_on DESC, c.id`, args...)
	if err != nil {
		return nil, err
	}
	var out []Cadre
	for rows.Next() {
		var c Cadre
		var sealed string
		if err := rows.Scan(&c.ID, &c.MemberID, &sealed, &c.UnitName, &c.CommunityCode, &c.CommunityName, &c.Post, &c.StartsOn,
			&c.EndsOn, &c.Minutes, &c.Services); err != nil {
			rows.Close()
			return nil, err
		}
		name, err := s.cfg.Keys.Open(sealed)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("party member %d: %w", c.MemberID, err)
		}
		c.MemberName = maskName(name)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		drows, err := q.QueryContext(ctx, `SELECT duty_on, slot, place FROM party_duties WHERE cadre_id = ? ORDER BY duty_on, slot`, out[i].ID)
		if err != nil {
			return nil, err
		}
		for drows.Next() {
			var d Duty
			if err := drows.Scan(&d.Day, &d.Slot, &d.Place); err != nil {
				drows.Close()
				return nil, err
			}
			out[i].Duties = append(out[i].Duties, d)
		}
		drows.Close()
		if err := drows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Cadres lists the cadres assigned in a's scope (under a region of it).
func (s *Service) Cadres(ctx context.Context, a Actor, under string) ([]Cadre, error) {
	prefix, err := a.listPrefix(under)
	if err != nil {
		return nil, err
	}
	return s.cadres(ctx, s.cfg.DB, `c.community_code LIKE ?`, prefix+"%")
}

func (s *Service) loadCadre(ctx context.Context, q store.Querier, a Actor, id int64) (Cadre, error) {
	if _, err := a.listPrefix(""); err != nil {
		return Cadre{}, err
	}
	cs, err := s.cadres(ctx, q, `c.id = ?`, id)
	if err != nil {
		return Cadre{}, err
	}
	if len(cs) == 0 || !a.Scope.CoversRegion(cs[0].CommunityCode) {
		return Cadre{}, notFound("cadre", id)
	}
	return cs[0], nil
}

// AddDuty puts a cadre on the duty schedule: a day within the term, a
// slot (上午/下午/全天), where. The community or its street keeps it.
func (s *Service) AddDuty(ctx context.Context, a Actor, cadreID int64, d Duty) (Cadre, error) {
	dd, err := day("day", d.Day, true)
	if err != nil {
		return Cadre{}, err
	}
	slot, ok := lookup(Slots, d.Slot)
	if !ok {
		return Cadre{}, invalid("slot %q: want one of %s — 值班时段不对", d.Slot, codes(Slots))
	}
	place, err := clean("place", d.Place, 0, 60, true)
	if err != nil {
		return Cadre{}, err
	}
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		c, err := s.loadCadre(ctx, tx, a, cadreID)
		if err != nil {
			return err
		}
		if !a.keeps(c.CommunityCode) {
			return forbidden("a %q user may not keep duty schedules — 无权安排值班", a.User.Role)
		}
		if dd < c.StartsOn || dd > c.EndsOn {
			return invalid("%s is outside the cadre's term %s — %s 不在下沉期内（%s 至 %s）", dd, c.StartsOn+"…"+c.EndsOn, dd, c.StartsOn, c.EndsOn)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO party_duties (cadre_id, duty_on, slot, place) VALUES (?, ?, ?, ?)`, c.ID, dd, slot.Code, place); err != nil {
			if store.IsUniqueViolation(err) {
				return conflict("the cadre is on duty on %s %s already — 该时段已安排值班", dd, slot.Zh)
			}
			return err
		}
		return a.audit().Record(ctx, tx, s.now(), "party.duty", target("cadre", c.ID), dd+" "+slot.Zh)
	})
	if err != nil {
		return Cadre{}, err
	}
	return s.loadCadre(ctx, s.cfg.DB, a, cadreID)
}

// ServiceInput is a service a cadre did for the community.
type ServiceInput struct {
	ServedAt time.Time `json:"served_at"`
	Minutes  int       `json:"minutes"`
	Summary  string    `json:"summary"`
}

// RecordService records a cadre's service in the community, within the
// term and not in the future, and credits its time to their hours.
func (s *Service) RecordService(ctx context.Context, a Actor, cadreID int64, in ServiceInput) (Cadre, error) {
	summary, err := clean("summary", in.Summary, 4, 500, false)
	if err != nil {
		return Cadre{}, err
	}
	if in.Minutes <= 0 || in.Minutes > MaxTaskMinutes {
		return Cadre{}, invalid("hours: between 0.5 and %d — 服务时长应在0.5至%d小时之间", MaxTaskMinutes/60, MaxTaskMinutes/60)
	}
	now := s.now()
	if in.ServedAt.IsZero() {
		in.ServedAt = now
	}
	if in.ServedAt.After(now.Add(5 * time.Minute)) {
		return Cadre{}, invalid("a service is recorded after it was done — 服务时间不能晚于现在")
	}
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		c, err := s.loadCadre(ctx, tx, a, cadreID)
		if err != nil {
			return err
		}
		if !a.keeps(c.CommunityCode) {
			return forbidden("a %q user may not record services — 无权登记服务记录", a.User.Role)
		}
		d := in.ServedAt.In(zone.Shanghai()).Format(time.DateOnly)
		if d < c.StartsOn || d > c.EndsOn {
			return invalid("%s is outside the cadre's term — 服务日期不在下沉期内（%s 至 %s）", d, c.StartsOn, c.EndsOn)
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO party_services (cadre_id, served_at, minutes, summary, recorded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, c.ID, store.Millis(in.ServedAt), in.Minutes, summary, a.User.ID, store.Millis(now)).Scan(&id); err != nil {
			return err
		}
		if err := credit(ctx, tx, c.MemberID, c.CommunityCode, "cadre", id, in.Minutes, in.ServedAt); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "party.service", target("cadre", c.ID), summary)
	})
	if err != nil {
		return Cadre{}, err
	}
	return s.loadCadre(ctx, s.cfg.DB, a, cadreID)
}
