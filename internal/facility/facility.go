package facility

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"civicgrid/internal/auth"
	"civicgrid/internal/errs"
	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/org"
	"civicgrid/internal/orgunit"
	"civicgrid/internal/store"
)

// Errors. NotFound also answers for what lies outside the caller's scope.
var (
	ErrNotFound     = errs.New(errs.NotFound, "facility: not found")
	ErrInvalid      = errs.New(errs.Invalid, "facility: invalid input")
	ErrConflict     = errs.New(errs.Conflict, "facility: conflict")
	ErrStale        = errs.New(errs.Stale, "facility: changed since read")
	ErrForbidden    = errs.New(errs.Forbidden, "facility: your role may not do this")
	ErrUnknownCode  = errs.New(errs.Invalid, "facility: no facility has this code")
	ErrNotACodeForm = errs.New(errs.Invalid, "facility: not a facility code")
)

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// Locator finds the grid a point lies in; the real one is *grid.Locator.
type Locator interface {
	Locate(lng, lat float64) (gridCode string, ok bool)
}

// Facility is one 部件. Owner is a unit (OwnerUnitID) or a department
// (OwnerDeptCode), or neither; OwnerName names it.
type Facility struct {
	ID            int64
	Code          string
	Class         string
	Kind          string
	Seq           int
	Name          string
	CommunityCode string
	GridCode      string
	Lng, Lat      float64
	OwnerUnitID   int64
	OwnerDeptCode string
	OwnerName     string
	State         string
	Version       int
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// KindName is the facility's sub-kind name (路灯).
func (f Facility) KindName() string { return KindName(f.Kind) }

// Label is how an order or a page names it: 路灯 2105040020010109-0123.
func (f Facility) Label() string {
	if f.Name != "" {
		return KindName(f.Kind) + " " + f.Code + "（" + f.Name + "）"
	}
	return KindName(f.Kind) + " " + f.Code
}

// codePattern matches a code as typed: 16 digits, an optional dash, 4.
var codePattern = regexp.MustCompile(`\d{16}-?\d{4}`)

// FormatCode is the code of a facility.
func FormatCode(community, kind string, seq int) string {
	return fmt.Sprintf("%s%s-%04d", community, kind, seq)
}

func foldDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '－' || r == '—' || r == '–':
			return '-'
		case unicode.IsSpace(r):
			return -1
		}
		return r
	}, s)
}

// ParseCode checks a typed facility code and returns it in standard form.
func ParseCode(s string) (string, error) {
	c := foldDigits(strings.TrimSpace(s))
	if len(c) == 20 && !strings.Contains(c, "-") {
		c = c[:16] + "-" + c[16:]
	}
	if len(c) != 21 || !codePattern.MatchString(c) || c[16] != '-' {
		return "", fmt.Errorf("%w: %q: a facility code is the 12-digit community code, the 4-digit kind and a 4-digit number, e.g. 2105040020010109-0123 — 部件编码格式不对", ErrNotACodeForm, s)
	}
	if KindName(c[12:16]) == "" {
		return "", fmt.Errorf("%w: %q: no facility kind %s — 部件小类 %s 不存在", ErrNotACodeForm, s, c[12:16], c[12:16])
	}
	return c, nil
}

// FindCode finds the first facility code in a text as typed (路灯
// 2105040020010109-0123 不亮), "" when there is none.
func FindCode(text string) string {
	m := codePattern.FindString(foldDigits(text))
	if m == "" {
		return ""
	}
	c, err := ParseCode(m)
	if err != nil {
		return ""
	}
	return c
}

// Input is a new facility. Kind is the sub-kind code or name (0109, 路灯).
// The owner is a unit's id or a department's code, or neither.
type Input struct {
	Kind          string
	Name          string
	Lng, Lat      float64
	OwnerUnitID   int64
	OwnerDeptCode string
	State         string
}

const maxName = 60

// Service keeps facilities.
type Service struct {
	DB      *store.DB
	Locator Locator
	Now     func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func mayEdit(ed grid.Editor) error {
	if !grid.MayEditRegister(ed.Role) {
		return fmt.Errorf("%w: a %q user may not change facilities", ErrForbidden, ed.Role)
	}
	return nil
}

// Create registers a facility at a point in a grid of the editor's scope
// and gives it the next number of its kind in the community.
func (s *Service) Create(ctx context.Context, ed grid.Editor, in Input) (Facility, error) {
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = s.CreateIn(ctx, tx, ed, in)
		return err
	})
	if err != nil {
		return Facility{}, err
	}
	return Get(ctx, s.DB, ed.Scope, id)
}

