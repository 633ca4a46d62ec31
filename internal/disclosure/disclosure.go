package disclosure

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/errs"
	"civicgrid/internal/org"
	"civicgrid/internal/store"
)

// Errors. NotFound also answers for what lies outside the caller's scope
// and for notices the public may not see.
var (
	ErrNotFound  = errs.New(errs.NotFound, "disclosure: not found")
	ErrInvalid   = errs.New(errs.Invalid, "disclosure: invalid input")
	ErrConflict  = errs.New(errs.Conflict, "disclosure: conflict")
	ErrStale     = errs.New(errs.Stale, "disclosure: changed since read")
	ErrForbidden = errs.New(errs.Forbidden, "disclosure: your role may not do this")
)

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

func notFound(id int64) error { return fmt.Errorf("%w: notice %d", ErrNotFound, id) }

// Label is a code with its Chinese and English names.
type Label struct{ Code, Zh, En string }

// Categories of notices.
var Categories = []Label{
	{"government", "政务公开", "Government affairs"},
	{"finance", "财务公开", "Finances"},
	{"party", "党务公开", "Party affairs"},
	{"affairs", "居务公开", "Residents' affairs"},
}

// Statuses.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
)

// Actor is a signed-in staff user with the scope the server computed.
type Actor struct {
	User  auth.User
	Scope auth.Scope
	IP    string
}

func (a Actor) audit() audit.Actor { return auth.ActorOf(a.User, a.IP) }

var (
	writeRoles = []string{auth.RoleAdmin, auth.RoleCommunity, auth.RoleStreet}
	readRoles  = []string{auth.RoleAdmin, auth.RoleCommunity, auth.RoleStreet, auth.RoleLeader, auth.RoleSupervisor, auth.RoleGrid}
)

// MayRead reports whether a staff role reads the notices of its area.
func MayRead(role string) bool { return slices.Contains(readRoles, role) }

// MayWrite reports whether a staff role writes and publishes notices.
func MayWrite(role string) bool { return slices.Contains(writeRoles, role) }

// Actions a notice offers.
const (
	ActionEdit    = "edit"
	ActionPublish = "publish"
	ActionAttach  = "attach"
	ActionArchive = "archive"
)

// Actions lists what a may do to n now.
func Actions(a Actor, n Notice, now time.Time) []string {
	if !MayWrite(a.User.Role) || !a.Scope.CoversRegion(n.CommunityCode) {
		return nil
	}
	out := []string{ActionEdit, ActionAttach}
	if n.Status == StatusDraft {
		out = append(out, ActionPublish)
	} else if !n.Archived(now) {
		out = append(out, ActionArchive)
	}
	return out
}

// Notice is one notice.
type Notice struct {
	ID            int64
	CommunityCode string
	CommunityName string
	Category      string
	Title         string
	Body          string
	Status        string
	PublishAt     time.Time
	ArchiveAt     time.Time
	Revision      int
	Version       int
	UpdatedAt     time.Time
	Attachments   []Attachment
	History       []Revision
}

// Public reports whether the public sees n at now.
func (n Notice) Public(now time.Time) bool {
	return n.Status == StatusPublished && !n.PublishAt.After(now)
}

// Archived reports whether n is in the archive at now.
func (n Notice) Archived(now time.Time) bool { return !n.ArchiveAt.IsZero() && !n.ArchiveAt.After(now) }

// Attachment is a file of a notice (without its bytes).
type Attachment struct {
	ID          int64
	Name        string
	ContentType string
	Size        int64
}

// Revision is a text a later edit replaced, with why.
type Revision struct {
	Revision   int
	Title      string
	Body       string
	Reason     string
	Editor     string
	ReplacedAt time.Time
}

// Config is what the service needs.
type Config struct {
	DB  *store.DB
	Now func() time.Time
}

// Service keeps notices.
type Service struct{ cfg Config }

