package orgunit

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

	"civicgrid/internal/address"
	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// Kinds of unit.
const (
	KindOrgan       = "organ"       // 机关
	KindInstitution = "institution" // 事业单位
	KindEnterprise  = "enterprise"  // 企业
	KindIndividual  = "individual"  // 个体工商户
	KindSocial      = "social"      // 社会组织
	KindSchool      = "school"      // 学校
	KindMedical     = "medical"     // 医疗机构
	KindShop        = "shop"        // 商业网点
)

// Kinds lists the kinds in the order pages show them.
var Kinds = []string{KindOrgan, KindInstitution, KindEnterprise, KindIndividual, KindSocial, KindSchool, KindMedical, KindShop}

// KindNames are the kinds' Chinese names.
var KindNames = map[string]string{
	KindOrgan: "机关", KindInstitution: "事业单位", KindEnterprise: "企业", KindIndividual: "个体工商户",
	KindSocial: "社会组织", KindSchool: "学校", KindMedical: "医疗机构", KindShop: "商业网点",
}

// States of a unit.
const (
	StateActive    = "active"    // 在营
	StateSuspended = "suspended" // 停业
	StateClosed    = "closed"    // 注销
)

// States lists the states; StateNames are their Chinese names.
var (
	States     = []string{StateActive, StateSuspended, StateClosed}
	StateNames = map[string]string{StateActive: "在营", StateSuspended: "停业", StateClosed: "注销"}
)

// creditOptional are the kinds that may have no credit code of their own.
var creditOptional = []string{KindIndividual, KindShop}

// creditFits are the credit-code types (authority + unit type) each kind
// may carry; a kind not listed takes any.
var creditFits = map[string][]string{
	KindOrgan:       {"11", "13", "19"},
	KindInstitution: {"12", "A1"},
	KindEnterprise:  {"91", "93"},
	KindIndividual:  {"92"},
	KindSocial:      {"51", "52", "53", "59"},
}

// Unit is one real unit. The contact is sealed at rest; ContactName and
// ContactPhone here are masked unless the unit came from Reveal.
type Unit struct {
	ID            int64
	Kind          string
	Name          string
	CreditCode    string
	AddressID     int64
	AddressText   string
	GridCode      string
	CommunityCode string
	Lng, Lat      float64
	HasPoint      bool
	ContactName   string
	ContactPhone  string
	Revealed      bool
	StaffCount    int
	State         string
	Version       int
	CreatedAt     time.Time
	UpdatedAt     time.Time

	sealedName, sealedPhone string
}

// Input is a new or edited unit. The address is a standard address: its
// id, or the text as typed (resolved to the one standard address it
// names). The unit's grid and point are the address's.
type Input struct {
	Kind         string
	Name         string
	CreditCode   string
	AddressID    int64
	Address      string
	ContactName  string
	ContactPhone string
	StaffCount   int
	State        string // "" is StateActive
	// KeepContact (Update only) leaves the sealed contact as it is, so a
	// form that shows it masked need not send it again.
	KeepContact bool
}

// Addresses resolves a typed address; the real one is *address.Service.
type Addresses interface {
	Resolve(ctx context.Context, query string) (address.Match, error)
}

// Service keeps units: the store, the keys that seal contacts, and the
// address search.
type Service struct {
	DB        *store.DB
	Keys      *pii.Keyring
	Addresses Addresses
	Now       func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

const (
	maxName    = 100
	maxContact = 50
	maxStaff   = 1000000
	minPurpose = 4
	maxPurpose = 200
)

func cleanLine(field, s string, max int, required bool) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "" && required:
		return "", invalid("%s must be given", field)
	case utf8.RuneCountInString(s) > max:
		return "", invalid("%s is longer than %d characters", field, max)
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return "", invalid("%s must be one line without control characters", field)
	}
	return s, nil
}

// checked is an Input checked against the store, with the address found.
type checked struct {
	Input
	addr address.Address
}

