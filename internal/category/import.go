package category

import (
	"context"
	"crypto/sha1"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/store"
)

// A catalogue import reads a taxonomy of up to three levels from a UTF-8
// CSV (docs/design.md §8): columns level1, level2, level3, header first,
// and optionally code, kind, route, reply_hours, resolve_days,
// resolve_hours, keywords. A row names one path; it may stop at level 1 or
// 2, and then that node is a leaf. The optional columns describe the
// deepest node of the row. Every line is checked before anything is
// written; a rerun of the same file changes nothing; nothing is deleted,
// so orders keep their categories.

// TaxonomyColumns are the columns a taxonomy CSV may have.
var TaxonomyColumns = []string{"level1", "level2", "level3", "code", "kind", "route", "reply_hours",
	"resolve_days", "resolve_hours", "keywords"}

const maxTaxonomyLines = 20000

// TaxonomyRow is one checked line of a taxonomy file.
type TaxonomyRow struct {
	Line     int
	Path     []string // 1 to 3 names, top first
	Code     string   // "" generates one
	Kind     string   // "" keeps or defaults to event
	Route    *Route
	Limits   *Limits
	Keywords []string
}

// LineError is a problem on one line of an imported file.
type LineError struct {
	Line int
	Err  error
}

func (e LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// LineErrors are every problem found in a file; it matches ErrInvalid.
type LineErrors []LineError

func (e LineErrors) Error() string {
	var b strings.Builder
	for i, le := range e {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(le.Error())
	}
	return b.String()
}

func (e LineErrors) Is(target error) bool { return target == ErrInvalid }

// ParseTaxonomy reads and checks a taxonomy CSV without a database: every
// bad line is reported (empty level, level 3 without level 2, the same
// path twice, a node given as a leaf on one line and with children on
// another, bad optional values).
func ParseTaxonomy(r io.Reader) ([]TaxonomyRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%w: header row: %v", ErrInvalid, err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if !slices.Contains(TaxonomyColumns, h) {
			return nil, fmt.Errorf("%w: unknown column %q (columns: %s)", ErrInvalid, h, strings.Join(TaxonomyColumns, ", "))
		}
		if _, dup := col[h]; dup {
			return nil, fmt.Errorf("%w: column %q appears twice", ErrInvalid, h)
		}
		col[h] = i
	}
	if _, ok := col["level1"]; !ok {
		return nil, fmt.Errorf("%w: column level1 is required", ErrInvalid)
	}
	var rows []TaxonomyRow
	var errs LineErrors
	seen := map[string]int{}    // full path → line
	leafAt := map[string]int{}  // path of a row's deepest node → line
	innerAt := map[string]int{} // path of a node with children → first line
	codes := map[string]int{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs = append(errs, LineError{line, err})
			break
		}
		if line > maxTaxonomyLines {
			return nil, fmt.Errorf("%w: more than %d lines; split the file", ErrInvalid, maxTaxonomyLines)
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if strings.Join(rec, "") == "" {
			continue // a blank line
		}
		row, err := taxonomyRow(line, get)
		if err != nil {
			errs = append(errs, LineError{line, err})
			continue
		}
		key := strings.Join(row.Path, "/")
		if first, dup := seen[key]; dup {
			errs = append(errs, LineError{line, fmt.Errorf("path %s already on line %d", strings.Join(row.Path, " › "), first)})
			continue
		}
		seen[key] = line
		if row.Code != "" {
			if first, dup := codes[row.Code]; dup {
				errs = append(errs, LineError{line, fmt.Errorf("code %q already on line %d", row.Code, first)})
				continue
			}
			codes[row.Code] = line
		}
		bad := false
		for i := 1; i < len(row.Path); i++ {
			p := strings.Join(row.Path[:i], "/")
			if l, ok := leafAt[p]; ok {
				errs = append(errs, LineError{line, fmt.Errorf("%s is a leaf on line %d (the row stops there) but has children here", strings.Join(row.Path[:i], " › "), l)})
				bad = true
			}
			if _, ok := innerAt[p]; !ok {
				innerAt[p] = line
			}
		}
		if l, ok := innerAt[key]; ok {
			errs = append(errs, LineError{line, fmt.Errorf("this row stops at %s, but line %d gives it children", strings.Join(row.Path, " › "), l)})
			bad = true
		}
		leafAt[key] = line
		if !bad {
			rows = append(rows, row)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%w: the file has no rows", ErrInvalid)
	}
	return rows, nil
}

