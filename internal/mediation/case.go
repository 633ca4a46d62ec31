package mediation

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"civicgrid/internal/org"
	"civicgrid/internal/store"
)

// Case is one mediation case as its reader may see it: parties masked
// unless revealed.
type Case struct {
	ID            int64
	CommunityCode string
	CommunityName string
	StreetCode    string
	Level         string
	DisputeType   string
	Summary       string
	Mediator      string
	OrderNumber   string
	Status        string
	Outcome       string
	Agreement     string
	ResultNote    string
	OpenedAt      time.Time
	DueAt         time.Time
	EscalatedAt   time.Time
	ClosedAt      time.Time
	Version       int
	Parties       []Party
	Sessions      []Session
}

// Overdue reports whether an open case has passed its deadline at now.
func (c Case) Overdue(now time.Time) bool { return c.Status == StatusOpen && now.After(c.DueAt) }

// Input opens a case.
type Input struct {
	CommunityCode string
	DisputeType   string
	Summary       string
	Mediator      string
	Parties       []PartyInput
}

const (
	maxSummary = 2000
	maxLine    = 40
	maxText    = 4000
)

func cleanLine(field, s string, required bool) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	if required && s == "" {
		return "", invalid("%s is required — 请填写%s", field, fieldZh[field])
	}
	if utf8.RuneCountInString(s) > maxLine {
		return "", invalid("%s: at most %d characters — %s不超过%d字", field, maxLine, fieldZh[field], maxLine)
	}
	return s, nil
}

func cleanText(field, s string, required bool, max int) (string, error) {
	s = strings.TrimSpace(s)
	if required && utf8.RuneCountInString(s) < 4 {
		return "", invalid("%s: say in a few words (at least 4 characters) — 请填写%s（至少4个字）", field, fieldZh[field])
	}
	if utf8.RuneCountInString(s) > max {
		return "", invalid("%s: at most %d characters — %s不超过%d字", field, max, fieldZh[field], max)
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }) >= 0 {
		return "", invalid("%s holds control characters — %s含有非法字符", field, fieldZh[field])
	}
	return s, nil
}

var fieldZh = map[string]string{
	"summary": "纠纷简要情况", "mediator": "调解员", "agreement": "调解协议内容", "note": "情况说明",
	"place": "地点", "name": "当事人姓名", "phone": "联系电话", "purpose": "查看事由", "reason": "转交理由",
}

// Open files a new case at the community level of in.CommunityCode.
func (s *Service) Open(ctx context.Context, a Actor, in Input) (Case, error) {
	return s.open(ctx, a, in, "", nil)
}

