package party

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"civicgrid/internal/store"
)

// Pair is a member looking after a household (党员结对联系).
type Pair struct {
	ID             int64     `json:"id"`
	MemberID       int64     `json:"member_id"`
	MemberName     string    `json:"member_name"` // masked
	HouseholdID    int64     `json:"household_id"`
	HouseholdPlace string    `json:"household_place"` // the house's standard address, or 户 #id
	GridCode       string    `json:"grid_code,omitempty"`
	CommunityCode  string    `json:"community_code"`
	Since          time.Time `json:"since"`
	Ended          bool      `json:"ended"`
	LastVisitAt    time.Time `json:"last_visit_at,omitempty"`
	Visits         int       `json:"visits"`
}

// Visit is one visit of a pair, its note sealed (what a household says
// about itself is personal).
type Visit struct {
	ID        int64     `json:"id"`
	PairID    int64     `json:"pair_id"`
	VisitedAt time.Time `json:"visited_at"`
	Note      string    `json:"note,omitempty"`
	Lat       float64   `json:"lat,omitempty"`
	Lng       float64   `json:"lng,omitempty"`
	HasPoint  bool      `json:"has_point"`
}

// VisitInput is a visit as logged on a phone: when, what, and the phone's
// position when it gave one.
type VisitInput struct {
	VisitedAt time.Time `json:"visited_at"`
	Note      string    `json:"note"`
	Lat       float64   `json:"lat"`
	Lng       float64   `json:"lng"`
}

// PairMember pairs a member with a household of a community where they
// may serve (社区党员 of it, or 在职党员 who reported there).
func (s *Service) PairMember(ctx context.Context, a Actor, memberID, householdID int64) (Pair, error) {
	if err := a.need(keepRoles, "keep party records"); err != nil {
		return Pair{}, err
	}
	var id int64
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		var comm string
		err := tx.QueryRowContext(ctx, `SELECT community_code FROM households WHERE id = ?`, householdID).Scan(&comm)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !a.keeps(comm)) {
			return notFound("household", householdID)
		}
		if err != nil {
			return err
		}
		m, err := s.loadMember(ctx, tx, a, memberID)
		if err != nil {
			return err
		}
		if !m.ReportedTo(comm) {
			return invalid("member %d has not reported to the household's community — 该党员未向该户所在社区报到，不能结对", m.ID)
		}
		now := s.now()
		err = tx.QueryRowContext(ctx, `INSERT INTO party_pairs (member_id, household_id, community_code, since) VALUES (?, ?, ?, ?) RETURNING id`,
			m.ID, householdID, comm, store.Millis(now)).Scan(&id)
		if store.IsUniqueViolation(err) {
			return conflict("member %d looks after household %d already — 该党员已与该户结对", m.ID, householdID)
		}
		if err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "party.pair", target("pair", id), fmt.Sprintf("member %d, household %d", m.ID, householdID))
	})
	if err != nil {
		return Pair{}, err
	}
	ps, err := s.pairs(ctx, s.cfg.DB, `p.id = ?`, id)
	if err != nil || len(ps) == 0 {
		return Pair{}, err
	}
	return ps[0], nil
}

const pairSelect = `SELECT p.id, p.member_id, m.name_sealed, p.household_id, COALESCE(ad.text, ''), h.grid_code, p.community_code,
	p.since, p.ended_at, p.last_visit_at, (SELECT COUNT(*) FROM party_visits v WHERE v.pair_id = p.id)
	FROM party_pairs p JOIN party_members m ON m.id = p.member_id JOIN households h ON h.id = p.household_id
	LEFT JOIN houses hs ON hs.id = h.house_id LEFT JOIN addresses ad ON ad.id = hs.address_id`

