package wish

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
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// Statuses of a wish.
const (
	StatusPending   = "pending"   // 待审核
	StatusApproved  = "approved"  // 待认领
	StatusRejected  = "rejected"  // 未通过
	StatusClaimed   = "claimed"   // 已认领
	StatusFulfilled = "fulfilled" // 已实现
)

// Kinds of claimant.
const (
	ClaimantMember    = "member"    // 党员
	ClaimantVolunteer = "volunteer" // 志愿者
	ClaimantUnit      = "unit"      // 爱心单位
)

// Label is a code with its Chinese and English names.
type Label struct{ Code, Zh, En string }

// Names of statuses and claimant kinds.
var (
	StatusNames   = []Label{{StatusPending, "待审核", "Awaiting review"}, {StatusApproved, "待认领", "Open for claiming"}, {StatusRejected, "未通过", "Not approved"}, {StatusClaimed, "已认领", "Claimed"}, {StatusFulfilled, "已实现", "Fulfilled"}}
	ClaimantKinds = []Label{{ClaimantMember, "党员", "Party member"}, {ClaimantVolunteer, "志愿者", "Volunteer"}, {ClaimantUnit, "爱心单位", "Unit"}}
)

// Wish is one wish as staff see it: the wisher's and the claimant's name
// and phone masked unless revealed.
type Wish struct {
	ID            int64
	CommunityCode string
	CommunityName string
	GridCode      string
	Title         string
	Story         string
	Beneficiary   string
	PostedBy      string
	WisherName    string
	WisherPhone   string
	Status        string
	ReviewNote    string
	ClaimantKind  string
	ClaimantName  string
	ClaimantPhone string
	ClaimantUnit  string
	// ClaimantMemberID is the party member who claimed as themselves
	// (internal/party); 0 for others.
	ClaimantMemberID int64
	FulfilNote       string
	HasPhoto         bool
	CreatedAt        time.Time
	ReviewedAt       time.Time
	ClaimedAt        time.Time
	FulfilledAt      time.Time
	Version          int
	Revealed         bool
}

// Public is a wish as the wall shows it: no person in it.
type Public struct {
	ID            int64
	CommunityCode string
	CommunityName string
	Title         string
	Story         string
	Beneficiary   string
	Status        string
	ClaimantKind  string
	ClaimantUnit  string // a unit's name; "" for people
	FulfilNote    string
	HasPhoto      bool
	CreatedAt     time.Time
	ClaimedAt     time.Time
	FulfilledAt   time.Time
}

// Public is what the wall may show of w.
func (w Wish) Public() Public {
	return Public{ID: w.ID, CommunityCode: w.CommunityCode, CommunityName: w.CommunityName, Title: w.Title, Story: w.Story,
		Beneficiary: w.Beneficiary, Status: w.Status, ClaimantKind: w.ClaimantKind, ClaimantUnit: w.ClaimantUnit, FulfilNote: w.FulfilNote,
		HasPhoto: w.HasPhoto, CreatedAt: w.CreatedAt, ClaimedAt: w.ClaimedAt, FulfilledAt: w.FulfilledAt}
}

// onWall reports whether the public may see a wish of this status.
func onWall(status string) bool {
	return status == StatusApproved || status == StatusClaimed || status == StatusFulfilled
}

// Config is what the service needs. Members, when set, lets a party
// member claim as themselves and credits their hours on fulfilment.
type Config struct {
	DB      *store.DB
	Keys    *pii.Keyring
	Now     func() time.Time
	Members Members
}

// Members is the party-member register (internal/party) as a wish needs
// it, so this package does not depend on it.
type Members interface {
	// WishClaimant returns the member's name and phone in clear, or why
	// they may not claim a wish of the community.
	WishClaimant(ctx context.Context, tx *store.Tx, memberID int64, communityCode string) (name, phone string, err error)
	// CreditWish credits the member's hours for a fulfilled wish, once.
	CreditWish(ctx context.Context, tx *store.Tx, memberID, wishID int64, communityCode string, at time.Time) error
}