func (s *Service) check(ctx context.Context, q store.Querier, ed grid.Editor, in Input) (checked, error) {
	var c checked
	var err error
	if !grid.MayEditRegister(ed.Role) {
		return c, fmt.Errorf("%w: a %q user may not change the units register", ErrForbidden, ed.Role)
	}
	in.Kind = strings.TrimSpace(in.Kind)
	if !slices.Contains(Kinds, in.Kind) {
		return c, invalid("kind %q: want one of %s (机关、事业单位、企业、个体工商户、社会组织、学校、医疗机构、商业网点)", in.Kind, strings.Join(Kinds, ", "))
	}
	if in.Name, err = cleanLine("name (单位名称)", in.Name, maxName, true); err != nil {
		return c, err
	}
	if strings.TrimSpace(in.CreditCode) == "" {
		in.CreditCode = ""
		if !slices.Contains(creditOptional, in.Kind) {
			return c, invalid("a %s (%s) needs its 统一社会信用代码 (credit_code); only 个体工商户 and 商业网点 may have none", in.Kind, KindNames[in.Kind])
		}
	} else {
		if in.CreditCode, err = ParseCreditCode(in.CreditCode); err != nil {
			return c, err
		}
		if fits, ok := creditFits[in.Kind]; ok && !slices.Contains(fits, CreditType(in.CreditCode)) {
			return c, &CreditCodeError{Code: in.CreditCode, Pos: 1, Reason: fmt.Sprintf(
				"类别 %s 不符合单位类型 %s（应为 %s）(the code's type does not fit the unit's kind)",
				CreditType(in.CreditCode), KindNames[in.Kind], strings.Join(fits, "/"))}
		}
	}
	if in.ContactName, err = cleanLine("contact_name (联系人)", in.ContactName, maxContact, false); err != nil {
		return c, err
	}
	in.ContactPhone = pii.NormalizePhone(in.ContactPhone)
	if in.ContactPhone != "" && (len(in.ContactPhone) < 5 || len(in.ContactPhone) > 20 || strings.Trim(in.ContactPhone, "0123456789") != "") {
		return c, invalid("contact_phone (联系电话) must be 5 to 20 digits")
	}
	if in.StaffCount < 0 || in.StaffCount > maxStaff {
		return c, invalid("staff_count (从业人数) must be 0 to %d", maxStaff)
	}
	if in.State == "" {
		in.State = StateActive
	}
	if !slices.Contains(States, in.State) {
		return c, invalid("state %q: want one of %s", in.State, strings.Join(States, ", "))
	}
	id := in.AddressID
	if id == 0 {
		text := strings.TrimSpace(in.Address)
		if text == "" {
			return c, invalid("a unit needs its standard address (address_id or address): 单位须登记在网格内的标准地址")
		}
		if s.Addresses == nil {
			return c, invalid("give the standard address's id (address_id)")
		}
		m, err := s.Addresses.Resolve(ctx, text)
		if err != nil {
			return c, err // *address.NoMatchError: in no grid, with the closest candidates
		}
		id = m.ID
	}
	a, err := address.Get(ctx, q, ed.Scope, id)
	if errors.Is(err, address.ErrNotFound) {
		return c, notFound("address %d", id)
	}
	if err != nil {
		return c, err
	}
	if a.Retired {
		return c, invalid("address %s is retired", a.Text)
	}
	if a.GridCode == "" {
		return c, invalid("address %s lies in no grid: 地址不在任何网格内", a.Text)
	}
	in.AddressID = a.ID
	c.Input, c.addr = in, a
	return c, nil
}

func (s *Service) seal(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	return s.Keys.Seal(v)
}

// Create registers a unit in the editor's scope.
func (s *Service) Create(ctx context.Context, ed grid.Editor, in Input) (Unit, error) {
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = s.CreateIn(ctx, tx, ed, in)
		return err
	})
	if err != nil {
		return Unit{}, err
	}
	return s.Get(ctx, ed.Scope, id)
}

