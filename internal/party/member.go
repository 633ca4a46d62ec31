package party

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/people"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// Member is a party member as staff see them: name, phone and ID number
// masked unless revealed.
type Member struct {
	ID            int64     `json:"id"`
	Kind          string    `json:"kind"`
	CommunityCode string    `json:"community_code"` // where they live (社区党员: where their organisation is)
	CommunityName string    `json:"community_name"`
	OrgID         int64     `json:"org_id,omitempty"`
	OrgName       string    `json:"org_name,omitempty"`
	UnitID        int64     `json:"unit_id,omitempty"`
	UnitName      string    `json:"unit_name,omitempty"`
	PairedCode    string    `json:"paired_code,omitempty"` // the unit's paired community ("" for 社区党员)
	PairedName    string    `json:"paired_name,omitempty"`
	Name          string    `json:"name"`
	Phone         string    `json:"phone"`
	IDNumber      string    `json:"id_number"`
	JoinedOn      string    `json:"joined_on,omitempty"`
	Minutes       int       `json:"minutes"` // service time credited, all sources
	Reports       []Report  `json:"reports,omitempty"`
	Revealed      bool      `json:"revealed"`
	CreatedAt     time.Time `json:"created_at"`
}

// Report is one 报到 of a member.
type Report struct {
	Kind          string    `json:"kind"`
	CommunityCode string    `json:"community_code"`
	ReportedAt    time.Time `json:"reported_at"`
}