// open files the case; after, when not nil, runs in the same transaction
// (the order's timeline entry).
func (s *Service) open(ctx context.Context, a Actor, in Input, orderNumber string, after func(context.Context, *store.Tx, int64) error) (Case, error) {
	if !MayOpen(a.User.Role) {
		return Case{}, forbidden("a %q user may not open mediation cases — 无权登记调解案件", a.User.Role)
	}
	dt, ok := lookup(DisputeTypes, in.DisputeType)
	if !ok {
		return Case{}, invalid("dispute_type %q: want one of %s — 纠纷类型不对", in.DisputeType, codes(DisputeTypes))
	}
	summary, err := cleanText("summary", in.Summary, true, maxSummary)
	if err != nil {
		return Case{}, err
	}
	mediator, err := cleanLine("mediator", in.Mediator, false)
	if err != nil {
		return Case{}, err
	}
	parties := make([]sealedParty, 0, len(in.Parties))
	for _, p := range in.Parties {
		sp, err := s.sealParty(p)
		if err != nil {
			return Case{}, err
		}
		parties = append(parties, sp)
	}
	if !a.Scope.CoversRegion(in.CommunityCode) {
		return Case{}, fmt.Errorf("%w: community %q", ErrNotFound, in.CommunityCode)
	}
	var id int64
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		comm, err := org.GetRegion(ctx, tx, in.CommunityCode)
		if err != nil || (comm.Level != org.LevelCommunity && comm.Level != org.LevelVillage) {
			return invalid("community %q: a case belongs to a community (社区/村) — 请选择社区", in.CommunityCode)
		}
		now := s.now()
		err = tx.QueryRowContext(ctx, `INSERT INTO mediation_cases (community_code, street_code, level, dispute_type, summary, mediator,
			order_number, status, opened_at, due_at, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			comm.Code, comm.ParentCode, LevelCommunity, dt.Code, summary, mediator, nullStr(orderNumber), StatusOpen,
			store.Millis(now), store.Millis(now.Add(Term)), a.User.ID, store.Millis(now), store.Millis(now)).Scan(&id)
		if store.IsUniqueViolation(err) {
			return conflict("order %s has a mediation case already — 该工单已立调解案件", orderNumber)
		}
		if err != nil {
			return err
		}
		for _, p := range parties {
			if err := insertParty(ctx, tx, id, p, now); err != nil {
				return err
			}
		}
		if after != nil {
			if err := after(ctx, tx, id); err != nil {
				return err
			}
		}
		return a.audit().Record(ctx, tx, now, "mediation.open", target(id), dt.Zh+" "+comm.Name)
	})
	if err != nil {
		return Case{}, err
	}
	return s.Get(ctx, a, id)
}

func target(id int64) string { return fmt.Sprintf("mediation:%d", id) }

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

const caseColumns = `c.id, c.community_code, COALESCE(r.name, ''), c.street_code, c.level, c.dispute_type, c.summary, c.mediator,
	COALESCE(c.order_number, ''), c.status, c.outcome, c.agreement, c.result_note, c.opened_at, c.due_at, c.escalated_at, c.closed_at, c.version`

const caseFrom = ` FROM mediation_cases c LEFT JOIN regions r ON r.code = c.community_code`

type scanner interface{ Scan(dest ...any) error }

func scanCase(sc scanner) (Case, error) {
	var c Case
	var opened, due, escalated, closed int64
	err := sc.Scan(&c.ID, &c.CommunityCode, &c.CommunityName, &c.StreetCode, &c.Level, &c.DisputeType, &c.Summary, &c.Mediator,
		&c.OrderNumber, &c.Status, &c.Outcome, &c.Agreement, &c.ResultNote, &opened, &due, &escalated, &closed, &c.Version)
	c.OpenedAt, c.DueAt = store.Time(opened), store.Time(due)
	if escalated != 0 {
		c.EscalatedAt = store.Time(escalated)
	}
	if closed != 0 {
		c.ClosedAt = store.Time(closed)
	}
	return c, err
}

// load reads a case in a's scope, without parties and sessions.
func load(ctx context.Context, q store.Querier, a Actor, id int64) (Case, error) {
	if !MayRead(a.User.Role) {
		return Case{}, notFound(id)
	}
	c, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseColumns+caseFrom+` WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !a.Scope.CoversRegion(c.CommunityCode)) {
		return Case{}, notFound(id)
	}
	return c, err
}

// Get returns a case with its parties (masked) and sessions.
func (s *Service) Get(ctx context.Context, a Actor, id int64) (Case, error) {
	c, err := load(ctx, s.cfg.DB, a, id)
	if err != nil {
		return Case{}, err
	}
	if c.Parties, err = s.parties(ctx, s.cfg.DB, id, false); err != nil {
		return Case{}, err
	}
	c.Sessions, err = sessions(ctx, s.cfg.DB, id)
	return c, err
}

// Filter narrows List; empty fields do not filter.
type Filter struct {
	Under  string // a region code in the actor's scope
	Status string
	Level  string
	Type   string
}

// MaxList bounds one page of List.
const MaxList = 500

// List returns the cases in a's scope passing f, newest first, without
// parties and sessions.
func (s *Service) List(ctx context.Context, a Actor, f Filter, limit, offset int) ([]Case, error) {
	prefix := a.Scope.RegionPrefix()
	if !MayRead(a.User.Role) || prefix == "" {
		return nil, forbidden("a %q user may not read mediation cases — 无权查看调解案件", a.User.Role)
	}
	if f.Under != "" {
		if !a.Scope.CoversRegion(f.Under) {
			return nil, fmt.Errorf("%w: region %s", ErrNotFound, f.Under)
		}
		prefix = f.Under
	}
	if limit <= 0 || limit > MaxList {
		limit = MaxList
	}
	where, args := []string{`c.community_code LIKE ?`}, []any{prefix + "%"}
	for _, x := range []struct {
		col, v string
		ls     []Label
	}{{"c.status", f.Status, StatusNames}, {"c.level", f.Level, LevelNames}, {"c.dispute_type", f.Type, DisputeTypes}} {
		if x.v == "" {
			continue
		}
		l, ok := lookup(x.ls, x.v)
		if !ok {
			return nil, invalid("%q: want one of %s", x.v, codes(x.ls))
		}
		where, args = append(where, x.col+` = ?`), append(args, l.Code)
	}
	args = append(args, limit, offset)
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT `+caseColumns+caseFrom+` WHERE `+strings.Join(where, ` AND `)+
		` ORDER BY c.opened_at DESC, c.id DESC LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