// CreateIn is Create on q (a transaction the caller owns); it returns the
// new unit's id.
func (s *Service) CreateIn(ctx context.Context, q store.Querier, ed grid.Editor, in Input) (int64, error) {
	c, err := s.check(ctx, q, ed, in)
	if err != nil {
		return 0, err
	}
	name, err := s.seal(c.ContactName)
	if err != nil {
		return 0, err
	}
	phone, err := s.seal(c.ContactPhone)
	if err != nil {
		return 0, err
	}
	now := s.now()
	lng, lat := point(c.addr)
	var id int64
	err = q.QueryRowContext(ctx, `INSERT INTO org_units (kind, name, credit_code, address_id, address_text, grid_code, community_code,
		lng, lat, contact_name, contact_phone, staff_count, state, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.Kind, c.Name, nullable(c.CreditCode), c.addr.ID, c.addr.Text, c.addr.GridCode, c.addr.CommunityCode,
		lng, lat, name, phone, c.StaffCount, c.State, store.Millis(now), store.Millis(now)).Scan(&id)
	if store.IsUniqueViolation(err) {
		return 0, fmt.Errorf("%w: 统一社会信用代码 %s is already registered to another unit", ErrConflict, c.CreditCode)
	}
	if err != nil {
		return 0, err
	}
	return id, ed.Actor.Record(ctx, q, now, "unit.create", fmt.Sprintf("unit:%d", id), c.Kind+" "+c.Name)
}

// Update replaces a unit's fields (as for Create) if version is current.
func (s *Service) Update(ctx context.Context, ed grid.Editor, id int64, version int, in Input) (Unit, error) {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		old, err := Get(ctx, tx, ed.Scope, id)
		if err != nil {
			return err
		}
		c, err := s.check(ctx, tx, ed, in)
		if err != nil {
			return err
		}
		name, err := s.seal(c.ContactName)
		if err != nil {
			return err
		}
		phone, err := s.seal(c.ContactPhone)
		if err != nil {
			return err
		}
		if in.KeepContact {
			name, phone = old.sealedName, old.sealedPhone
		}
		now := s.now()
		lng, lat := point(c.addr)
		res, err := tx.ExecContext(ctx, `UPDATE org_units SET kind = ?, name = ?, credit_code = ?, address_id = ?, address_text = ?,
			grid_code = ?, community_code = ?, lng = ?, lat = ?, contact_name = ?, contact_phone = ?, staff_count = ?, state = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			c.Kind, c.Name, nullable(c.CreditCode), c.addr.ID, c.addr.Text, c.addr.GridCode, c.addr.CommunityCode,
			lng, lat, name, phone, c.StaffCount, c.State, store.Millis(now), id, version)
		if store.IsUniqueViolation(err) {
			return fmt.Errorf("%w: 统一社会信用代码 %s is already registered to another unit", ErrConflict, c.CreditCode)
		}
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return fmt.Errorf("%w: unit %d is at version %d, not %d", ErrStale, id, old.Version, version)
		}
		return ed.Actor.Record(ctx, tx, now, "unit.update", fmt.Sprintf("unit:%d", id), c.Kind+" "+c.Name+" "+c.State)
	})
	if err != nil {
		return Unit{}, err
	}
	return s.Get(ctx, ed.Scope, id)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func point(a address.Address) (lng, lat any) {
	if a.HasPoint {
		return a.Lng, a.Lat
	}
	return nil, nil
}

const unitColumns = `id, kind, name, COALESCE(credit_code, ''), address_id, address_text, grid_code, community_code, lng, lat,
	contact_name, contact_phone, staff_count, state, version, created_at, updated_at`

type scanner interface{ Scan(dest ...any) error }

func scanUnit(s scanner) (Unit, error) {
	var u Unit
	var lng, lat sql.NullFloat64
	var created, updated int64
	err := s.Scan(&u.ID, &u.Kind, &u.Name, &u.CreditCode, &u.AddressID, &u.AddressText, &u.GridCode, &u.CommunityCode, &lng, &lat,
		&u.sealedName, &u.sealedPhone, &u.StaffCount, &u.State, &u.Version, &created, &updated)
	if err != nil {
		return Unit{}, err
	}
	if lng.Valid && lat.Valid {
		u.Lng, u.Lat, u.HasPoint = lng.Float64, lat.Float64, true
	}
	u.CreatedAt, u.UpdatedAt = store.Time(created), store.Time(updated)
	return u, nil
}