// Due is a community a 在职党员 owes a report to, and whether they made it.
type Due struct {
	Kind     string `json:"kind"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	Reported bool   `json:"reported"`
}

// DueCommunities lists the reports m owes: a 在职党员 reports where they
// live and to the unit's paired community (once when the two are the
// same); a 社区党员 owes none.
func (m Member) DueCommunities() []Due {
	if m.Kind != MemberWorking {
		return nil
	}
	out := []Due{{Kind: ReportResidence, Code: m.CommunityCode, Name: m.CommunityName}}
	if m.PairedCode != m.CommunityCode {
		out = append(out, Due{Kind: ReportPaired, Code: m.PairedCode, Name: m.PairedName})
	}
	for i := range out {
		for _, r := range m.Reports {
			out[i].Reported = out[i].Reported || r.Kind == out[i].Kind
		}
	}
	return out
}

// ReportedTo reports whether m may serve in community code: a 社区党员 in
// their own community, a 在职党员 where they have reported.
func (m Member) ReportedTo(code string) bool {
	if m.Kind == MemberCommunity {
		return code == m.CommunityCode
	}
	for _, r := range m.Reports {
		if r.CommunityCode == code {
			return true
		}
	}
	return false
}

// MemberInput is a new member.
type MemberInput struct {
	Kind          string `json:"kind"`
	CommunityCode string `json:"community_code"`
	OrgID         int64  `json:"org_id"`  // 社区党员: their 党支部 (or the community's top organisation)
	UnitID        int64  `json:"unit_id"` // 在职党员: their unit
	Name          string `json:"name"`
	Phone         string `json:"phone"`
	IDNumber      string `json:"id_number"`
	JoinedOn      string `json:"joined_on"`
}

type sealedMember struct {
	name, nameBlind, phone, phoneBlind, idno, idnoBlind string
}

func (s *Service) sealMember(in MemberInput) (sealedMember, error) {
	name, err := clean("member_name", in.Name, 2, 40, true)
	if err != nil {
		return sealedMember{}, err
	}
	phone := pii.NormalizePhone(in.Phone)
	if strings.TrimSpace(in.Phone) != "" && !pii.ValidPhone(phone) {
		return sealedMember{}, invalid("phone %q is not a phone number — 联系电话格式不对", in.Phone)
	}
	doc, err := people.ParseDocument(people.DocResidentID, in.IDNumber, s.now())
	if err != nil {
		return sealedMember{}, invalid("id_number: %v", err)
	}
	out := sealedMember{nameBlind: s.cfg.Keys.Blind(name), idnoBlind: s.cfg.Keys.Blind(doc.Number)}
	if out.name, err = s.cfg.Keys.Seal(name); err != nil {
		return sealedMember{}, err
	}
	if out.idno, err = s.cfg.Keys.Seal(doc.Number); err != nil {
		return sealedMember{}, err
	}
	if phone != "" {
		if out.phone, err = s.cfg.Keys.Seal(phone); err != nil {
			return sealedMember{}, err
		}
		out.phoneBlind = s.cfg.Keys.Blind(phone)
	}
	return out, nil
}

// AddMember registers a member. A 社区党员 belongs to an organisation of
// their community; a 在职党员 to a registered unit, and lives in the
// community given (in this district).
func (s *Service) AddMember(ctx context.Context, a Actor, in MemberInput) (Member, error) {
	if err := a.need(keepRoles, "keep party records"); err != nil {
		return Member{}, err
	}
	kind, ok := lookup(MemberKinds, in.Kind)
	if !ok {
		return Member{}, invalid("kind %q: want one of %s — 党员类别不对", in.Kind, codes(MemberKinds))
	}
	joined, err := day("joined_on", in.JoinedOn, false)
	if err != nil {
		return Member{}, err
	}
	switch {
	case kind.Code == MemberCommunity && in.UnitID != 0:
		return Member{}, invalid("a 社区党员 has no sending unit; choose 在职党员 for a member of a unit — 社区党员无报到单位")
	case kind.Code == MemberWorking && in.UnitID == 0:
		return Member{}, invalid("a 在职党员 needs their unit — 请选择在职党员的工作单位")
	case kind.Code == MemberCommunity && in.OrgID == 0:
		return Member{}, invalid("a 社区党员 belongs to a 党支部: choose it — 请选择所在党支部")
	}
	sm, err := s.sealMember(in)
	if err != nil {
		return Member{}, err
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
		if in.OrgID != 0 {
			var oc, ok string
			err := tx.QueryRowContext(ctx, `SELECT community_code, kind FROM party_orgs WHERE id = ?`, in.OrgID).Scan(&oc, &ok)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && oc != comm.Code) {
				return invalid("organisation %d is not one of %s — 所选党组织不属于%s", in.OrgID, comm.Name, comm.Name)
			}
			if err != nil {
				return err
			}
		}
		if in.UnitID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM party_units WHERE id = ?`, in.UnitID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return invalid("unit %d is not registered: the district registers it first — 报到单位未登记", in.UnitID)
			}
		}
		now := s.now()
		err = tx.QueryRowContext(ctx, `INSERT INTO party_members (kind, community_code, org_id, unit_id, name_sealed, name_blind,
			phone_sealed, phone_blind, idno_sealed, idno_blind, joined_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			kind.Code, comm.Code, nullID(in.OrgID), nullID(in.UnitID), sm.name, sm.nameBlind, sm.phone, sm.phoneBlind, sm.idno, sm.idnoBlind,
			joined, store.Millis(now)).Scan(&id)
		if store.IsUniqueViolation(err) {
			return conflict("a member with this ID number is registered already — 该身份证号码的党员已登记")
		}
		if err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "party.member", target("member", id), kind.Zh+" "+comm.Name)
	})
	if err != nil {
		return Member{}, err
	}
	return s.member(ctx, s.cfg.DB, id, false)
}

const memberColumns = `m.id, m.kind, m.community_code, COALESCE(r.name, ''), COALESCE(m.org_id, 0), COALESCE(o.name, ''),
	COALESCE(m.unit_id, 0), COALESCE(u.name, ''), COALESCE(u.paired_community_code, ''), COALESCE(pr.name, ''),
	m.name_sealed, m.phone_sealed, m.idno_sealed, m.joined_on, m.created_at,
	COALESCE((SELECT SUM(h.minutes) FROM party_hours h WHERE h.member_id = m.id), 0)`

const memberFrom = ` FROM party_members m LEFT JOIN regions r ON r.code = m.community_code
	LEFT JOIN party_orgs o ON o.id = m.org_id LEFT JOIN party_units u ON u.id = m.unit_id
	LEFT JOIN regions pr ON pr.code = u.paired_community_code`

// scanMember reads a row, opening the sealed values and masking them
// unless reveal.
func (s *Service) scanMember(sc scanner, reveal bool) (Member, error) {
	var m Member
	var name, phone, idno string
	var created int64
	if err := sc.Scan(&m.ID, &m.Kind, &m.CommunityCode, &m.CommunityName, &m.OrgID, &m.OrgName, &m.UnitID, &m.UnitName,
		&m.PairedCode, &m.PairedName, &name, &phone, &idno, &m.JoinedOn, &created, &m.Minutes); err != nil {
		return Member{}, err
	}
	m.CreatedAt = store.Time(created)
	for _, f := range []struct {
		sealed string
		dst    *string
		mask   func(string) string
	}{{name, &m.Name, pii.MaskName}, {phone, &m.Phone, pii.MaskPhone}, {idno, &m.IDNumber, people.MaskDocument}} {
		if f.sealed == "" {
			continue
		}
		v, err := s.cfg.Keys.Open(f.sealed)
		if err != nil {
			return Member{}, fmt.Errorf("party member %d: %w", m.ID, err)
		}
		if !reveal {
			v = f.mask(v)
		}
		*f.dst = v
	}
	m.Revealed = reveal
	return m, nil
}

// member reads one member with their reports, scope unchecked.
func (s *Service) member(ctx context.Context, q store.Querier, id int64, reveal bool) (Member, error) {
	m, err := s.scanMember(q.QueryRowContext(ctx, `SELECT `+memberColumns+memberFrom+` WHERE m.id = ?`, id), reveal)
	if errors.Is(err, sql.ErrNoRows) {
		return Member{}, notFound("member", id)
	}
	if err != nil {
		return Member{}, err
	}
	m.Reports, err = reports(ctx, q, id)
	return m, err
}

// loadMember reads a member a may see: where they live or their unit's
// paired community lies in a's scope.
func (s *Service) loadMember(ctx context.Context, q store.Querier, a Actor, id int64) (Member, error) {
	if err := a.need(readRoles, "read party records"); err != nil {
		return Member{}, err
	}
	m, err := s.member(ctx, q, id, false)
	if err != nil {
		return Member{}, err
	}
	if !a.sees(m) {
		return Member{}, notFound("member", id)
	}
	return m, nil
}

// GetMember returns a member (masked) with their reports.
func (s *Service) GetMember(ctx context.Context, a Actor, id int64) (Member, error) {
	return s.loadMember(ctx, s.cfg.DB, a, id)
}

// MemberFilter narrows Members; empty fields do not filter.
type MemberFilter struct {
	Under  string // a region in a's scope
	Kind   string
	UnitID int64
	Name   string // the exact name (matched by its blind index)
}

// MaxList bounds one page of a list.
const MaxList = 500

// Members lists the members in a's scope passing f, masked, newest first.
func (s *Service) Members(ctx context.Context, a Actor, f MemberFilter, limit, offset int) ([]Member, error) {
	prefix, err := a.listPrefix(f.Under)
	if err != nil {
		return nil, err
	}
	where, args := []string{`(m.community_code LIKE ? OR u.paired_community_code LIKE ?)`}, []any{prefix + "%", prefix + "%"}
	if f.Kind != "" {
		k, ok := lookup(MemberKinds, f.Kind)
		if !ok {
			return nil, invalid("kind %q: want one of %s — 党员类别不对", f.Kind, codes(MemberKinds))
		}
		where, args = append(where, `m.kind = ?`), append(args, k.Code)
	}
	if f.UnitID != 0 {
		where, args = append(where, `m.unit_id = ?`), append(args, f.UnitID)
	}
	if name := strings.TrimSpace(f.Name); name != "" {
		blinds := s.cfg.Keys.BlindAll(name)
		ph := strings.TrimSuffix(strings.Repeat("?, ", len(blinds)), ", ")
		where = append(where, `m.name_blind IN (`+ph+`)`)
		for _, b := range blinds {
			args = append(args, b)
		}
	}
	if limit <= 0 || limit > MaxList {
		limit = MaxList
	}
	args = append(args, limit, offset)
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT `+memberColumns+memberFrom+` WHERE `+strings.Join(where, ` AND `)+
		` ORDER BY m.created_at DESC, m.id DESC LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, err
	}
	var out []Member
	for rows.Next() {
		m, err := s.scanMember(rows, false)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Reports, err = reports(ctx, s.cfg.DB, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// RevealMember returns the member with name, phone and ID number in clear,
// for a stated purpose, and records who looked and why.
func (s *Service) RevealMember(ctx context.Context, a Actor, id int64, purpose string) (Member, error) {
	purpose, err := clean("purpose", purpose, 4, 200, true)
	if err != nil {
		return Member{}, err
	}
	var out Member
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		m, err := s.loadMember(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := a.need(revealRoles, "reveal personal data"); err != nil {
			return err
		}
		if out, err = s.member(ctx, tx, m.ID, true); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, s.now(), "party.reveal", target("member", id), purpose)
	})
	return out, err
}