// New makes the service.
func New(cfg Config) (*Service, error) {
	if cfg.DB == nil {
		return nil, errors.New("disclosure: DB is required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg}, nil
}

func (s *Service) now() time.Time { return s.cfg.Now() }

func target(id int64) string { return fmt.Sprintf("disclosure:%d", id) }

func cleanText(field, zh, s string, min, max int) (string, error) {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	if n < min {
		return "", invalid("%s: at least %d characters — %s至少%d个字", field, min, zh, min)
	}
	if n > max {
		return "", invalid("%s: at most %d characters — %s不超过%d字", field, max, zh, max)
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }) >= 0 {
		return "", invalid("%s holds control characters — %s含有非法字符", field, zh)
	}
	return s, nil
}

// Input is a new notice or an edit.
type Input struct {
	CommunityCode string
	Category      string
	Title         string
	Body          string
	ArchiveAt     time.Time // zero: never archived
}

type checked struct {
	category, title, body string
}

func check(in Input) (checked, error) {
	var c checked
	for _, l := range Categories {
		if in.Category == l.Code || in.Category == l.Zh {
			c.category = l.Code
		}
	}
	if c.category == "" {
		return c, invalid("category %q: want government (政务公开), finance (财务公开), party (党务公开) or affairs (居务公开) — 公开类别不对", in.Category)
	}
	var err error
	if c.title, err = cleanText("title", "标题", strings.Join(strings.Fields(in.Title), " "), 4, 60); err != nil {
		return c, err
	}
	if c.body, err = cleanText("body", "正文", in.Body, 10, 20000); err != nil {
		return c, err
	}
	return c, nil
}

// Create writes a draft notice of a community in a's scope.
func (s *Service) Create(ctx context.Context, a Actor, in Input) (Notice, error) {
	if !MayWrite(a.User.Role) {
		return Notice{}, fmt.Errorf("%w: a %q user may not write notices — 无权发布居务公开", ErrForbidden, a.User.Role)
	}
	c, err := check(in)
	if err != nil {
		return Notice{}, err
	}
	if !a.Scope.CoversRegion(in.CommunityCode) {
		return Notice{}, fmt.Errorf("%w: community %q", ErrNotFound, in.CommunityCode)
	}
	var id int64
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		comm, err := org.GetRegion(ctx, tx, in.CommunityCode)
		if err != nil || (comm.Level != org.LevelCommunity && comm.Level != org.LevelVillage) {
			return invalid("community %q: a notice belongs to a community (社区/村) — 请选择社区", in.CommunityCode)
		}
		now := s.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO disclosures (community_code, category, title, body, status, archive_at, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, comm.Code, c.category, c.title, c.body, StatusDraft, millisOrZero(in.ArchiveAt),
			a.User.ID, store.Millis(now), store.Millis(now)).Scan(&id); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "disclosure.create", target(id), c.title)
	})
	if err != nil {
		return Notice{}, err
	}
	return s.Get(ctx, a, id)
}

func millisOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return store.Millis(t)
}

func timeOrZero(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return store.Time(ms)
}

const noticeColumns = `d.id, d.community_code, COALESCE(r.name, ''), d.category, d.title, d.body, d.status, d.publish_at, d.archive_at,
	d.revision, d.version, d.updated_at`

const noticeFrom = ` FROM disclosures d LEFT JOIN regions r ON r.code = d.community_code`

type scanner interface{ Scan(dest ...any) error }

func scanNotice(sc scanner) (Notice, error) {
	var n Notice
	var pub, arch, upd int64
	err := sc.Scan(&n.ID, &n.CommunityCode, &n.CommunityName, &n.Category, &n.Title, &n.Body, &n.Status, &pub, &arch, &n.Revision, &n.Version, &upd)
	n.PublishAt, n.ArchiveAt, n.UpdatedAt = timeOrZero(pub), timeOrZero(arch), store.Time(upd)
	return n, err
}

