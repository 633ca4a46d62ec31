package care

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// Member is one person enrolled in a group, as a name-seeing caller gets
// it: Name is masked (张*); the person's own page reveals with a purpose.
type Member struct {
	ID            int64
	GroupCode     string
	PersonID      int64
	Name          string
	HouseText     string
	CommunityCode string
	GridCode      string
	Note          string
	EnrolledAt    time.Time
	LastVisitAt   time.Time // zero: never visited
	NextDue       time.Time
	Overdue       bool
	Ended         bool
	Version       int
}

// personKey is what a membership is blinded as: the person's id, under
// its own label so it never matches another blind index.
func personKey(id int64) string { return "care-person:" + strconv.FormatInt(id, 10) }

const maxNote = 500

// Enroll puts a person in a group. The person must be in the actor's
// scope; the member takes the person's grid and community. A person
// enrolled already is a conflict.
func (s *Service) Enroll(ctx context.Context, a Actor, group string, personID int64, note string) (Member, error) {
	if !MayKeep(a.User.Role) {
		return Member{}, forbidden("only community and grid staff enrol care-group members")
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > maxNote {
		return Member{}, invalid("备注最多%d字 (note: at most %d characters)", maxNote, maxNote)
	}
	if _, err := s.Group(ctx, group); err != nil {
		return Member{}, err
	}
	var m Member
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var grid, community, out, dead string
		err := tx.QueryRowContext(ctx, `SELECT grid_code, community_code, moved_out, deceased FROM people WHERE id = ?`, personID).
			Scan(&grid, &community, &out, &dead)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !a.Scope.CoversRegion(grid)) {
			return notFound("person %d", personID)
		}
		if err != nil {
			return err
		}
		if out != "" || dead != "" {
			return invalid("此人已迁出或已故 (the person has moved out or died)")
		}
		sealedPerson, err := s.Keys.Seal(strconv.FormatInt(personID, 10))
		if err != nil {
			return err
		}
		sealedNote := ""
		if note != "" {
			if sealedNote, err = s.Keys.Seal(note); err != nil {
				return err
			}
		}
		if n, err := s.enrolled(ctx, tx, group, personID); err != nil {
			return err
		} else if n > 0 {
			return fmt.Errorf("%w: 此人已在该关爱群体中 (already a member of this group)", ErrConflict)
		}
		now := s.now()
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO care_members (group_code, community_code, grid_code, person_sealed, person_blind,
			note_sealed, enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			group, community, grid, sealedPerson, s.Keys.Blind(personKey(personID)), sealedNote, store.Millis(now)).Scan(&id)
		if store.IsUniqueViolation(err) {
			return fmt.Errorf("%w: 此人已在该关爱群体中 (already a member of this group)", ErrConflict)
		}
		if err != nil {
			return err
		}
		// The audit names the member row, not the group and person together.
		if err := a.audit().Record(ctx, tx, now, "care.enroll", fmt.Sprintf("care_member:%d", id), ""); err != nil {
			return err
		}
		m, err = s.member(ctx, tx, a, id)
		return err
	})
	return m, err
}

// enrolled counts the person's current memberships of a group under any
// key held.
func (s *Service) enrolled(ctx context.Context, q store.Querier, group string, personID int64) (int, error) {
	blinds := s.Keys.BlindAll(personKey(personID))
	args := []any{group}
	for _, b := range blinds {
		args = append(args, b)
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM care_members WHERE group_code = ? AND ended_at = 0
		AND person_blind IN (`+marks(len(blinds))+`)`, args...).Scan(&n)
	return n, err
}

func marks(n int) string {
	if n == 0 {
		return "NULL"
	}
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// End takes a member out of the group (moved away, no longer eligible)
// with a reason; the visits stay.
func (s *Service) End(ctx context.Context, a Actor, id int64, version int, reason string) error {
	if !MayKeep(a.User.Role) {
		return forbidden("only community and grid staff end care-group memberships")
	}
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n < 2 || n > maxNote {
		return invalid("请说明原因（2至%d字） (give a reason, 2 to %d characters)", maxNote, maxNote)
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		m, err := s.member(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if m.Ended {
			return invalid("已移出 (already ended)")
		}
		now := s.now()
		res, err := tx.ExecContext(ctx, `UPDATE care_members SET ended_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			store.Millis(now), id, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("%w: member %d changed since read", ErrConflict, id)
		}
		return a.audit().Record(ctx, tx, now, "care.end", fmt.Sprintf("care_member:%d", id), reason)
	})
}

const memberColumns = `m.id, m.group_code, m.community_code, m.grid_code, m.person_sealed, m.note_sealed, m.enrolled_at,
	m.last_visit_at, m.ended_at, m.version, g.frequency_days`

const memberFrom = ` FROM care_members m JOIN care_groups g ON g.code = m.group_code`

type memberRow struct {
	Member
	person, note string
	freq         int
	ended        int64
}

func scanMember(sc interface{ Scan(...any) error }) (memberRow, error) {
	var r memberRow
	var enrolled, last int64
	err := sc.Scan(&r.ID, &r.GroupCode, &r.CommunityCode, &r.GridCode, &r.person, &r.note, &enrolled, &last, &r.ended, &r.Version, &r.freq)
	r.EnrolledAt = store.Time(enrolled)
	if last != 0 {
		r.LastVisitAt = store.Time(last)
	}
	r.Ended = r.ended != 0
	return r, err
}

