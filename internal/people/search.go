package people

import (
	"context"
	"strings"
	"unicode/utf8"

	"civicgrid/internal/auth"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// MaxList bounds one list or search.
const MaxList = 500

// MaxSurnameScan bounds how many people a surname search opens: a surname
// is never blind-indexed (a keyed hash of a surname leaks its frequency,
// so 王 and 李 would show through), so it is found by opening the names of
// the people in the caller's scope, which must be this few. Wider scopes
// search full names.
const MaxSurnameScan = 20000

// MaxNamesakes bounds the people a name search answers: a common name
// is shared by hundreds in a district, and each one found costs three
// opened values and a row; more namesakes than this say "narrow it down"
// (SearchResult.More) rather than list a page nobody reads.
const MaxNamesakes = 50

// Query kinds Search recognised.
const (
	ByDocument = "document"
	ByPhone    = "phone"
	ByName     = "name"
	BySurname  = "surname"
)

// SearchResult is what Search found and how it read the query.
type SearchResult struct {
	People []Person
	By     string
	// TooWide is set when a surname search was refused because the scope
	// holds more than MaxSurnameScan people.
	TooWide bool
	// More is set when a name had more namesakes in scope than answered
	// (MaxNamesakes): search by document number or phone instead.
	More bool
}

// scopeWhere filters people to the actor's scope.
func (a Actor) scopeWhere() (string, []any) {
	w, args := `p.grid_code LIKE ?`, []any{a.Scope.RegionPrefix() + "%"}
	if a.Role == auth.RoleBuilding {
		var served []string
		if len(a.Buildings) > 0 {
			served = append(served, `p.building_code IN (`+marks(len(a.Buildings))+`)`)
			for _, b := range a.Buildings {
				args = append(args, b)
			}
		}
		if len(a.Units) > 0 { // a 单元长: the houses whose room address is in the unit
			served = append(served, `p.house_id IN (SELECT uh.id FROM houses uh JOIN addresses ua ON ua.id = uh.address_id
				WHERE ua.unit_code IN (`+marks(len(a.Units))+`))`)
			for _, u := range a.Units {
				args = append(args, u)
			}
		}
		if len(served) == 0 {
			return `1 = 0`, nil
		}
		w += ` AND (` + strings.Join(served, ` OR `) + `)`
	}
	return w, args
}

// classify reads a query as a document number, a phone or a name.
func classify(q string) (string, string) {
	doc := normalizeDoc(q)
	phone := pii.NormalizePhone(q)
	switch {
	case digits(phone) && len(phone) >= 7 && len(phone) <= 12:
		return ByPhone, phone
	case len(doc) >= 5 && strings.ContainsAny(doc, "0123456789") && strings.Trim(doc, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "":
		if len(doc) == 15 && digits(doc) { // a first-generation ID number
			if d, err := parseResidentID(doc, timeFar); err == nil {
				doc = d.Number
			}
		}
		return ByDocument, doc
	}
	return ByName, strings.Join(strings.Fields(q), " ")
}

// Search finds people in the actor's scope by full document number, phone
// or name (exact), or by surname (a name of one or two characters) when
// the scope is small enough (MaxSurnameScan). Results are masked.
func (s *Service) Search(ctx context.Context, a Actor, query string, limit int) (SearchResult, error) {
	if err := a.need(nameRoles, "search people"); err != nil {
		return SearchResult{}, err
	}
	if limit <= 0 || limit > MaxList {
		limit = MaxList
	}
	by, q := classify(query)
	if q == "" {
		return SearchResult{By: by}, fieldErr("q", "请输入姓名、证件号码或电话 (type a name, document number or phone)")
	}
	if by == ByName {
		limit = min(limit, MaxNamesakes)
	}
	var cols []string
	var blinds []string
	switch by {
	case ByPhone: // 8 or 10 digits may be a 台胞证 number too
		cols, blinds = []string{"p.phone_blind", "p.doc_blind"}, s.keys.BlindAll(q)
	case ByDocument:
		cols, blinds = []string{"p.doc_blind"}, s.keys.BlindAll(q)
	default:
		cols, blinds = []string{"p.name_blind"}, s.keys.BlindAll(nameKey(q))
	}
	where, args := a.scopeWhere()
	var ors []string
	for _, col := range cols {
		ors = append(ors, col+` IN (`+marks(len(blinds))+`)`)
		for _, b := range blinds {
			args = append(args, b)
		}
	}
	args = append(args, limit+1) // one more tells whether there are more
	found, err := s.query(ctx, s.db, `SELECT `+personColumns+personFrom+` WHERE `+where+` AND (`+strings.Join(ors, ` OR `)+`)
		ORDER BY p.id LIMIT ?`, args...)
	if err != nil {
		return SearchResult{}, err
	}
	res := SearchResult{People: found, By: by}
	if len(found) > limit {
		res.People, res.More = found[:limit], by == ByName
	}
	found = res.People
	// A surname: one character, or two (欧阳, 司马) when no full name
	// matched. 王伟 is far more often a full name than a surname.
	if n := utf8.RuneCountInString(q); by == ByName && (n == 1 || n == 2 && len(found) == 0) {
		more, tooWide, err := s.surname(ctx, a, q, limit-len(found), found)
		if err != nil {
			return SearchResult{}, err
		}
		res.People, res.TooWide = append(res.People, more...), tooWide
		if len(more) > 0 {
			res.By = BySurname
		}
	}
	return res, nil
}

// surname opens the names in scope and keeps those starting with prefix.
func (s *Service) surname(ctx context.Context, a Actor, prefix string, limit int, skip []Person) ([]Person, bool, error) {
	where, args := a.scopeWhere()
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM people p WHERE `+where+` LIMIT ?) c`,
		append(args, MaxSurnameScan+1)...).Scan(&n); err != nil {
		return nil, false, err
	}
	if n > MaxSurnameScan {
		return nil, true, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+personColumns+personFrom+` WHERE `+where+` ORDER BY p.id`, args...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	seen := map[int64]bool{}
	for _, p := range skip {
		seen[p.ID] = true
	}
	var out []Person
	for rows.Next() && len(out) < limit {
		r, err := scanRow(rows)
		if err != nil {
			return nil, false, err
		}
		if seen[r.ID] {
			continue
		}
		name, err := s.keys.Open(r.name)
		if err != nil {
			return nil, false, err
		}
		if strings.HasPrefix(nameKey(name), nameKey(prefix)) {
			p, err := s.open(r, false)
			if err != nil {
				return nil, false, err
			}
			out = append(out, p)
		}
	}
	return out, false, rows.Err()
}

func (s *Service) query(ctx context.Context, q store.Querier, query string, args ...any) ([]Person, error) {
	return s.queryOpen(ctx, q, false, query, args...)
}

// queryOpen is query with the people opened in full when reveal.
func (s *Service) queryOpen(ctx context.Context, q store.Querier, reveal bool, query string, args ...any) ([]Person, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		r, err := scanRow(rows)
		if err != nil {
			return nil, err
		}
		p, err := s.open(r, reveal)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Filter narrows List. Under is a region, grid prefix; Current leaves out
// people who moved out or died.
type Filter struct {
	Under        string
	BuildingCode string
	HouseID      int64
	Residence    string
	Current      bool
}

// List returns the people in the actor's scope by house, masked.
func (s *Service) List(ctx context.Context, a Actor, f Filter, limit, offset int) ([]Person, error) {
	if err := a.need(nameRoles, "list people"); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > MaxList {
		limit = MaxList
	}
	where, args := a.scopeWhere()
	if f.Under != "" {
		if !a.Scope.CoversRegion(f.Under) {
			return nil, notFound("region %s", f.Under)
		}
		where, args = where+` AND p.grid_code LIKE ?`, append(args, f.Under+"%")
	}
	if f.BuildingCode != "" {
		where, args = where+` AND p.building_code = ?`, append(args, f.BuildingCode)
	}
	if f.HouseID != 0 {
		where, args = where+` AND p.house_id = ?`, append(args, f.HouseID)
	}
	if f.Residence != "" {
		r, err := parseLabel("residence", f.Residence, ResidenceLabels, "")
		if err != nil {
			return nil, err
		}
		where, args = where+` AND p.residence = ?`, append(args, r)
	}
	if f.Current {
		where += ` AND p.moved_out = '' AND p.deceased = ''`
	}
	args = append(args, limit, offset)
	return s.query(ctx, s.db, `SELECT `+personColumns+personFrom+` WHERE `+where+`
		ORDER BY COALESCE(a.full_text, ''), COALESCE(m.household_id, 0), p.id LIMIT ? OFFSET ?`, args...)
}

// Count is the register's figures for one grid.
type Count struct {
	GridCode  string
	People    int
	Floating  int // 流动
	Abroad    int // 境外
	Separated int // 人户分离
	Houses    int // houses with someone living in them
}

// Counts gives the register's figures per grid under the actor's scope
// (current residents only): what streets and leaders see.
func (s *Service) Counts(ctx context.Context, a Actor, under string) ([]Count, error) {
	if err := a.need(countRoles, "see the register's counts"); err != nil {
		return nil, err
	}
	prefix := a.Scope.RegionPrefix()
	if prefix == "" {
		return nil, nil
	}
	if under != "" {
		if !a.Scope.CoversRegion(under) {
			return nil, notFound("region %s", under)
		}
		prefix = under
	}
	where, args := a.scopeWhere()
	args = append(args, prefix+"%")
	rows, err := s.db.QueryContext(ctx, `SELECT p.grid_code, COUNT(*),
		SUM(CASE WHEN p.residence = 'floating' THEN 1 ELSE 0 END),
		SUM(CASE WHEN p.residence = 'abroad' THEN 1 ELSE 0 END),
		SUM(CASE WHEN p.separated THEN 1 ELSE 0 END),
		COUNT(DISTINCT p.house_id)
		FROM people p WHERE `+where+` AND p.grid_code LIKE ? AND p.moved_out = '' AND p.deceased = ''
		GROUP BY p.grid_code ORDER BY p.grid_code`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Count
	for rows.Next() {
		var c Count
		if err := rows.Scan(&c.GridCode, &c.People, &c.Floating, &c.Abroad, &c.Separated, &c.Houses); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