func load(ctx context.Context, q store.Querier, id int64) (Notice, error) {
	n, err := scanNotice(q.QueryRowContext(ctx, `SELECT `+noticeColumns+noticeFrom+` WHERE d.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Notice{}, notFound(id)
	}
	return n, err
}

func (s *Service) details(ctx context.Context, n Notice) (Notice, error) {
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT id, name, content_type, size FROM disclosure_attachments WHERE disclosure_id = ? ORDER BY id`, n.ID)
	if err != nil {
		return Notice{}, err
	}
	for rows.Next() {
		var x Attachment
		if err := rows.Scan(&x.ID, &x.Name, &x.ContentType, &x.Size); err != nil {
			rows.Close()
			return Notice{}, err
		}
		n.Attachments = append(n.Attachments, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Notice{}, err
	}
	rows, err = s.cfg.DB.QueryContext(ctx, `SELECT revision, title, body, reason, editor, replaced_at FROM disclosure_versions WHERE disclosure_id = ? ORDER BY revision DESC`, n.ID)
	if err != nil {
		return Notice{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var v Revision
		var at int64
		if err := rows.Scan(&v.Revision, &v.Title, &v.Body, &v.Reason, &v.Editor, &at); err != nil {
			return Notice{}, err
		}
		v.ReplacedAt = store.Time(at)
		n.History = append(n.History, v)
	}
	return n, rows.Err()
}

// Get returns a notice of a's area with its attachments and history.
func (s *Service) Get(ctx context.Context, a Actor, id int64) (Notice, error) {
	n, err := load(ctx, s.cfg.DB, id)
	if err != nil {
		return Notice{}, err
	}
	if !MayRead(a.User.Role) || !a.Scope.CoversRegion(n.CommunityCode) {
		return Notice{}, notFound(id)
	}
	return s.details(ctx, n)
}

// Notice returns a notice the public sees now.
func (s *Service) Notice(ctx context.Context, id int64) (Notice, error) {
	n, err := load(ctx, s.cfg.DB, id)
	if err != nil {
		return Notice{}, err
	}
	if !n.Public(s.now()) {
		return Notice{}, notFound(id)
	}
	return s.details(ctx, n)
}

// MaxList bounds one page of a list.
const MaxList = 500

// List returns the notices of a's area (under a region of it), newest
// first, drafts included.
func (s *Service) List(ctx context.Context, a Actor, under, category string, limit int) ([]Notice, error) {
	prefix := a.Scope.RegionPrefix()
	if !MayRead(a.User.Role) || prefix == "" {
		return nil, fmt.Errorf("%w: a %q user may not read notices — 无权查看居务公开", ErrForbidden, a.User.Role)
	}
	if under != "" {
		if !a.Scope.CoversRegion(under) {
			return nil, fmt.Errorf("%w: region %s", ErrNotFound, under)
		}
		prefix = under
	}
	if len(prefix) > 12 {
		prefix = prefix[:12] // a grid worker reads the community's notices
	}
	return s.list(ctx, `d.community_code LIKE ?`, []any{prefix + "%"}, category, limit)
}

// Public returns the notices the public sees now under a region ("" for
// all): published, due, newest first; archived ones too (Archived tells).
func (s *Service) Public(ctx context.Context, under, category string, limit int) ([]Notice, error) {
	return s.list(ctx, `d.community_code LIKE ? AND d.status = 'published' AND d.publish_at <= ?`,
		[]any{under + "%", store.Millis(s.now())}, category, limit)
}

func (s *Service) list(ctx context.Context, where string, args []any, category string, limit int) ([]Notice, error) {
	if category != "" {
		found := false
		for _, l := range Categories {
			found = found || l.Code == category
		}
		if !found {
			return nil, invalid("category %q: want government, finance, party or affairs", category)
		}
		where, args = where+` AND d.category = ?`, append(args, category)
	}
	if limit <= 0 || limit > MaxList {
		limit = MaxList
	}
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT `+noticeColumns+noticeFrom+` WHERE `+where+
		` ORDER BY CASE WHEN d.publish_at = 0 THEN d.updated_at ELSE d.publish_at END DESC, d.id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Notice
	for rows.Next() {
		n, err := scanNotice(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