func taxonomyRow(line int, get func(string) string) (TaxonomyRow, error) {
	row := TaxonomyRow{Line: line}
	l1, l2, l3 := get("level1"), get("level2"), get("level3")
	switch {
	case l1 == "":
		return row, errors.New("level1 is empty")
	case l2 == "" && l3 != "":
		return row, errors.New("level3 given without level2")
	}
	for _, n := range []string{l1, l2, l3} {
		if n == "" {
			break
		}
		n, err := checkName("name", n, maxNameZh)
		if err != nil {
			return row, err
		}
		row.Path = append(row.Path, n)
	}
	if c := get("code"); c != "" {
		if len(c) > maxCodeLen || !codeRE.MatchString(c) {
			return row, fmt.Errorf("code %q must be lower-case ASCII words separated by dots, e.g. streetlight.out", c)
		}
		row.Code = c
	}
	switch k := get("kind"); k {
	case "":
	case KindComponent, "部件":
		row.Kind = KindComponent
	case KindEvent, "事件":
		row.Kind = KindEvent
	case KindConsult, "咨询":
		row.Kind = KindConsult
	default:
		return row, fmt.Errorf("kind %q: want component, event or consult (部件/事件/咨询)", k)
	}
	if s := get("route"); s != "" {
		r, err := ParseRoute(s)
		if err != nil {
			return row, err
		}
		row.Route = &r
	}
	reply, days, hours := get("reply_hours"), get("resolve_days"), get("resolve_hours")
	if reply != "" || days != "" || hours != "" {
		l := DefaultLimits(UrgencyNormal)
		if reply != "" {
			h, err := strconv.ParseFloat(reply, 64)
			if err != nil {
				return row, fmt.Errorf("reply_hours %q: not a number", reply)
			}
			l.Reply = time.Duration(h * float64(time.Hour)).Round(time.Minute)
		}
		if days != "" && hours != "" {
			return row, errors.New("give resolve_days or resolve_hours, not both")
		}
		if days != "" {
			n, err := strconv.Atoi(days)
			if err != nil {
				return row, fmt.Errorf("resolve_days %q: not a whole number", days)
			}
			l.ResolveWorkingDays, l.ResolveWithin = n, 0
		}
		if hours != "" {
			h, err := strconv.ParseFloat(hours, 64)
			if err != nil {
				return row, fmt.Errorf("resolve_hours %q: not a number", hours)
			}
			l.ResolveWorkingDays, l.ResolveWithin = 0, time.Duration(h*float64(time.Hour)).Round(time.Minute)
		}
		if err := l.check(); err != nil {
			return row, err
		}
		row.Limits = &l
	}
	row.Keywords = strings.Fields(get("keywords"))
	if len(row.Keywords) > maxKeywords {
		return row, fmt.Errorf("at most %d keywords", maxKeywords)
	}
	return row, nil
}

// ImportReport is what an import did (or, dry, would do): codes with names.
type ImportReport struct {
	Added, Updated []string
	Unchanged      int
}

