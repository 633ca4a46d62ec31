package party

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"strings"

	"civicgrid/internal/audit"
	"civicgrid/internal/store"
)

// A member serves from their phone through their own link: the community
// issues it (shown once, kept only as a blind index), and the member sees
// their reports, hours and claims and claims the open tasks of the
// communities where they may serve. The link names no one on the page but
// the member, masked.

// IssueLink makes a new link token for member id (replacing any earlier
// one) and returns it; the community or street in scope issues it.
func (s *Service) IssueLink(ctx context.Context, a Actor, id int64) (string, error) {
	if err := a.need(keepRoles, "keep party records"); err != nil {
		return "", err
	}
	raw := make([]byte, 24)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		m, err := s.loadMember(ctx, tx, a, id)
		if err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `DELETE FROM party_member_links WHERE member_id = ?`, m.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO party_member_links (member_id, token_blind, created_at) VALUES (?, ?, ?)`,
			m.ID, s.cfg.Keys.Blind(token), store.Millis(now)); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "party.link", target("member", m.ID), "issued")
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// Self is what a member sees on their own page.
type Self struct {
	Member Member // masked
	Tasks  []Task // open tasks where they may serve, soonest first
	Mine   []Task // tasks they claimed
}

// linkMember finds the member of a token; an unknown token is NotFound.
func (s *Service) linkMember(ctx context.Context, q store.Querier, token string) (Member, error) {
	token = strings.TrimSpace(token)
	blinds := s.cfg.Keys.BlindAll(token)
	if len(token) < 20 || len(blinds) == 0 {
		return Member{}, notFound("link", "")
	}
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(blinds)), ", ")
	args := make([]any, len(blinds))
	for i, b := range blinds {
		args[i] = b
	}
	var id int64
	err := q.QueryRowContext(ctx, `SELECT member_id FROM party_member_links WHERE token_blind IN (`+ph+`)`, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Member{}, notFound("link", "")
	}
	if err != nil {
		return Member{}, err
	}
	return s.member(ctx, q, id, false)
}

// servesIn lists the communities m may serve in.
func servesIn(m Member) []string {
	if m.Kind == MemberCommunity {
		return []string{m.CommunityCode}
	}
	var out []string
	for _, r := range m.Reports {
		out = append(out, r.CommunityCode)
	}
	return out
}

// SelfPage returns the member's page of a link.
func (s *Service) SelfPage(ctx context.Context, token string) (Self, error) {
	m, err := s.linkMember(ctx, s.cfg.DB, token)
	if err != nil {
		return Self{}, err
	}
	out := Self{Member: m}
	now := s.now()
	for _, code := range servesIn(m) {
		rows, err := s.cfg.DB.QueryContext(ctx, `SELECT `+taskColumns+taskFrom+` WHERE t.community_code = ? AND t.ends_at > ?
			ORDER BY t.starts_at, t.id LIMIT 50`, code, store.Millis(now))
		if err != nil {
			return Self{}, err
		}
		var ts []Task
		for rows.Next() {
			t, err := scanTask(rows)
			if err != nil {
				rows.Close()
				return Self{}, err
			}
			ts = append(ts, t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return Self{}, err
		}
		for _, t := range ts {
			if t.Claims, err = s.claims(ctx, s.cfg.DB, t.ID); err != nil {
				return Self{}, err
			}
			mine := false
			for _, c := range t.Claims {
				mine = mine || c.MemberID == m.ID
			}
			if mine {
				out.Mine = append(out.Mine, t)
			} else if t.Status == TaskOpen && t.Claimed < t.Capacity {
				out.Tasks = append(out.Tasks, t)
			}
		}
	}
	return out, nil
}

// ClaimAsSelf claims a task for the member of the link, under the same
// rules as staff claiming for them (reported there, once, a free place);
// a task where they may not serve is NotFound.
func (s *Service) ClaimAsSelf(ctx context.Context, token string, taskID int64, ip string) (Task, error) {
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		m, err := s.linkMember(ctx, tx, token)
		if err != nil {
			return err
		}
		t, err := s.task(ctx, tx, taskID)
		if err != nil {
			return err
		}
		if !m.ReportedTo(t.CommunityCode) {
			return notFound("task", taskID)
		}
		return s.take(ctx, tx, t, m, audit.Actor{Name: "党员本人", IP: ip})
	})
	if err != nil {
		return Task{}, err
	}
	return s.task(ctx, s.cfg.DB, taskID)
}