// CreateIn is Create on q (a transaction the caller owns); it returns the
// new facility's id.
func (s *Service) CreateIn(ctx context.Context, q store.Querier, ed grid.Editor, in Input) (int64, error) {
	if err := mayEdit(ed); err != nil {
		return 0, err
	}
	k, ok := KindOf(strings.TrimSpace(in.Kind))
	if !ok {
		return 0, invalid("kind %q: give a facility sub-kind's code or name (e.g. 0109 or 路灯) — 部件小类不存在", in.Kind)
	}
	name := strings.TrimSpace(in.Name)
	if utf8.RuneCountInString(name) > maxName || strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return 0, invalid("name must be one line of at most %d characters", maxName)
	}
	state := StateOK
	if in.State != "" {
		if state, ok = StateOf(in.State); !ok {
			return 0, invalid("state %q: want ok (完好), damaged (损坏) or lost (丢失)", in.State)
		}
	}
	if err := geo.ValidLngLat(in.Lng, in.Lat); err != nil {
		return 0, invalid("position: %v", err)
	}
	gridCode, ok := s.Locator.Locate(in.Lng, in.Lat)
	if !ok {
		return 0, invalid("[%g, %g] lies in no grid: a facility must stand in a grid — 部件位置不在任何网格内", in.Lng, in.Lat)
	}
	if !ed.Scope.CoversRegion(gridCode) {
		return 0, fmt.Errorf("%w: grid %s", ErrNotFound, gridCode)
	}
	var id int64
	err := func(tx store.Querier) error {
		g, err := grid.Get(ctx, tx, gridCode)
		if err != nil {
			return err
		}
		if err := checkOwner(ctx, tx, ed.Scope, in.OwnerUnitID, in.OwnerDeptCode); err != nil {
			return err
		}
		var seq int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM facilities WHERE community_code = ? AND kind = ?`,
			g.CommunityCode, k.Code).Scan(&seq); err != nil {
			return err
		}
		if seq > 9999 {
			return fmt.Errorf("%w: community %s has 9999 facilities of kind %s already", ErrConflict, g.CommunityCode, k.Name)
		}
		code := FormatCode(g.CommunityCode, k.Code, seq)
		now := s.now()
		err = tx.QueryRowContext(ctx, `INSERT INTO facilities (code, class, kind, seq, name, community_code, grid_code, lng, lat,
			owner_unit_id, owner_dept_code, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			code, k.Code[:2], k.Code, seq, name, g.CommunityCode, g.Code, in.Lng, in.Lat, nullID(in.OwnerUnitID), nullStr(in.OwnerDeptCode),
			state, store.Millis(now), store.Millis(now)).Scan(&id)
		if store.IsUniqueViolation(err) {
			return fmt.Errorf("%w: another facility took number %d of %s at the same time; try again", ErrConflict, seq, k.Name)
		}
		if err != nil {
			return err
		}
		return ed.Actor.Record(ctx, tx, now, "facility.create", "facility:"+code, k.Name+" "+name)
	}(q)
	return id, err
}