func (s *Service) pairs(ctx context.Context, q store.Querier, where string, args ...any) ([]Pair, error) {
	rows, err := q.QueryContext(ctx, pairSelect+` WHERE `+where+` ORDER BY p.community_code, p.since DESC, p.id LIMIT 500`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Pair
	for rows.Next() {
		var p Pair
		var sealed string
		var since, ended, last int64
		if err := rows.Scan(&p.ID, &p.MemberID, &sealed, &p.HouseholdID, &p.HouseholdPlace, &p.GridCode, &p.CommunityCode,
			&since, &ended, &last, &p.Visits); err != nil {
			return nil, err
		}
		name, err := s.cfg.Keys.Open(sealed)
		if err != nil {
			return nil, fmt.Errorf("party member %d: %w", p.MemberID, err)
		}
		p.MemberName, p.Since, p.Ended = maskName(name), store.Time(since), ended != 0
		if p.HouseholdPlace == "" {
			p.HouseholdPlace = fmt.Sprintf("户 #%d", p.HouseholdID)
		}
		if last != 0 {
			p.LastVisitAt = store.Time(last)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Pairs lists the current pairs in a's scope (under a region of it).
func (s *Service) Pairs(ctx context.Context, a Actor, under string) ([]Pair, error) {
	prefix, err := a.listPrefix(under)
	if err != nil {
		return nil, err
	}
	return s.pairs(ctx, s.cfg.DB, `p.community_code LIKE ? AND p.ended_at = 0`, prefix+"%")
}

// LogVisit records a visit of a current pair: not in the future, not
// before the pair began; the note is sealed.
func (s *Service) LogVisit(ctx context.Context, a Actor, pairID int64, in VisitInput) (Visit, error) {
	note, err := clean("note", in.Note, 4, 1000, false)
	if err != nil {
		return Visit{}, err
	}
	hasPoint := in.Lat != 0 || in.Lng != 0
	if hasPoint && (in.Lat < -90 || in.Lat > 90 || in.Lng < -180 || in.Lng > 180) {
		return Visit{}, invalid("position %v, %v is not a place on earth — 定位坐标无效", in.Lat, in.Lng)
	}
	now := s.now()
	if in.VisitedAt.IsZero() {
		in.VisitedAt = now
	}
	if in.VisitedAt.After(now.Add(5 * time.Minute)) {
		return Visit{}, invalid("a visit is logged after it happened — 走访时间不能晚于现在")
	}
	sealed, err := json.Marshal(struct {
		Note     string  `json:"note"`
		Lat, Lng float64 `json:",omitempty"`
	}{note, in.Lat, in.Lng})
	if err != nil {
		return Visit{}, err
	}
	box, err := s.cfg.Keys.Seal(string(sealed))
	if err != nil {
		return Visit{}, err
	}
	var id int64
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		ps, err := s.pairs(ctx, tx, `p.id = ?`, pairID)
		if err != nil {
			return err
		}
		if len(ps) == 0 || !a.Scope.CoversRegion(ps[0].CommunityCode) {
			return notFound("pair", pairID)
		}
		p := ps[0]
		if !a.keeps(p.CommunityCode) {
			return forbidden("a %q user may not log visits — 无权登记走访", a.User.Role)
		}
		if p.Ended {
			return conflict("pair %d has ended — 该结对已结束", p.ID)
		}
		if in.VisitedAt.Before(p.Since.Add(-24 * time.Hour)) {
			return invalid("the visit is before the pair began (%s) — 走访时间早于结对时间", p.Since.Format(time.DateOnly))
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO party_visits (pair_id, visited_at, note_sealed, has_point, recorded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, p.ID, store.Millis(in.VisitedAt), box, boolInt(hasPoint), a.User.ID, store.Millis(now)).Scan(&id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE party_pairs SET last_visit_at = ? WHERE id = ? AND last_visit_at < ?`,
			store.Millis(in.VisitedAt), p.ID, store.Millis(in.VisitedAt)); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "party.visit", target("pair", p.ID), in.VisitedAt.Format(time.DateTime))
	})
	if err != nil {
		return Visit{}, err
	}
	return Visit{ID: id, PairID: pairID, VisitedAt: in.VisitedAt, Note: note, Lat: in.Lat, Lng: in.Lng, HasPoint: hasPoint}, nil
}

// Visits lists a pair's visits, newest first, notes opened.
func (s *Service) Visits(ctx context.Context, a Actor, pairID int64) ([]Visit, error) {
	if _, err := a.listPrefix(""); err != nil {
		return nil, err
	}
	ps, err := s.pairs(ctx, s.cfg.DB, `p.id = ?`, pairID)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 || !a.Scope.CoversRegion(ps[0].CommunityCode) {
		return nil, notFound("pair", pairID)
	}
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT id, visited_at, note_sealed, has_point FROM party_visits WHERE pair_id = ? ORDER BY visited_at DESC, id DESC`, pairID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Visit
	for rows.Next() {
		v := Visit{PairID: pairID}
		var at int64
		var box string
		var hp int
		if err := rows.Scan(&v.ID, &at, &box, &hp); err != nil {
			return nil, err
		}
		plain, err := s.cfg.Keys.Open(box)
		if err != nil {
			return nil, fmt.Errorf("party visit %d: %w", v.ID, err)
		}
		var d struct {
			Note     string  `json:"note"`
			Lat, Lng float64 `json:",omitempty"`
		}
		if err := json.Unmarshal([]byte(plain), &d); err != nil {
			return nil, err
		}
		v.VisitedAt, v.Note, v.Lat, v.Lng, v.HasPoint = store.Time(at), d.Note, d.Lat, d.Lng, hp == 1
		out = append(out, v)
	}
	return out, rows.Err()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