// masked fills the contact with what a screen may show without a reveal:
// whether there is one, as 张* and 138****5678. The sealed values are
// opened for masking only.
func (u *Unit) mask(keys *pii.Keyring) {
	u.ContactName, u.ContactPhone = "", ""
	if keys == nil {
		return
	}
	if n, err := keys.Open(u.sealedName); err == nil {
		u.ContactName = pii.MaskName(n)
	}
	if p, err := keys.Open(u.sealedPhone); err == nil {
		u.ContactPhone = pii.MaskPhone(p)
	}
}

// Get returns a unit in the scope (contact empty: use Service.Get for
// the masked contact); outside the scope ErrNotFound.
func Get(ctx context.Context, q store.Querier, scope auth.Scope, id int64) (Unit, error) {
	u, err := scanUnit(q.QueryRowContext(ctx, `SELECT `+unitColumns+` FROM org_units WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (scope.IsZero() || !scope.CoversRegion(u.GridCode))) {
		return Unit{}, notFound("unit %d", id)
	}
	return u, err
}

// Get returns a unit in the scope with its contact masked.
func (s *Service) Get(ctx context.Context, scope auth.Scope, id int64) (Unit, error) {
	u, err := Get(ctx, s.DB, scope, id)
	if err != nil {
		return u, err
	}
	u.mask(s.Keys)
	return u, nil
}

// Filter narrows List; empty fields do not filter. Under is a region or
// grid code prefix inside the scope; Q matches the name or credit code.
type Filter struct {
	Under string
	Kind  string
	State string
	Q     string
}

// MaxList bounds one page of List.
const MaxList = 1000

// List returns the units in the scope that pass f, by id, contacts masked.
func (s *Service) List(ctx context.Context, scope auth.Scope, f Filter, limit, offset int) ([]Unit, error) {
	prefix := scope.RegionPrefix()
	if prefix == "" {
		return nil, nil
	}
	if f.Under != "" {
		if !scope.CoversRegion(f.Under) {
			return nil, notFound("region %s", f.Under)
		}
		prefix = f.Under
	}
	if limit <= 0 || limit > MaxList {
		limit = MaxList
	}
	where, args := []string{`grid_code LIKE ?`}, []any{prefix + "%"}
	if f.Kind != "" {
		where, args = append(where, `kind = ?`), append(args, f.Kind)
	}
	if f.State != "" {
		where, args = append(where, `state = ?`), append(args, f.State)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		where, args = append(where, `(name LIKE ? OR credit_code = ?)`), append(args, "%"+q+"%", foldCode(q))
	}
	args = append(args, limit, offset)
	rows, err := s.DB.QueryContext(ctx, `SELECT `+unitColumns+` FROM org_units WHERE `+strings.Join(where, ` AND `)+
		` ORDER BY id LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, err
		}
		u.mask(s.Keys)
		out = append(out, u)
	}
	return out, rows.Err()
}

// RevealContact returns the unit with its contact in full, for a stated
// purpose, and records the reveal (action "unit.reveal_contact", detail
// the purpose) in the same transaction. Roles that keep registers may
// reveal in their scope; others get ErrForbidden.
func (s *Service) RevealContact(ctx context.Context, ed grid.Editor, id int64, purpose string) (Unit, error) {
	purpose, err := cleanLine("purpose (查看目的)", purpose, maxPurpose, true)
	if err != nil {
		return Unit{}, err
	}
	if utf8.RuneCountInString(purpose) < minPurpose {
		return Unit{}, invalid("purpose (查看目的): say why, in at least %d characters", minPurpose)
	}
	var u Unit
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if u, err = Get(ctx, tx, ed.Scope, id); err != nil {
			return err
		}
		if !grid.MayEditRegister(ed.Role) {
			return fmt.Errorf("%w: a %q user may not see a unit's contact in full", ErrForbidden, ed.Role)
		}
		if u.ContactName, err = s.open(u.sealedName); err != nil {
			return err
		}
		if u.ContactPhone, err = s.open(u.sealedPhone); err != nil {
			return err
		}
		u.Revealed = true
		return ed.Actor.Record(ctx, tx, s.now(), "unit.reveal_contact", fmt.Sprintf("unit:%d", id), "purpose: "+purpose)
	})
	return u, err
}

func (s *Service) open(sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	return s.Keys.Open(sealed)
}
