package property

import (
	"context"
	"fmt"

	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// Committee is a compound's owners' committee (业主委员会) for one term.
type Committee struct {
	ID         int64    `json:"id"`
	EstateID   int64    `json:"estate_id"`
	EstateName string   `json:"estate_name"`
	Community  string   `json:"community_code"`
	FiledOn    string   `json:"filed_on"`
	TermStart  string   `json:"term_start"`
	TermEnd    string   `json:"term_end"`
	Current    bool     `json:"current"`
	Members    []Member `json:"members"`
}

// Member is a committee member, name masked.
type Member struct {
	Name string `json:"name"`
	Role string `json:"role"` // director (主任), deputy (副主任), member (委员)
}

// CommitteeInput files a committee.
type CommitteeInput struct {
	EstateID  int64
	FiledOn   string
	TermStart string
	TermEnd   string
	Members   []MemberInput
}

// MemberInput is one member as typed.
type MemberInput struct {
	Name string
	Role string
}

// Committee sizes and term, from 《业主大会和业主委员会指导规则》: five to
// eleven members, an odd number; a term of at most five years.
const (
	minMembers = 5
	maxMembers = 11
	maxTermYrs = 5
)

var roles = map[string]bool{"director": true, "deputy": true, "member": true}

// FileCommittee records a committee elected for a compound in the actor's
// scope. Its term may not overlap the compound's previous committee's.
func (s *Service) FileCommittee(ctx context.Context, a Actor, in CommitteeInput) (Committee, error) {
	if err := a.need(keepRoles, "keep property management"); err != nil {
		return Committee{}, err
	}
	filed, err := parseDay("filed_on", "备案日期", in.FiledOn)
	if err != nil {
		return Committee{}, err
	}
	start, err := parseDay("term_start", "任期开始", in.TermStart)
	if err != nil {
		return Committee{}, err
	}
	end, err := parseDay("term_end", "任期结束", in.TermEnd)
	if err != nil {
		return Committee{}, err
	}
	if !end.After(start) {
		return Committee{}, invalid("term_end %s is not after term_start %s — 任期结束应晚于开始", day(end), day(start))
	}
	if end.After(start.AddDate(maxTermYrs, 0, 0)) {
		return Committee{}, invalid("term: at most %d years — 业主委员会每届任期不超过%d年", maxTermYrs, maxTermYrs)
	}
	n := len(in.Members)
	if n < minMembers || n > maxMembers || n%2 == 0 {
		return Committee{}, invalid("members: %d given, want an odd number from %d to %d — 业主委员会应由%d至%d人单数组成（现为%d人）",
			n, minMembers, maxMembers, minMembers, maxMembers, n)
	}
	directors := 0
	type sealed struct{ name, mask, role string }
	var members []sealed
	for i, m := range in.Members {
		name, err := cleanText(fmt.Sprintf("members[%d].name", i), "委员姓名", m.Name, 20, true)
		if err != nil {
			return Committee{}, err
		}
		if !roles[m.Role] {
			return Committee{}, invalid("members[%d].role %q: want director, deputy or member — 职务应为主任、副主任或委员", i, m.Role)
		}
		if m.Role == "director" {
			directors++
		}
		sn, err := s.cfg.Keys.Seal(name)
		if err != nil {
			return Committee{}, err
		}
		members = append(members, sealed{sn, pii.MaskName(name), m.Role})
	}
	if directors != 1 {
		return Committee{}, invalid("members: %d directors, want one — 应有且只有一名主任", directors)
	}
	c := Committee{EstateID: in.EstateID, FiledOn: day(filed), TermStart: day(start), TermEnd: day(end)}
	now := s.now()
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if c.Community, c.EstateName, err = s.estateIn(ctx, tx, a, in.EstateID); err != nil {
			return err
		}
		var prevEnd string
		err = tx.QueryRowContext(ctx, `SELECT term_end FROM owners_committees WHERE estate_id = ? AND term_start < ? AND term_end > ?
			LIMIT 1`, in.EstateID, c.TermEnd, c.TermStart).Scan(&prevEnd)
		switch {
		case err == nil:
			return conflict("the term overlaps a committee's until %s — 与上届业主委员会任期（至%s）重叠", prevEnd, prevEnd)
		case !isNoRows(err):
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO owners_committees (estate_id, filed_on, term_start, term_end, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, c.EstateID, c.FiledOn, c.TermStart, c.TermEnd, store.Millis(now)).Scan(&c.ID); err != nil {
			return err
		}
		for i, m := range members {
			if _, err := tx.ExecContext(ctx, `INSERT INTO committee_members (committee_id, name, name_mask, role, seq) VALUES (?, ?, ?, ?, ?)`,
				c.ID, m.name, m.mask, m.role, i+1); err != nil {
				return err
			}
			c.Members = append(c.Members, Member{Name: m.mask, Role: m.role})
		}
		return a.audit().Record(ctx, tx, now, "property.committee.file", fmt.Sprintf("estate:%d", c.EstateID),
			fmt.Sprintf("%s—%s, %d members", c.TermStart, c.TermEnd, len(members)))
	})
	if err != nil {
		return Committee{}, err
	}
	today := day(now)
	c.Current = c.TermStart <= today && today <= c.TermEnd
	return c, nil
}

// Committees lists the committees of the compounds in the actor's scope,
// a compound's newest first, members masked.
func (s *Service) Committees(ctx context.Context, a Actor) ([]Committee, error) {
	if err := a.need(readRoles, "read property management"); err != nil {
		return nil, err
	}
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT c.id, c.estate_id, e.name, e.community_code, c.filed_on, c.term_start, c.term_end
		FROM owners_committees c JOIN estates e ON e.id = c.estate_id
		WHERE e.community_code LIKE ? ORDER BY e.community_code, e.name, c.term_start DESC`, a.Scope.RegionPrefix()+"%")
	if err != nil {
		return nil, err
	}
	today := day(s.now())
	var out []Committee
	index := map[int64]int{}
	for rows.Next() {
		var c Committee
		if err := rows.Scan(&c.ID, &c.EstateID, &c.EstateName, &c.Community, &c.FiledOn, &c.TermStart, &c.TermEnd); err != nil {
			rows.Close()
			return nil, err
		}
		c.Current = c.TermStart <= today && today <= c.TermEnd
		c.Members = []Member{}
		index[c.ID] = len(out)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return []Committee{}, nil
	}
	mrows, err := s.cfg.DB.QueryContext(ctx, `SELECT m.committee_id, m.name_mask, m.role FROM committee_members m
		JOIN owners_committees c ON c.id = m.committee_id JOIN estates e ON e.id = c.estate_id
		WHERE e.community_code LIKE ? ORDER BY m.committee_id, m.seq`, a.Scope.RegionPrefix()+"%")
	if err != nil {
		return nil, err
	}
	defer mrows.Close()
	for mrows.Next() {
		var id int64
		var m Member
		if err := mrows.Scan(&id, &m.Name, &m.Role); err != nil {
			return nil, err
		}
		if i, ok := index[id]; ok {
			out[i].Members = append(out[i].Members, m)
		}
	}
	return out, mrows.Err()
}
