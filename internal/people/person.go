package people

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"civicgrid/internal/address"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// 户籍 and residence (居住类型).
const (
	HukouLocal = "local" // 本地
	HukouOther = "other" // 外地

	ResidentPermanent = "resident" // 常住
	ResidentFloating  = "floating" // 流动
	ResidentAbroad    = "abroad"   // 境外
	ResidentLodging   = "lodging"  // 寄住
)

// HukouLabels and ResidenceLabels are the Chinese names, in order.
var (
	HukouLabels     = []struct{ Code, Label string }{{HukouLocal, "本地"}, {HukouOther, "外地"}}
	ResidenceLabels = []struct{ Code, Label string }{
		{ResidentPermanent, "常住"}, {ResidentFloating, "流动"}, {ResidentAbroad, "境外"}, {ResidentLodging, "寄住"},
	}
)

func parseLabel(field, s string, labels []struct{ Code, Label string }, def string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" && def != "" {
		return def, nil
	}
	var want []string
	for _, l := range labels {
		if s == l.Code || s == l.Label {
			return l.Code, nil
		}
		want = append(want, l.Code+"/"+l.Label)
	}
	return "", fieldErr(field, "%q 无效，应为 %s (unknown value)", s, strings.Join(want, "、"))
}

// Label is the Chinese name of a 户籍 or residence code.
func Label(code string) string {
	for _, ls := range [][]struct{ Code, Label string }{HukouLabels, ResidenceLabels} {
		for _, l := range ls {
			if l.Code == code {
				return l.Label
			}
		}
	}
	return code
}