// Service keeps wishes.
type Service struct{ cfg Config }

// New makes the service.
func New(cfg Config) (*Service, error) {
	if cfg.DB == nil || cfg.Keys == nil {
		return nil, errors.New("wish: DB and Keys are required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg}, nil
}

func (s *Service) now() time.Time { return s.cfg.Now() }

func target(id int64) string { return fmt.Sprintf("wish:%d", id) }

var fieldZh = map[string]string{"title": "心愿内容", "story": "心愿说明", "beneficiary": "受助对象", "name": "姓名", "phone": "联系电话",
	"unit": "单位名称", "note": "说明", "purpose": "查看事由"}

func clean(field, s string, min, max int, oneLine bool) (string, error) {
	if oneLine {
		s = strings.Join(strings.Fields(s), " ")
	} else {
		s = strings.TrimSpace(s)
	}
	n := utf8.RuneCountInString(s)
	if n < min {
		if min <= 1 {
			return "", invalid("%s is required — 请填写%s", field, fieldZh[field])
		}
		return "", invalid("%s: at least %d characters — %s至少%d个字", field, min, fieldZh[field], min)
	}
	if n > max {
		return "", invalid("%s: at most %d characters — %s不超过%d字", field, max, fieldZh[field], max)
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }) >= 0 {
		return "", invalid("%s holds control characters — %s含有非法字符", field, fieldZh[field])
	}
	return s, nil
}

type sealed struct{ name, nameBlind, phone, phoneBlind string }

func (s *Service) seal(name, phone string, phoneRequired bool) (sealed, error) {
	name, err := clean("name", name, 1, 40, true)
	if err != nil {
		return sealed{}, err
	}
	p := pii.NormalizePhone(phone)
	if strings.TrimSpace(phone) != "" && !pii.ValidPhone(p) {
		return sealed{}, invalid("phone %q is not a phone number — 联系电话格式不对", phone)
	}
	if phoneRequired && p == "" {
		return sealed{}, invalid("phone is required, so the community can reach you — 请留联系电话，便于社区联系")
	}
	out := sealed{nameBlind: s.cfg.Keys.Blind(name)}
	if out.name, err = s.cfg.Keys.Seal(name); err != nil {
		return sealed{}, err
	}
	if p != "" {
		if out.phone, err = s.cfg.Keys.Seal(p); err != nil {
			return sealed{}, err
		}
		out.phoneBlind = s.cfg.Keys.Blind(p)
	}
	return out, nil
}

// PostInput is a new wish. GridCode is optional (a grid worker's wish
// takes the worker's grid when they have one).
type PostInput struct {
	CommunityCode string
	GridCode      string
	Title         string
	Story         string
	Beneficiary   string
	Name          string
	Phone         string
}

// Post files a wish for review. A resident needs a phone; staff posting
// for an elder may leave it out.
func (s *Service) Post(ctx context.Context, a Actor, in PostInput) (Wish, error) {
	if !a.resident() && !MayPost(a.User.Role) {
		return Wish{}, forbidden("a %q user may not post wishes — 无权登记微心愿", a.User.Role)
	}
	title, err := clean("title", in.Title, 2, 40, true)
	if err != nil {
		return Wish{}, err
	}
	story, err := clean("story", in.Story, 0, 500, false)
	if err != nil {
		return Wish{}, err
	}
	benef, err := clean("beneficiary", in.Beneficiary, 0, 20, true)
	if err != nil {
		return Wish{}, err
	}
	who, err := s.seal(in.Name, in.Phone, a.resident())
	if err != nil {
		return Wish{}, err
	}
	postedBy := "staff"
	if a.resident() {
		postedBy = "resident"
		in.GridCode = ""
	}
	var id int64
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		comm, err := org.GetRegion(ctx, tx, in.CommunityCode)
		if err != nil || (comm.Level != org.LevelCommunity && comm.Level != org.LevelVillage) {
			return invalid("community %q: a wish belongs to a community (社区/村) — 请选择社区", in.CommunityCode)
		}
		place := comm.Code
		if in.GridCode != "" {
			if !strings.HasPrefix(in.GridCode, comm.Code) {
				return invalid("grid %s is not in community %s — 网格不属于该社区", in.GridCode, comm.Code)
			}
			place = in.GridCode
		}
		if !a.resident() && !a.Scope.CoversRegion(place) {
			return fmt.Errorf("%w: %s", ErrNotFound, place)
		}
		now := s.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO wishes (community_code, grid_code, title, story, beneficiary, posted_by, poster_user_id,
			wisher_name_sealed, wisher_name_blind, wisher_phone_sealed, wisher_phone_blind, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			comm.Code, nullStr(in.GridCode), title, story, benef, postedBy, a.User.ID, who.name, who.nameBlind, who.phone, who.phoneBlind,
			StatusPending, store.Millis(now), store.Millis(now)).Scan(&id); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "wish.post", target(id), title)
	})
	if err != nil {
		return Wish{}, err
	}
	w, err := s.read(ctx, s.cfg.DB, id, false)
	return w, err
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

