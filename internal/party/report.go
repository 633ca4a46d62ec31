package party

import (
	"context"
	"strings"

	"civicgrid/internal/store"
)

func reports(ctx context.Context, q store.Querier, memberID int64) ([]Report, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, community_code, reported_at FROM party_reports WHERE member_id = ? ORDER BY reported_at`, memberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Report
	for rows.Next() {
		var r Report
		var at int64
		if err := rows.Scan(&r.Kind, &r.CommunityCode, &at); err != nil {
			return nil, err
		}
		r.ReportedAt = store.Time(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// RecordReport records that a 在职党员 reported (报到) to community code:
// where they live, or their unit's paired community. The receiving
// community (or its street) records it. A community outside the district,
// or one the member owes nothing to, is refused with what to do.
func (s *Service) RecordReport(ctx context.Context, a Actor, memberID int64, code string) (Member, error) {
	if err := a.need(keepRoles, "keep party records"); err != nil {
		return Member{}, err
	}
	code = strings.TrimSpace(code)
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		comm, err := community(ctx, tx, code)
		if err != nil {
			return err
		}
		m, err := s.loadMember(ctx, tx, a, memberID)
		if err != nil {
			return err
		}
		if m.Kind != MemberWorking {
			return invalid("member %d is a 社区党员, organised in the community already: only 在职党员 report — 社区党员无需报到", m.ID)
		}
		var due *Due
		for _, d := range m.DueCommunities() {
			if d.Code == comm.Code {
				due = &d
			}
		}
		if due == nil {
			return invalid("%s is neither where the member lives (%s) nor their unit's paired community (%s) — 报到社区应为居住地社区或单位结对社区",
				comm.Name, m.CommunityName, m.PairedName)
		}
		if !a.keeps(comm.Code) {
			return forbidden("%s records its own reports — 报到由%s登记", comm.Name, comm.Name)
		}
		if due.Reported {
			return conflict("member %d has reported to %s already — 该党员已向%s报到", m.ID, comm.Name, comm.Name)
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO party_reports (member_id, kind, community_code, reported_at, recorded_by) VALUES (?, ?, ?, ?, ?)`,
			m.ID, due.Kind, comm.Code, store.Millis(now), a.User.ID); err != nil {
			if store.IsUniqueViolation(err) {
				return conflict("member %d has reported to %s already — 该党员已向%s报到", m.ID, comm.Name, comm.Name)
			}
			return err
		}
		return a.audit().Record(ctx, tx, now, "party.report", target("member", m.ID), Zh(due.Kind)+" "+comm.Name)
	})
	if err != nil {
		return Member{}, err
	}
	return s.member(ctx, s.cfg.DB, memberID, false)
}