// Person is one row of the register as the caller may see it: Name,
// DocNumber and Phone are masked unless Revealed.
type Person struct {
	ID            int64
	CommunityCode string
	GridCode      string
	BuildingCode  string
	UnitCode      string // the 单元 of the house lived in, "" when none
	HouseID       int64
	HouseText     string
	Name          string
	DocType       string
	DocNumber     string
	Phone         string
	Sex           string
	BirthYear     int
	Hukou         string
	Residence     string
	Separated     bool // 人户分离
	MovedIn       string
	MovedOut      string
	Deceased      string
	HouseholdID   int64
	Relation      string
	Version       int
	Revealed      bool
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Input is a new or edited person. A person lives in a house (HouseID) or,
// without one, is placed in a grid (GridCode).
type Input struct {
	Name      string
	DocType   string
	DocNumber string
	Phone     string
	HouseID   int64
	GridCode  string
	Hukou     string
	Residence string
	Separated bool
	MovedIn   string
	MovedOut  string
}

// checked is an Input after validation, with the document parsed.
type checked struct {
	Input
	doc Document
}

const maxName = 40

func check(in Input, now time.Time) (checked, error) {
	c := checked{Input: in}
	c.Name = strings.Join(strings.Fields(in.Name), " ")
	switch n := utf8.RuneCountInString(c.Name); {
	case n == 0:
		return c, fieldErr("name", "请填写姓名 (the name is required)")
	case n > maxName:
		return c, fieldErr("name", "姓名最多%d个字 (at most %d characters)", maxName, maxName)
	}
	for _, r := range c.Name {
		if unicode.IsControl(r) || unicode.IsDigit(r) {
			return c, fieldErr("name", "姓名不能含数字或控制字符 (no digits or control characters)")
		}
	}
	var err error
	if c.doc, err = ParseDocument(in.DocType, in.DocNumber, now); err != nil {
		return c, err
	}
	c.DocType, c.DocNumber = c.doc.Type, c.doc.Number
	c.Phone = pii.NormalizePhone(in.Phone)
	if c.Phone != "" && (!digits(c.Phone) || len(c.Phone) < 7 || len(c.Phone) > 12 || (len(c.Phone) == 11 && c.Phone[0] != '1' && c.Phone[0] != '0')) {
		return c, fieldErr("phone", "电话号码 %q 无效：手机11位，座机7至12位数字 (a mobile has 11 digits, a landline 7 to 12)", in.Phone)
	}
	if c.Hukou, err = parseLabel("hukou", in.Hukou, HukouLabels, HukouLocal); err != nil {
		return c, err
	}
	if c.Residence, err = parseLabel("residence", in.Residence, ResidenceLabels, ResidentPermanent); err != nil {
		return c, err
	}
	if in.HouseID == 0 && strings.TrimSpace(in.GridCode) == "" {
		return c, fieldErr("house_id", "请填写居住的房屋（或所在网格） (give the house lived in, or a grid)")
	}
	for _, d := range []struct {
		field string
		v     *string
	}{{"moved_in", &c.MovedIn}, {"moved_out", &c.MovedOut}} {
		*d.v = strings.TrimSpace(*d.v)
		if *d.v == "" {
			continue
		}
		t, err := time.Parse("2006-01-02", *d.v)
		if err != nil || t.After(now.AddDate(0, 0, 1)) {
			return c, fieldErr(d.field, "日期 %q 应为 YYYY-MM-DD 且不晚于今天 (a past date, YYYY-MM-DD)", *d.v)
		}
	}
	if c.MovedIn != "" && c.MovedOut != "" && c.MovedOut < c.MovedIn {
		return c, fieldErr("moved_out", "迁出日期早于迁入日期 (moved out before moving in)")
	}
	return c, nil
}

// place is where a person lives: house, building, grid and community.
type place struct {
	houseID                   int64
	grid, community, building string
}

// placeOf checks the house (or grid) is in the actor's scope.
func placeOf(ctx context.Context, q store.Querier, a Actor, houseID int64, gridCode string) (place, error) {
	if houseID != 0 {
		h, err := address.GetHouse(ctx, q, a.Scope, houseID)
		if err != nil || !a.covers(h.GridCode, h.BuildingCode, h.UnitCode) {
			return place{}, &FieldError{Field: "house_id", Msg: fmt.Sprintf("房屋 %d 不存在或不在您的辖区 (no such house in your scope)", houseID)}
		}
		if h.Retired {
			return place{}, fieldErr("house_id", "房屋 %d 已注销 (the house is retired)", houseID)
		}
		return place{houseID: h.ID, grid: h.GridCode, community: h.CommunityCode, building: h.BuildingCode}, nil
	}
	var p place
	err := q.QueryRowContext(ctx, `SELECT code, community_code FROM grids WHERE code = ?`, gridCode).Scan(&p.grid, &p.community)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !a.covers(p.grid, "", "")) {
		return place{}, fieldErr("grid_code", "网格 %s 不存在或不在您的辖区 (no such grid in your scope)", gridCode)
	}
	return p, err
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

// sealed is a checked input sealed for the store.
type sealed struct {
	name, nameBlind, doc, docBlind, phone, phoneBlind string
}

func (s *Service) seal(c checked) (sealed, error) {
	var out sealed
	var err error
	if out.name, err = s.keys.Seal(c.Name); err != nil {
		return out, err
	}
	if out.doc, err = s.keys.Seal(c.DocNumber); err != nil {
		return out, err
	}
	if c.Phone != "" {
		if out.phone, err = s.keys.Seal(c.Phone); err != nil {
			return out, err
		}
	}
	out.nameBlind, out.docBlind, out.phoneBlind = s.keys.Blind(nameKey(c.Name)), s.keys.Blind(c.DocNumber), s.keys.Blind(c.Phone)
	return out, nil
}

// nameKey is what a name is blinded as: spaces dropped, Latin upper-cased,
// so 张 三 and 张三 are one name.
func nameKey(name string) string {
	return strings.ToUpper(strings.Join(strings.Fields(name), ""))
}

// docTaken reports whether another person holds the document (under any
// key held).
func (s *Service) docTaken(ctx context.Context, q store.Querier, docType, number string, except int64) (bool, error) {
	blinds := s.keys.BlindAll(number)
	args := []any{docType, except}
	for _, b := range blinds {
		args = append(args, b)
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM people WHERE doc_type = ? AND id <> ? AND doc_blind IN (`+marks(len(blinds))+`)`, args...).Scan(&n)
	return n > 0, err
}

func marks(n int) string {
	if n == 0 {
		return "NULL"
	}
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// Create registers a person. A document number already registered is a
// conflict (one row per person in the district; someone moving between
// communities is moved, not registered twice).
func (s *Service) Create(ctx context.Context, a Actor, in Input) (Person, error) {
	var p Person
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		p, err = s.create(ctx, tx, a, in)
		return err
	})
	return p, err
}

func (s *Service) create(ctx context.Context, tx store.Querier, a Actor, in Input) (Person, error) {
	if err := a.need(editRoles, "register people"); err != nil {
		return Person{}, err
	}
	now := s.now()
	c, err := check(in, now)
	if err != nil {
		return Person{}, err
	}
	pl, err := placeOf(ctx, tx, a, c.HouseID, c.GridCode)
	if err != nil {
		return Person{}, err
	}
	if taken, err := s.docTaken(ctx, tx, c.DocType, c.DocNumber, 0); err != nil {
		return Person{}, err
	} else if taken {
		return Person{}, fmt.Errorf("%w: 该证件号码已登记，如为迁入请由原社区办理迁出 (this document number is already registered)", ErrConflict)
	}
	sl, err := s.seal(c)
	if err != nil {
		return Person{}, err
	}
	ms := store.Millis(now)
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO people (community_code, grid_code, building_code, house_id, name_sealed, name_blind,
		doc_type, doc_sealed, doc_blind, sex, birth_year, phone_sealed, phone_blind, hukou, residence, separated, moved_in, moved_out,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		pl.community, pl.grid, nullStr(pl.building), nullID(pl.houseID), sl.name, sl.nameBlind,
		c.DocType, sl.doc, sl.docBlind, c.doc.Sex, birthYear(c.doc), sl.phone, sl.phoneBlind, c.Hukou, c.Residence, c.Separated,
		c.MovedIn, c.MovedOut, ms, ms).Scan(&id)
	if store.IsUniqueViolation(err) {
		return Person{}, fmt.Errorf("%w: 该证件号码已登记 (this document number is already registered)", ErrConflict)
	}
	if err != nil {
		return Person{}, err
	}
	if err := a.Audit.Record(ctx, tx, now, "person.create", fmt.Sprintf("person:%d", id), "house "+fmt.Sprint(pl.houseID)); err != nil {
		return Person{}, err
	}
	return s.get(ctx, tx, a, id, false)
}

func birthYear(d Document) int {
	if d.Birth.IsZero() {
		return 0
	}
	return d.Birth.Year()
}

const personColumns = `p.id, p.community_code, p.grid_code, COALESCE(p.building_code, ''), COALESCE(a.unit_code, ''), COALESCE(p.house_id, 0), COALESCE(a.full_text, ''),
	p.name_sealed, p.doc_type, p.doc_sealed, p.phone_sealed, p.sex, p.birth_year, p.hukou, p.residence, p.separated,
	p.moved_in, p.moved_out, p.deceased, COALESCE(m.household_id, 0), COALESCE(m.relation, ''), p.version, p.created_at, p.updated_at`

const personFrom = ` FROM people p LEFT JOIN houses h ON h.id = p.house_id LEFT JOIN addresses a ON a.id = h.address_id
	LEFT JOIN household_members m ON m.person_id = p.id`

type scanner interface{ Scan(...any) error }

// row is a person as read, still sealed.
type row struct {
	Person
	name, doc, phone string
}

func scanRow(sc scanner) (row, error) {
	var r row
	var created, updated int64
	err := sc.Scan(&r.ID, &r.CommunityCode, &r.GridCode, &r.BuildingCode, &r.UnitCode, &r.HouseID, &r.HouseText,
		&r.name, &r.DocType, &r.doc, &r.phone, &r.Sex, &r.BirthYear, &r.Hukou, &r.Residence, &r.Separated,
		&r.MovedIn, &r.MovedOut, &r.Deceased, &r.HouseholdID, &r.Relation, &r.Version, &created, &updated)
	r.CreatedAt, r.UpdatedAt = store.Time(created), store.Time(updated)
	return r, err
}

// open turns a row into a Person, masked unless reveal.
func (s *Service) open(r row, reveal bool) (Person, error) {
	p := r.Person
	name, err := s.keys.Open(r.name)
	if err != nil {
		return Person{}, fmt.Errorf("person %d: name: %w", r.ID, err)
	}
	doc, err := s.keys.Open(r.doc)
	if err != nil {
		return Person{}, fmt.Errorf("person %d: document: %w", r.ID, err)
	}
	var phone string
	if r.phone != "" {
		if phone, err = s.keys.Open(r.phone); err != nil {
			return Person{}, fmt.Errorf("person %d: phone: %w", r.ID, err)
		}
	}
	if reveal {
		p.Name, p.DocNumber, p.Phone, p.Revealed = name, doc, phone, true
	} else {
		p.Name, p.DocNumber, p.Phone = pii.MaskName(name), MaskDocument(doc), pii.MaskPhone(phone)
	}
	return p, nil
}

func (s *Service) get(ctx context.Context, q store.Querier, a Actor, id int64, reveal bool) (Person, error) {
	if err := a.need(nameRoles, "see people by name"); err != nil {
		return Person{}, err
	}
	r, err := scanRow(q.QueryRowContext(ctx, `SELECT `+personColumns+personFrom+` WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !a.covers(r.GridCode, r.BuildingCode, r.UnitCode)) {
		return Person{}, notFound("person %d", id)
	}
	if err != nil {
		return Person{}, err
	}
	return s.open(r, reveal)
}

// Get returns a person in the actor's scope, masked.
func (s *Service) Get(ctx context.Context, a Actor, id int64) (Person, error) {
	return s.get(ctx, s.db, a, id, false)
}

// Bounds on the purpose of a reveal, so that "x" is not a purpose.
const (
	minPurpose = 4
	maxPurpose = 200
)

// Reveal returns a person's name, document number and phone in full, for
// a stated purpose, and records it in the audit log (action
// "person.reveal", target "person:<id>", detail the purpose) in the same
// transaction.
func (s *Service) Reveal(ctx context.Context, a Actor, id int64, purpose string) (Person, error) {
	purpose = strings.TrimSpace(purpose)
	if n := utf8.RuneCountInString(purpose); n < minPurpose || n > maxPurpose {
		return Person{}, fieldErr("purpose", "请说明查看原因（%d至%d字） (say why, in %d to %d characters)", minPurpose, maxPurpose, minPurpose, maxPurpose)
	}
	if err := a.need(revealRoles, "reveal personal data"); err != nil {
		return Person{}, err
	}
	var p Person
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if p, err = s.get(ctx, tx, a, id, true); err != nil {
			return err
		}
		return a.Audit.Record(ctx, tx, s.now(), "person.reveal", fmt.Sprintf("person:%d", id), "purpose: "+purpose)
	})
	return p, err
}