const wishColumns = `w.id, w.community_code, COALESCE(r.name, ''), COALESCE(w.grid_code, ''), w.title, w.story, w.beneficiary, w.posted_by,
	w.wisher_name_sealed, w.wisher_phone_sealed, w.status, w.review_note, w.claimant_kind, w.claimant_name_sealed, w.claimant_phone_sealed,
	w.claimant_unit, COALESCE(w.claimant_member_id, 0), w.fulfil_note, CASE WHEN p.wish_id IS NULL THEN 0 ELSE 1 END, w.created_at, w.reviewed_at, w.claimed_at, w.fulfilled_at, w.version`

const wishFrom = ` FROM wishes w LEFT JOIN regions r ON r.code = w.community_code LEFT JOIN wish_photos p ON p.wish_id = w.id`

type scanner interface{ Scan(dest ...any) error }

// scan reads a row, opening the sealed values and masking them unless
// reveal.
func (s *Service) scan(sc scanner, reveal bool) (Wish, error) {
	var w Wish
	var wn, wp, cn, cp string
	var photo int
	var created, reviewed, claimed, fulfilled int64
	if err := sc.Scan(&w.ID, &w.CommunityCode, &w.CommunityName, &w.GridCode, &w.Title, &w.Story, &w.Beneficiary, &w.PostedBy,
		&wn, &wp, &w.Status, &w.ReviewNote, &w.ClaimantKind, &cn, &cp, &w.ClaimantUnit, &w.ClaimantMemberID, &w.FulfilNote, &photo,
		&created, &reviewed, &claimed, &fulfilled, &w.Version); err != nil {
		return Wish{}, err
	}
	w.HasPhoto = photo == 1
	w.CreatedAt = store.Time(created)
	for _, t := range []struct {
		ms  int64
		dst *time.Time
	}{{reviewed, &w.ReviewedAt}, {claimed, &w.ClaimedAt}, {fulfilled, &w.FulfilledAt}} {
		if t.ms != 0 {
			*t.dst = store.Time(t.ms)
		}
	}
	for _, f := range []struct {
		sealed string
		dst    *string
		mask   func(string) string
	}{{wn, &w.WisherName, pii.MaskName}, {wp, &w.WisherPhone, pii.MaskPhone}, {cn, &w.ClaimantName, pii.MaskName}, {cp, &w.ClaimantPhone, pii.MaskPhone}} {
		if f.sealed == "" {
			continue
		}
		v, err := s.cfg.Keys.Open(f.sealed)
		if err != nil {
			return Wish{}, fmt.Errorf("wish %d: %w", w.ID, err)
		}
		if !reveal {
			v = f.mask(v)
		}
		*f.dst = v
	}
	w.Revealed = reveal
	return w, nil
}

