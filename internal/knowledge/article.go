package knowledge

import (
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"civicgrid/internal/errs"
	"civicgrid/internal/store"
)

// Errors. NotFound also answers for what lies outside the caller's part.
var (
	ErrNotFound  = errs.New(errs.NotFound, "knowledge: no such article")
	ErrInvalid   = errs.New(errs.Invalid, "knowledge: invalid input")
	ErrForbidden = errs.New(errs.Forbidden, "knowledge: your role may not do this")
	ErrStale     = errs.New(errs.Stale, "knowledge: the article changed since you read it")
	ErrConflict  = errs.New(errs.Conflict, "knowledge: conflict")
)

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// States of an article.
const (
	StatePublished = "published" // answers operators and the public FAQ
	StateProposed  = "proposed"  // waits for the department's review
	StateRejected  = "rejected"  // the department declined it
)

// Article is one entry of the knowledge base. ValidFrom and ValidTo are
// zero when open; ValidTo is the first moment it no longer holds.
type Article struct {
	ID           int64
	Question     string
	Answer       string
	CategoryCode string
	CategoryName string
	DeptCode     string
	DeptName     string
	ValidFrom    time.Time
	ValidTo      time.Time
	Source       string
	State        string
	FromOrder    string
	ProposedBy   int64
	ReviewedBy   int64
	ReviewNote   string
	ReviewedAt   time.Time
	Version      int
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Uses         int // consultations answered from it
}

// LiveAt reports whether a is published and valid at t.
func (a Article) LiveAt(t time.Time) bool {
	return a.State == StatePublished && (a.ValidFrom.IsZero() || !t.Before(a.ValidFrom)) &&
		(a.ValidTo.IsZero() || t.Before(a.ValidTo))
}

// ExpiredAt reports whether a's validity ended before t.
func (a Article) ExpiredAt(t time.Time) bool { return !a.ValidTo.IsZero() && !t.Before(a.ValidTo) }

// Input is an article as written or proposed.
type Input struct {
	Question     string
	Answer       string
	CategoryCode string
	DeptCode     string
	ValidFrom    time.Time
	ValidTo      time.Time
	Source       string
	FromOrder    string // the consultation whose answer is proposed
}

// Limits of the text fields, in characters.
const (
	maxQuestion = 300
	maxAnswer   = 4000
	maxSource   = 200
	minAnswer   = 5
)

func (in *Input) clean() error {
	in.Question = strings.TrimSpace(in.Question)
	in.Answer = strings.TrimSpace(in.Answer)
	in.Source = strings.TrimSpace(in.Source)
	in.CategoryCode = strings.TrimSpace(in.CategoryCode)
	in.DeptCode = strings.TrimSpace(in.DeptCode)
	in.FromOrder = strings.TrimSpace(in.FromOrder)
	var bad []string
	switch n := utf8.RuneCountInString(in.Question); {
	case n == 0:
		bad = append(bad, "question is empty — 问题为空")
	case n > maxQuestion || strings.IndexFunc(in.Question, unicode.IsControl) >= 0:
		bad = append(bad, fmt.Sprintf("question must be one line of at most %d characters — 问题过长", maxQuestion))
	}
	switch n := utf8.RuneCountInString(in.Answer); {
	case n < minAnswer:
		bad = append(bad, fmt.Sprintf("answer must have at least %d characters — 答复过短", minAnswer))
	case n > maxAnswer:
		bad = append(bad, fmt.Sprintf("answer is longer than %d characters — 答复过长", maxAnswer))
	}
	if utf8.RuneCountInString(in.Source) > maxSource || strings.IndexFunc(in.Source, unicode.IsControl) >= 0 {
		bad = append(bad, fmt.Sprintf("source must be one line of at most %d characters — 依据文件过长", maxSource))
	}
	if !in.ValidFrom.IsZero() && !in.ValidTo.IsZero() && !in.ValidTo.After(in.ValidFrom) {
		bad = append(bad, "valid_to must be after valid_from — 失效日期须晚于生效日期")
	}
	if len(bad) > 0 {
		return invalid("%s", strings.Join(bad, "; "))
	}
	return nil
}

const articleColumns = `a.id, a.question, a.answer, COALESCE(a.category_code, ''), COALESCE(c.name_zh, ''),
	COALESCE(a.dept_code, ''), COALESCE(d.name, ''), a.valid_from, a.valid_to, a.source, a.state,
	COALESCE(a.from_order, ''), COALESCE(a.proposed_by, 0), COALESCE(a.reviewed_by, 0), a.review_note, a.reviewed_at,
	a.version, a.created_at, a.updated_at, (SELECT COUNT(*) FROM kb_uses u WHERE u.article_id = a.id)`

const articleFrom = ` FROM kb_articles a LEFT JOIN categories c ON c.code = a.category_code
	LEFT JOIN departments d ON d.code = a.dept_code`

type scanner interface{ Scan(dest ...any) error }

func scanArticle(s scanner) (Article, error) {
	var a Article
	var from, to, reviewed sql.NullInt64
	var created, updated int64
	err := s.Scan(&a.ID, &a.Question, &a.Answer, &a.CategoryCode, &a.CategoryName, &a.DeptCode, &a.DeptName,
		&from, &to, &a.Source, &a.State, &a.FromOrder, &a.ProposedBy, &a.ReviewedBy, &a.ReviewNote, &reviewed,
		&a.Version, &created, &updated, &a.Uses)
	if err != nil {
		return Article{}, err
	}
	a.ValidFrom, a.ValidTo, a.ReviewedAt = nullTime(from), nullTime(to), nullTime(reviewed)
	a.CreatedAt, a.UpdatedAt = store.Time(created), store.Time(updated)
	return a, nil
}

func nullTime(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return store.Time(v.Int64)
}

func nullMillis(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return store.Millis(t)
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}