// Update edits a person if version is current; the document may be
// corrected (it is checked again).
func (s *Service) Update(ctx context.Context, a Actor, id int64, version int, in Input) (Person, error) {
	var p Person
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		p, err = s.update(ctx, tx, a, id, version, in)
		return err
	})
	return p, err
}

func (s *Service) update(ctx context.Context, tx store.Querier, a Actor, id int64, version int, in Input) (Person, error) {
	if err := a.need(editRoles, "edit people"); err != nil {
		return Person{}, err
	}
	old, err := s.get(ctx, tx, a, id, false)
	if err != nil {
		return Person{}, err
	}
	now := s.now()
	c, err := check(in, now)
	if err != nil {
		return Person{}, err
	}
	pl, err := placeOf(ctx, tx, a, c.HouseID, c.GridCode)
	if err != nil {
		return Person{}, err
	}
	if taken, err := s.docTaken(ctx, tx, c.DocType, c.DocNumber, id); err != nil {
		return Person{}, err
	} else if taken {
		return Person{}, fmt.Errorf("%w: 该证件号码已登记给他人 (another person holds this document number)", ErrConflict)
	}
	sl, err := s.seal(c)
	if err != nil {
		return Person{}, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE people SET community_code = ?, grid_code = ?, building_code = ?, house_id = ?,
		name_sealed = ?, name_blind = ?, doc_type = ?, doc_sealed = ?, doc_blind = ?, sex = ?, birth_year = ?, phone_sealed = ?, phone_blind = ?,
		hukou = ?, residence = ?, separated = ?, moved_in = ?, moved_out = ?, version = version + 1, updated_at = ?
		WHERE id = ? AND version = ?`,
		pl.community, pl.grid, nullStr(pl.building), nullID(pl.houseID), sl.name, sl.nameBlind, c.DocType, sl.doc, sl.docBlind,
		c.doc.Sex, birthYear(c.doc), sl.phone, sl.phoneBlind, c.Hukou, c.Residence, c.Separated, c.MovedIn, c.MovedOut,
		store.Millis(now), id, version)
	if store.IsUniqueViolation(err) {
		return Person{}, fmt.Errorf("%w: 该证件号码已登记给他人 (another person holds this document number)", ErrConflict)
	}
	if err != nil {
		return Person{}, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return Person{}, err
	} else if n == 0 {
		return Person{}, fmt.Errorf("%w: person %d is at version %d, not %d", ErrStale, id, old.Version, version)
	}
	if err := a.Audit.Record(ctx, tx, now, "person.update", fmt.Sprintf("person:%d", id), ""); err != nil {
		return Person{}, err
	}
	return s.get(ctx, tx, a, id, false)
}

// Details are the parts of a person edited without retyping the sealed
// name, document and phone (the register page's edit form). Name,
// DocNumber and Phone correct the sealed values when given and keep them
// when blank, since the page shows them masked and cannot send them back;
// DocType applies only with a DocNumber.
type Details struct {
	HouseID   int64
	GridCode  string
	Hukou     string
	Residence string
	Separated bool
	MovedIn   string
	MovedOut  string

	Name, DocType, DocNumber, Phone string
}

// corrected is in with the sealed values the details correct.
func (d Details) corrected(in Input) Input {
	if strings.TrimSpace(d.Name) != "" {
		in.Name = d.Name
	}
	if strings.TrimSpace(d.DocNumber) != "" {
		in.DocNumber = d.DocNumber
		if d.DocType != "" {
			in.DocType = d.DocType
		}
	}
	if strings.TrimSpace(d.Phone) != "" {
		in.Phone = d.Phone
	}
	return in
}

// UpdateDetails edits where and how a person lives, keeping their name,
// document and phone unless d corrects them (checked as on Create).
func (s *Service) UpdateDetails(ctx context.Context, a Actor, id int64, version int, d Details) (Person, error) {
	var p Person
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := a.need(editRoles, "edit people"); err != nil {
			return err
		}
		cur, err := s.get(ctx, tx, a, id, true) // opened to re-seal, never shown
		if err != nil {
			return err
		}
		p, err = s.update(ctx, tx, a, id, version, d.corrected(Input{Name: cur.Name, DocType: cur.DocType, DocNumber: cur.DocNumber, Phone: cur.Phone,
			HouseID: d.HouseID, GridCode: d.GridCode, Hukou: d.Hukou, Residence: d.Residence, Separated: d.Separated,
			MovedIn: d.MovedIn, MovedOut: d.MovedOut}))
		return err
	})
	return p, err
}