// checkOwner: the owner unit must be in the scope, the department must exist
// and serve a region covering or under the scope.
func checkOwner(ctx context.Context, q store.Querier, scope auth.Scope, unitID int64, dept string) error {
	if unitID != 0 && dept != "" {
		return invalid("the owner is a unit or a department, not both")
	}
	if unitID != 0 {
		if _, err := orgunit.Get(ctx, q, scope, unitID); err != nil {
			if errs.KindOf(err) == errs.NotFound {
				return invalid("owner unit %d is not a unit in your area", unitID)
			}
			return err
		}
	}
	if dept != "" {
		if _, err := org.GetDepartment(ctx, q, dept); err != nil {
			if errors.Is(err, org.ErrNotFound) {
				return invalid("owner department %q not found", dept)
			}
			return err
		}
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

const facilityColumns = `f.id, f.code, f.class, f.kind, f.seq, f.name, f.community_code, f.grid_code, f.lng, f.lat,
	COALESCE(f.owner_unit_id, 0), COALESCE(f.owner_dept_code, ''), COALESCE(u.name, d.name, ''), f.state, f.version, f.created_at, f.updated_at`

const facilityFrom = ` FROM facilities f LEFT JOIN org_units u ON u.id = f.owner_unit_id LEFT JOIN departments d ON d.code = f.owner_dept_code`

type scanner interface{ Scan(dest ...any) error }

func scanFacility(s scanner) (Facility, error) {
	var f Facility
	var created, updated int64
	err := s.Scan(&f.ID, &f.Code, &f.Class, &f.Kind, &f.Seq, &f.Name, &f.CommunityCode, &f.GridCode, &f.Lng, &f.Lat,
		&f.OwnerUnitID, &f.OwnerDeptCode, &f.OwnerName, &f.State, &f.Version, &created, &updated)
	f.CreatedAt, f.UpdatedAt = store.Time(created), store.Time(updated)
	return f, err
}

// Get returns a facility in the scope; outside it ErrNotFound.
func Get(ctx context.Context, q store.Querier, scope auth.Scope, id int64) (Facility, error) {
	f, err := scanFacility(q.QueryRowContext(ctx, `SELECT `+facilityColumns+facilityFrom+` WHERE f.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (scope.IsZero() || !scope.CoversRegion(f.GridCode))) {
		return Facility{}, fmt.Errorf("%w: facility %d", ErrNotFound, id)
	}
	return f, err
}

// GetByCode returns a facility in the scope by its code (as typed).
func GetByCode(ctx context.Context, q store.Querier, scope auth.Scope, code string) (Facility, error) {
	c, err := ParseCode(code)
	if err != nil {
		return Facility{}, fmt.Errorf("%w: facility %s", ErrNotFound, code)
	}
	f, err := scanFacility(q.QueryRowContext(ctx, `SELECT `+facilityColumns+facilityFrom+` WHERE f.code = ?`, c))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (scope.IsZero() || !scope.CoversRegion(f.GridCode))) {
		return Facility{}, fmt.Errorf("%w: facility %s", ErrNotFound, c)
	}
	return f, err
}

// Ref is what order intake takes from a facility: where it is and who
// owns it.
type Ref struct {
	Code     string
	Label    string
	Lng, Lat float64
	GridCode string
	Owner    string
}

// Resolve finds a facility by code for order intake, in any grid (a
// resident may report anywhere). An unknown or malformed code is Invalid
// (ErrUnknownCode, ErrNotACodeForm) with a message a person can act on.
func (s *Service) Resolve(ctx context.Context, code string) (Ref, error) {
	c, err := ParseCode(code)
	if err != nil {
		return Ref{}, err
	}
	f, err := scanFacility(s.DB.QueryRowContext(ctx, `SELECT `+facilityColumns+facilityFrom+` WHERE f.code = ?`, c))
	if errors.Is(err, sql.ErrNoRows) {
		return Ref{}, fmt.Errorf("%w: %s — 没有编码为 %s 的部件，请核对部件牌上的编码", ErrUnknownCode, c, c)
	}
	if err != nil {
		return Ref{}, err
	}
	return Ref{Code: f.Code, Label: f.Label(), Lng: f.Lng, Lat: f.Lat, GridCode: f.GridCode, Owner: f.OwnerName}, nil
}

// Filter narrows List; empty fields do not filter.
type Filter struct {
	Under string
	Class string
	Kind  string
	State string
}

// MaxList bounds one page of List.
const MaxList = 1000

// List returns the facilities in the scope that pass f, by code.
func List(ctx context.Context, q store.Querier, scope auth.Scope, f Filter, limit, offset int) ([]Facility, error) {
	prefix := scope.RegionPrefix()
	if prefix == "" {
		return nil, nil
	}
	if f.Under != "" {
		if !scope.CoversRegion(f.Under) {
			return nil, fmt.Errorf("%w: region %s", ErrNotFound, f.Under)
		}
		prefix = f.Under
	}
	if limit <= 0 || limit > MaxList {
		limit = MaxList
	}
	where, args := []string{`f.grid_code LIKE ?`}, []any{prefix + "%"}
	if f.Class != "" {
		where, args = append(where, `f.class = ?`), append(args, f.Class)
	}
	if f.Kind != "" {
		k, ok := KindOf(f.Kind)
		if !ok {
			return nil, invalid("kind %q: no such facility sub-kind", f.Kind)
		}
		where, args = append(where, `f.kind = ?`), append(args, k.Code)
	}
	if f.State != "" {
		st, ok := StateOf(f.State)
		if !ok {
			return nil, invalid("state %q: want ok, damaged or lost", f.State)
		}
		where, args = append(where, `f.state = ?`), append(args, st)
	}
	args = append(args, limit, offset)
	rows, err := q.QueryContext(ctx, `SELECT `+facilityColumns+facilityFrom+` WHERE `+strings.Join(where, ` AND `)+
		` ORDER BY f.code LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Facility
	for rows.Next() {
		x, err := scanFacility(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// SetState marks a facility 完好, 损坏 or 丢失 (a grid worker from the
// phone) if version is current (0 takes whatever is current: a patrol
// report wins over an edit it never saw).
func (s *Service) SetState(ctx context.Context, ed grid.Editor, id int64, version int, state string) (Facility, error) {
	if err := mayEdit(ed); err != nil {
		return Facility{}, err
	}
	st, ok := StateOf(strings.TrimSpace(state))
	if !ok {
		return Facility{}, invalid("state %q: want ok (完好), damaged (损坏) or lost (丢失)", state)
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		f, err := Get(ctx, tx, ed.Scope, id)
		if err != nil {
			return err
		}
		if version == 0 {
			version = f.Version
		}
		now := s.now()
		res, err := tx.ExecContext(ctx, `UPDATE facilities SET state = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			st, store.Millis(now), id, version)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return fmt.Errorf("%w: facility %s is at version %d, not %d", ErrStale, f.Code, f.Version, version)
		}
		return ed.Actor.Record(ctx, tx, now, "facility.state", "facility:"+f.Code, StateNames[f.State]+" → "+StateNames[st])
	})
	if err != nil {
		return Facility{}, err
	}
	return Get(ctx, s.DB, ed.Scope, id)
}

// IDOf parses a facility id or code from a path: digits only is an id.
func IDOf(ctx context.Context, q store.Querier, scope auth.Scope, s string) (Facility, error) {
	if id, err := strconv.ParseInt(s, 10, 64); err == nil && len(s) < 16 {
		return Get(ctx, q, scope, id)
	}
	return GetByCode(ctx, q, scope, s)
}
