// Package servicepoint keeps the 四进社区 service points of the
// communities — 警务室、司法服务室、党群服务中心、便民服务站 — with their
// address, office phone and opening hours, the staff on duty and the
// services each offers (社区便民服务事项清单), for a public page per
// community. Duty staff are published on purpose (officials in office:
// "公开社区民警姓名、职务和联系方式"), so nothing here is sealed; residents'
// data never comes here.
//
// Community and street staff and admins keep the points of their area;
// every staff role reads them; the public reads everything (Public).
package servicepoint

import (
	"context"
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
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// Errors. NotFound also answers for what lies outside the caller's scope.
var (
	ErrNotFound  = errs.New(errs.NotFound, "servicepoint: not found")
	ErrInvalid   = errs.New(errs.Invalid, "servicepoint: invalid input")
	ErrConflict  = errs.New(errs.Conflict, "servicepoint: conflict")
	ErrStale     = errs.New(errs.Stale, "servicepoint: changed since read")
	ErrForbidden = errs.New(errs.Forbidden, "servicepoint: your role may not do this")
)

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// Label is a code with its Chinese and English names.
type Label struct{ Code, Zh, En string }

// Kinds of service point.
var Kinds = []Label{
	{"police", "警务室", "Police office"},
	{"legal", "司法服务室", "Legal services office"},
	{"partyhub", "党群服务中心", "Party and community centre"},
	{"convenience", "便民服务站", "Service station"},
}

// Actor is a signed-in staff user with the scope the server computed.
type Actor struct {
	User  auth.User
	Scope auth.Scope
	IP    string
}

func (a Actor) audit() audit.Actor { return auth.ActorOf(a.User, a.IP) }

var writeRoles = []string{auth.RoleAdmin, auth.RoleCommunity, auth.RoleStreet}

// MayWrite reports whether a staff role keeps the points of its area.
func MayWrite(role string) bool { return slices.Contains(writeRoles, role) }

// Point is a service point with its staff on duty and services.
type Point struct {
	ID            int64
	CommunityCode string
	CommunityName string
	Kind          string
	Name          string
	Address       string
	Phone         string
	Hours         string
	Version       int
	Staff         []Staff
	Items         []Item
}

// Staff is a person on duty at a point.
type Staff struct {
	ID    int64
	Name  string
	Post  string
	Phone string
	Duty  string
}

// Item is a service offered (便民服务事项).
type Item struct {
	ID   int64
	Name string
	Note string
}

// Config is what the service needs.
type Config struct {
	DB  *store.DB
	Now func() time.Time
}

// Service keeps service points.
type Service struct{ cfg Config }

// New makes the service.
func New(cfg Config) (*Service, error) {
	if cfg.DB == nil {
		return nil, errors.New("servicepoint: DB is required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg}, nil
}

func (s *Service) now() time.Time { return s.cfg.Now() }

func line(field, zh, v string, min, max int) (string, error) {
	v = strings.Join(strings.Fields(v), " ")
	n := utf8.RuneCountInString(v)
	if n < min {
		return "", invalid("%s is required — 请填写%s", field, zh)
	}
	if n > max {
		return "", invalid("%s: at most %d characters — %s不超过%d字", field, max, zh, max)
	}
	if strings.IndexFunc(v, unicode.IsControl) >= 0 {
		return "", invalid("%s holds control characters — %s含有非法字符", field, zh)
	}
	return v, nil
}

func phone(v string) (string, error) {
	p := pii.NormalizePhone(v)
	if strings.TrimSpace(v) != "" && !pii.ValidPhone(p) {
		return "", invalid("phone %q is not a phone number — 联系电话格式不对", v)
	}
	return p, nil
}

// Input is a new or changed point.
type Input struct {
	CommunityCode string
	Kind          string
	Name          string
	Address       string
	Phone         string
	Hours         string
}

func (in Input) check() (Input, error) {
	kind := ""
	for _, k := range Kinds {
		if in.Kind == k.Code || in.Kind == k.Zh {
			kind = k.Code
		}
	}
	if kind == "" {
		return in, invalid("kind %q: want police (警务室), legal (司法服务室), partyhub (党群服务中心) or convenience (便民服务站) — 服务点类型不对", in.Kind)
	}
	in.Kind = kind
	var err error
	if in.Name, err = line("name", "名称", in.Name, 2, 40); err != nil {
		return in, err
	}
	if in.Address, err = line("address", "地址", in.Address, 0, 100); err != nil {
		return in, err
	}
	if in.Hours, err = line("hours", "开放时间", in.Hours, 0, 60); err != nil {
		return in, err
	}
	in.Phone, err = phone(in.Phone)
	return in, err
}

// inScope checks a may keep the points of community.
func (a Actor) keeps(community string) error {
	if !MayWrite(a.User.Role) {
		return fmt.Errorf("%w: a %q user may not keep service points — 无权维护服务点", ErrForbidden, a.User.Role)
	}
	if !a.Scope.CoversRegion(community) {
		return fmt.Errorf("%w: community %s", ErrNotFound, community)
	}
	return nil
}

// Create adds a point to a community of a's area.
func (s *Service) Create(ctx context.Context, a Actor, in Input) (Point, error) {
	in, err := in.check()
	if err != nil {
		return Point{}, err
	}
	if err := a.keeps(in.CommunityCode); err != nil {
		return Point{}, err
	}
	var id int64
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		comm, err := org.GetRegion(ctx, tx, in.CommunityCode)
		if err != nil || (comm.Level != org.LevelCommunity && comm.Level != org.LevelVillage) {
			return invalid("community %q: a service point belongs to a community (社区/村) — 请选择社区", in.CommunityCode)
		}
		now := s.now()
		err = tx.QueryRowContext(ctx, `INSERT INTO service_points (community_code, kind, name, address, phone, hours, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, comm.Code, in.Kind, in.Name, in.Address, in.Phone, in.Hours,
			store.Millis(now), store.Millis(now)).Scan(&id)
		if store.IsUniqueViolation(err) {
			return fmt.Errorf("%w: %s already has a point named %s — 该社区已有同名服务点", ErrConflict, comm.Name, in.Name)
		}
		if err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "servicepoint.create", fmt.Sprintf("servicepoint:%d", id), in.Name)
	})
	if err != nil {
		return Point{}, err
	}
	return s.get(ctx, id)
}

// Update changes a point's name, address, phone and hours if version is
// current (0: whatever is current).
func (s *Service) Update(ctx context.Context, a Actor, id int64, version int, in Input) (Point, error) {
	cur, err := s.get(ctx, id)
	if err != nil {
		return Point{}, err
	}
	if err := a.keeps(cur.CommunityCode); err != nil {
		return Point{}, err
	}
	in.CommunityCode = cur.CommunityCode
	if in.Kind == "" {
		in.Kind = cur.Kind
	}
	if in, err = in.check(); err != nil {
		return Point{}, err
	}
	if version == 0 {
		version = cur.Version
	}
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.now()
		res, err := tx.ExecContext(ctx, `UPDATE service_points SET kind = ?, name = ?, address = ?, phone = ?, hours = ?, version = version + 1,
			updated_at = ? WHERE id = ? AND version = ?`, in.Kind, in.Name, in.Address, in.Phone, in.Hours, store.Millis(now), id, version)
		if store.IsUniqueViolation(err) {
			return fmt.Errorf("%w: another point is named %s — 该社区已有同名服务点", ErrConflict, in.Name)
		}
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return fmt.Errorf("%w: point %d is at version %d, not %d — 已被他人修改，请刷新", ErrStale, id, cur.Version, version)
		}
		return a.audit().Record(ctx, tx, now, "servicepoint.update", fmt.Sprintf("servicepoint:%d", id), in.Name)
	})
	if err != nil {
		return Point{}, err
	}
	return s.get(ctx, id)
}

// AddStaff puts a person on duty at a point.
func (s *Service) AddStaff(ctx context.Context, a Actor, id int64, st Staff) (Point, error) {
	var err error
	if st.Name, err = line("name", "姓名", st.Name, 2, 20); err != nil {
		return Point{}, err
	}
	if st.Post, err = line("post", "职务", st.Post, 2, 30); err != nil {
		return Point{}, err
	}
	if st.Duty, err = line("duty", "值班时间", st.Duty, 0, 60); err != nil {
		return Point{}, err
	}
	if st.Phone, err = phone(st.Phone); err != nil {
		return Point{}, err
	}
	return s.child(ctx, a, id, "servicepoint.staff", st.Name, `INSERT INTO service_point_staff (point_id, name, post, phone, duty) VALUES (?, ?, ?, ?, ?)`,
		id, st.Name, st.Post, st.Phone, st.Duty)
}

// AddItem adds a service a point offers.
func (s *Service) AddItem(ctx context.Context, a Actor, id int64, it Item) (Point, error) {
	var err error
	if it.Name, err = line("item", "服务事项", it.Name, 2, 40); err != nil {
		return Point{}, err
	}
	if it.Note, err = line("note", "办理说明", it.Note, 0, 200); err != nil {
		return Point{}, err
	}
	return s.child(ctx, a, id, "servicepoint.item", it.Name, `INSERT INTO service_point_items (point_id, name, note) VALUES (?, ?, ?)`, id, it.Name, it.Note)
}

// RemoveStaff and RemoveItem take a person off duty or a service off the list.
func (s *Service) RemoveStaff(ctx context.Context, a Actor, id, staffID int64) (Point, error) {
	return s.remove(ctx, a, id, "servicepoint.staff.remove", `DELETE FROM service_point_staff WHERE id = ? AND point_id = ?`, staffID)
}

// RemoveItem: see RemoveStaff.
func (s *Service) RemoveItem(ctx context.Context, a Actor, id, itemID int64) (Point, error) {
	return s.remove(ctx, a, id, "servicepoint.item.remove", `DELETE FROM service_point_items WHERE id = ? AND point_id = ?`, itemID)
}

func (s *Service) remove(ctx context.Context, a Actor, id int64, action, query string, childID int64) (Point, error) {
	cur, err := s.get(ctx, id)
	if err != nil {
		return Point{}, err
	}
	if err := a.keeps(cur.CommunityCode); err != nil {
		return Point{}, err
	}
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, query, childID, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%w: entry %d of point %d", ErrNotFound, childID, id)
		}
		return a.audit().Record(ctx, tx, s.now(), action, fmt.Sprintf("servicepoint:%d", id), fmt.Sprint(childID))
	})
	if err != nil {
		return Point{}, err
	}
	return s.get(ctx, id)
}

func (s *Service) child(ctx context.Context, a Actor, id int64, action, detail, query string, args ...any) (Point, error) {
	cur, err := s.get(ctx, id)
	if err != nil {
		return Point{}, err
	}
	if err := a.keeps(cur.CommunityCode); err != nil {
		return Point{}, err
	}
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, s.now(), action, fmt.Sprintf("servicepoint:%d", id), detail)
	})
	if err != nil {
		return Point{}, err
	}
	return s.get(ctx, id)
}

const pointColumns = `p.id, p.community_code, COALESCE(r.name, ''), p.kind, p.name, p.address, p.phone, p.hours, p.version`

func (s *Service) get(ctx context.Context, id int64) (Point, error) {
	ps, err := s.list(ctx, `p.id = ?`, id)
	if err != nil {
		return Point{}, err
	}
	if len(ps) == 0 {
		return Point{}, fmt.Errorf("%w: point %d", ErrNotFound, id)
	}
	return ps[0], nil
}

// Get returns a point of a's area.
func (s *Service) Get(ctx context.Context, a Actor, id int64) (Point, error) {
	p, err := s.get(ctx, id)
	if err != nil || !a.Scope.CoversRegion(p.CommunityCode) {
		return Point{}, fmt.Errorf("%w: point %d", ErrNotFound, id)
	}
	return p, nil
}

// List returns the points of a's area (staff of every role read them).
func (s *Service) List(ctx context.Context, a Actor) ([]Point, error) {
	prefix := a.Scope.RegionPrefix()
	if prefix == "" {
		return nil, fmt.Errorf("%w: no area — 无权查看", ErrForbidden)
	}
	if len(prefix) > 12 {
		prefix = prefix[:12]
	}
	return s.list(ctx, `p.community_code LIKE ?`, prefix+"%")
}

// Public returns the points under a region ("" for all), for everyone.
func (s *Service) Public(ctx context.Context, under string) ([]Point, error) {
	return s.list(ctx, `p.community_code LIKE ?`, under+"%")
}

func (s *Service) list(ctx context.Context, where string, args ...any) ([]Point, error) {
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT `+pointColumns+` FROM service_points p LEFT JOIN regions r ON r.code = p.community_code
		WHERE `+where+` ORDER BY p.community_code, CASE p.kind WHEN 'police' THEN 1 WHEN 'legal' THEN 2 WHEN 'partyhub' THEN 3 ELSE 4 END, p.id LIMIT 2000`, args...)
	if err != nil {
		return nil, err
	}
	var out []Point
	byID := map[int64]int{}
	for rows.Next() {
		var p Point
		if err := rows.Scan(&p.ID, &p.CommunityCode, &p.CommunityName, &p.Kind, &p.Name, &p.Address, &p.Phone, &p.Hours, &p.Version); err != nil {
			rows.Close()
			return nil, err
		}
		byID[p.ID] = len(out)
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	// Staff and items of these points, in two queries.
	ids := make([]any, 0, len(out))
	marks := make([]string, 0, len(out))
	for _, p := range out {
		ids, marks = append(ids, p.ID), append(marks, "?")
	}
	in := strings.Join(marks, ", ")
	srows, err := s.cfg.DB.QueryContext(ctx, `SELECT id, point_id, name, post, phone, duty FROM service_point_staff WHERE point_id IN (`+in+`) ORDER BY id`, ids...)
	if err != nil {
		return nil, err
	}
	for srows.Next() {
		var st Staff
		var pid int64
		if err := srows.Scan(&st.ID, &pid, &st.Name, &st.Post, &st.Phone, &st.Duty); err != nil {
			srows.Close()
			return nil, err
		}
		out[byID[pid]].Staff = append(out[byID[pid]].Staff, st)
	}
	srows.Close()
	irows, err := s.cfg.DB.QueryContext(ctx, `SELECT id, point_id, name, note FROM service_point_items WHERE point_id IN (`+in+`) ORDER BY id`, ids...)
	if err != nil {
		return nil, err
	}
	defer irows.Close()
	for irows.Next() {
		var it Item
		var pid int64
		if err := irows.Scan(&it.ID, &pid, &it.Name, &it.Note); err != nil {
			return nil, err
		}
		out[byID[pid]].Items = append(out[byID[pid]].Items, it)
	}
	return out, irows.Err()
}