func (s *Service) read(ctx context.Context, q store.Querier, id int64, reveal bool) (Wish, error) {
	w, err := s.scan(q.QueryRowContext(ctx, `SELECT `+wishColumns+wishFrom+` WHERE w.id = ?`, id), reveal)
	if errors.Is(err, sql.ErrNoRows) {
		return Wish{}, notFound(id)
	}
	return w, err
}

// load reads a wish a may see: staff in scope, the public only what is on
// the wall.
func (s *Service) load(ctx context.Context, q store.Querier, a Actor, id int64) (Wish, error) {
	w, err := s.read(ctx, q, id, false)
	if err != nil {
		return Wish{}, err
	}
	if a.resident() {
		if !onWall(w.Status) {
			return Wish{}, notFound(id)
		}
		return w, nil
	}
	if !MayRead(a.User.Role) || !a.covers(w) {
		return Wish{}, notFound(id)
	}
	return w, nil
}

// Get returns a wish as staff may see it.
func (s *Service) Get(ctx context.Context, a Actor, id int64) (Wish, error) {
	if a.resident() {
		return Wish{}, notFound(id)
	}
	return s.load(ctx, s.cfg.DB, a, id)
}

// GetPublic returns a wish on the wall.
func (s *Service) GetPublic(ctx context.Context, id int64) (Public, error) {
	w, err := s.load(ctx, s.cfg.DB, Actor{}, id)
	return w.Public(), err
}

// MaxList bounds one page of a list.
const MaxList = 500

// List returns the wishes of a's area (under a region of it when under is
// given) with status (any when ""), newest first.
func (s *Service) List(ctx context.Context, a Actor, under, status string, limit, offset int) ([]Wish, error) {
	prefix := a.Scope.RegionPrefix()
	if a.resident() || !MayRead(a.User.Role) || prefix == "" {
		return nil, forbidden("a %q user may not read wishes — 无权查看微心愿", a.User.Role)
	}
	if under != "" {
		if !a.Scope.CoversRegion(under) {
			return nil, fmt.Errorf("%w: region %s", ErrNotFound, under)
		}
		prefix = under
	}
	where, args := `(w.community_code LIKE ? OR w.grid_code LIKE ?)`, []any{prefix + "%", prefix + "%"}
	if len(prefix) > 12 { // a grid worker: the wishes of the grid
		where, args = `w.grid_code LIKE ?`, []any{prefix + "%"}
	}
	return s.list(ctx, where, args, status, limit, offset)
}

// Wall returns the wishes the public sees under a region ("" for all),
// with status among approved, claimed, fulfilled (all three when "").
func (s *Service) Wall(ctx context.Context, under, status string, limit, offset int) ([]Public, error) {
	if status != "" && !onWall(status) {
		return nil, invalid("status %q: the wall shows approved, claimed or fulfilled wishes", status)
	}
	where, args := `w.community_code LIKE ? AND w.status IN ('approved', 'claimed', 'fulfilled')`, []any{under + "%"}
	ws, err := s.list(ctx, where, args, status, limit, offset)
	if err != nil {
		return nil, err
	}
	out := make([]Public, 0, len(ws))
	for _, w := range ws {
		out = append(out, w.Public())
	}
	return out, nil
}

func (s *Service) list(ctx context.Context, where string, args []any, status string, limit, offset int) ([]Wish, error) {
	if status != "" {
		ok := false
		for _, l := range StatusNames {
			ok = ok || l.Code == status
		}
		if !ok {
			return nil, invalid("status %q: want pending, approved, rejected, claimed or fulfilled", status)
		}
		where, args = where+` AND w.status = ?`, append(args, status)
	}
	if limit <= 0 || limit > MaxList {
		limit = MaxList
	}
	args = append(args, limit, offset)
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT `+wishColumns+wishFrom+` WHERE `+where+` ORDER BY w.created_at DESC, w.id DESC LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Wish
	for rows.Next() {
		w, err := s.scan(rows, false)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}