// open fills the person (masked name and house) and the due date.
func (s *Service) open(ctx context.Context, q store.Querier, r memberRow, now time.Time) (Member, error) {
	m := r.Member
	pid, err := s.Keys.Open(r.person)
	if err != nil {
		return Member{}, fmt.Errorf("care member %d: %w", r.ID, err)
	}
	if m.PersonID, err = strconv.ParseInt(pid, 10, 64); err != nil {
		return Member{}, fmt.Errorf("care member %d: person: %w", r.ID, err)
	}
	if r.note != "" {
		if m.Note, err = s.Keys.Open(r.note); err != nil {
			return Member{}, fmt.Errorf("care member %d: note: %w", r.ID, err)
		}
	}
	var name string
	err = q.QueryRowContext(ctx, `SELECT p.name_sealed, COALESCE(a.full_text, '') FROM people p
		LEFT JOIN houses h ON h.id = p.house_id LEFT JOIN addresses a ON a.id = h.address_id WHERE p.id = ?`, m.PersonID).
		Scan(&name, &m.HouseText)
	if err != nil {
		return Member{}, fmt.Errorf("care member %d: person %d: %w", r.ID, m.PersonID, err)
	}
	plain, err := s.Keys.Open(name)
	if err != nil {
		return Member{}, fmt.Errorf("care member %d: name: %w", r.ID, err)
	}
	m.Name = pii.MaskName(plain)
	m.NextDue = dueFrom(m.EnrolledAt, m.LastVisitAt, r.freq)
	m.Overdue = !m.Ended && now.After(m.NextDue)
	return m, nil
}

// dueFrom is when the next visit is due: the plan's days after the last
// visit, or after enrolment when there was none.
func dueFrom(enrolled, last time.Time, freqDays int) time.Time {
	from := enrolled
	if !last.IsZero() {
		from = last
	}
	return from.Add(time.Duration(freqDays) * day)
}

// member reads one member the actor may see by name, else NotFound.
func (s *Service) member(ctx context.Context, q store.Querier, a Actor, id int64) (Member, error) {
	named, err := s.namedGroups(ctx, q, a)
	if err != nil {
		return Member{}, err
	}
	r, err := scanMember(q.QueryRowContext(ctx, `SELECT `+memberColumns+memberFrom+` WHERE m.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (!a.Scope.CoversRegion(r.GridCode) || !named[r.GroupCode])) {
		return Member{}, notFound("care member %d", id)
	}
	if err != nil {
		return Member{}, err
	}
	return s.open(ctx, q, r, s.now())
}

// Member returns one member the actor may see by name (masked), else
// NotFound — also for a count-only role, so a member id says nothing.
func (s *Service) Member(ctx context.Context, a Actor, id int64) (Member, error) {
	return s.member(ctx, s.DB, a, id)
}

// Filter narrows a member list.
type Filter struct {
	Group       string // "" all groups the actor may see by name
	Grid        string // a grid or community code prefix within scope
	PersonID    int64  // the groups of one person
	OverdueOnly bool
	WithEnded   bool
}

const maxMembers = 2000

// Members lists the members the actor may see by name within scope,
// most overdue first. A count-only role gets an empty list (use Counts).
func (s *Service) Members(ctx context.Context, a Actor, f Filter) ([]Member, error) {
	named, err := s.namedGroups(ctx, s.DB, a)
	if err != nil || len(named) == 0 {
		return nil, err
	}
	prefix := a.Scope.RegionPrefix()
	if f.Grid != "" {
		if !a.Scope.CoversRegion(f.Grid) {
			return nil, nil
		}
		prefix = f.Grid
	}
	q := `SELECT ` + memberColumns + memberFrom + ` WHERE m.grid_code LIKE ?`
	args := []any{prefix + "%"}
	if !f.WithEnded {
		q += ` AND m.ended_at = 0`
	}
	var codes []string
	for c := range named {
		if f.Group == "" || f.Group == c {
			codes = append(codes, c)
		}
	}
	if len(codes) == 0 {
		return nil, nil
	}
	q += ` AND m.group_code IN (` + marks(len(codes)) + `)`
	for _, c := range codes {
		args = append(args, c)
	}
	if f.PersonID != 0 {
		blinds := s.Keys.BlindAll(personKey(f.PersonID))
		q += ` AND m.person_blind IN (` + marks(len(blinds)) + `)`
		for _, b := range blinds {
			args = append(args, b)
		}
	}
	rows, err := s.DB.QueryContext(ctx, q+` ORDER BY (CASE WHEN m.last_visit_at = 0 THEN m.enrolled_at ELSE m.last_visit_at END)
		+ CAST(g.frequency_days AS BIGINT) * 86400000, m.id LIMIT ?`, append(args, maxMembers)...)
	if err != nil {
		return nil, err
	}
	var rs []memberRow
	for rows.Next() {
		r, err := scanMember(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		rs = append(rs, r)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	now := s.now()
	out := make([]Member, 0, len(rs))
	for _, r := range rs {
		m, err := s.open(ctx, s.DB, r, now)
		if err != nil {
			return nil, err
		}
		if f.OverdueOnly && !m.Overdue {
			continue
		}
		out = append(out, m)
	}
	return out, nil
}