// ImportTaxonomy writes rows (from ParseTaxonomy) into the catalogue in one
// transaction: a node is found by its code when the row gives one, else by
// its name under its parent; a missing node is added (code generated from
// its path, kind event, route centre, normal limits unless the row says);
// a found node is updated only where the row says something different. A
// dry run checks everything and writes nothing. Problems that need the
// database (a department route naming no department, a code taken by a
// node elsewhere) come back as LineErrors, all of them, and nothing is
// written.
func ImportTaxonomy(ctx context.Context, db *store.DB, rows []TaxonomyRow, dryRun bool, actor audit.Actor) (ImportReport, error) {
	var rep ImportReport
	errDry := errors.New("dry run")
	now := time.Now()
	err := db.InTx(ctx, func(tx *store.Tx) error {
		rep = ImportReport{}
		cats, err := List(ctx, tx, true)
		if err != nil {
			return err
		}
		byCode := map[string]Category{}
		byName := map[string]string{} // parent code + "/" + name → code
		for _, c := range cats {
			byCode[c.Code] = c
			k := c.ParentCode + "/" + c.NameZh
			if _, ok := byName[k]; !ok {
				byName[k] = c.Code
			}
		}
		var errs LineErrors
		touched := map[string]bool{}
		sort := map[string]int{} // parent → next sort order for new children
		for _, row := range rows {
			parent := ""
			for depth, name := range row.Path {
				last := depth == len(row.Path)-1
				code, found := byName[parent+"/"+name]
				if last && row.Code != "" {
					if c, ok := byCode[row.Code]; ok {
						if c.ParentCode != parent {
							errs = append(errs, LineError{row.Line, fmt.Errorf("code %q is already used by %s elsewhere in the catalogue", row.Code, c.NameZh)})
							break
						}
						code, found = row.Code, true
					} else if found && code != row.Code {
						errs = append(errs, LineError{row.Line, fmt.Errorf("%s already exists with code %q", name, code)})
						break
					} else {
						code, found = row.Code, false
					}
				}
				if !found {
					if code == "" {
						code = generatedCode(parent, row.Path[:depth+1], byCode)
					}
					if _, ok := sort[parent]; !ok {
						sort[parent] = nextSortOrder(cats, parent)
					}
					c := Category{Code: code, ParentCode: parent, NameZh: name, NameEn: name, Kind: KindEvent,
						Route: Route{Level: LevelCentre}, Urgency: UrgencyNormal, Limits: DefaultLimits(UrgencyNormal),
						SortOrder: sort[parent], Active: true}
					sort[parent] += 10
					if last {
						applyRow(&c, row)
					}
					c, err := normalize(c)
					if err != nil {
						errs = append(errs, LineError{row.Line, err})
						break
					}
					if err := checkImportRoute(ctx, tx, c.Route); err != nil {
						errs = append(errs, LineError{row.Line, err})
						break
					}
					if _, err := insert(ctx, tx, c, now, ""); err != nil {
						return err
					}
					byCode[code] = c
					byName[parent+"/"+name] = code
					rep.Added = append(rep.Added, code+" "+strings.Join(row.Path[:depth+1], " › "))
					touched[code] = true
				} else if last {
					old := byCode[code]
					c := old
					applyRow(&c, row)
					if d := diff(old, c); d != "" {
						if err := checkImportRoute(ctx, tx, c.Route); err != nil {
							errs = append(errs, LineError{row.Line, err})
							break
						}
						if err := updateIn(ctx, tx, c, now); err != nil {
							return err
						}
						byCode[code] = c
						rep.Updated = append(rep.Updated, code+" "+strings.Join(row.Path, " › ")+": "+d)
						touched[code] = true
					} else if !touched[code] {
						rep.Unchanged++
						touched[code] = true
					}
				} else if !touched[code] {
					rep.Unchanged++
					touched[code] = true
				}
				parent = code
			}
		}
		if len(errs) > 0 {
			return errs
		}
		if dryRun {
			return errDry
		}
		if len(rep.Added)+len(rep.Updated) == 0 {
			return nil
		}
		return actor.Record(ctx, tx, now, "category.import", "category:*",
			fmt.Sprintf("taxonomy import: %d added, %d updated, %d unchanged", len(rep.Added), len(rep.Updated), rep.Unchanged))
	})
	if errors.Is(err, errDry) {
		err = nil
	}
	if err != nil {
		return ImportReport{}, err
	}
	return rep, nil
}

// applyRow sets what a row says about its deepest node.
func applyRow(c *Category, row TaxonomyRow) {
	if row.Kind != "" {
		c.Kind = row.Kind
	}
	if row.Route != nil {
		c.Route = *row.Route
	}
	if row.Limits != nil {
		c.Limits = *row.Limits
	}
	if len(row.Keywords) > 0 {
		c.Keywords = row.Keywords
	}
}

func checkImportRoute(ctx context.Context, q store.Querier, r Route) error {
	if r.Level != LevelDepartment {
		return nil
	}
	return checkRefs(ctx, q, Category{Route: r}, nil)
}

// updateIn writes the importable part of c inside the import's transaction.
func updateIn(ctx context.Context, tx *store.Tx, c Category, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE categories SET kind = ?, route = ?, reply_minutes = ?, resolve_days = ?,
		resolve_minutes = ?, keywords = ?, version = version + 1, updated_at = ? WHERE code = ?`,
		c.Kind, c.Route.String(), int64(c.Limits.Reply/time.Minute), c.Limits.ResolveWorkingDays,
		int64(c.Limits.ResolveWithin/time.Minute), strings.Join(c.Keywords, " "), store.Millis(now), c.Code)
	if err != nil {
		return fmt.Errorf("category: import update %s: %w", c.Code, err)
	}
	return nil
}

// generatedCode is a stable code for a node named by its path: its
// parent's code and "t" + the first hex digits of the path's SHA-1, longer
// in the unlikely case that code is taken.
func generatedCode(parent string, path []string, taken map[string]Category) string {
	sum := sha1.Sum([]byte(strings.Join(path, "/")))
	h := hex.EncodeToString(sum[:])
	for n := 6; ; n += 2 {
		code := "t" + h[:n]
		if parent != "" {
			code = parent + "." + code
		}
		if _, ok := taken[code]; !ok || n >= len(h) {
			return code
		}
	}
}

func nextSortOrder(cats []Category, parent string) int {
	max := 0
	for _, c := range cats {
		if c.ParentCode == parent && c.SortOrder > max {
			max = c.SortOrder
		}
	}
	return max + 10
}
