package category

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"civicgrid/internal/audit"
	"civicgrid/internal/org"
	"civicgrid/internal/store"
)

var codeRE = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$`)

// Bounds on what an admin types.
const (
	maxCodeLen  = 64
	maxNameZh   = 64
	maxNameEn   = 100
	maxKeywords = 50
	maxDepth    = 5
)

var (
	kinds     = []string{KindComponent, KindEvent, KindConsult}
	urgencies = []string{UrgencyNormal, UrgencyUrgent, UrgencyEmergency}
)

// normalize trims and checks everything that needs no database.
func normalize(c Category) (Category, error) {
	c.Code = strings.TrimSpace(c.Code)
	c.ParentCode = strings.TrimSpace(c.ParentCode)
	if len(c.Code) > maxCodeLen || !codeRE.MatchString(c.Code) {
		return c, invalid("code", "%q must be lower-case ASCII words separated by dots, e.g. streetlight.out (at most %d)", c.Code, maxCodeLen)
	}
	var err error
	if c.NameZh, err = checkName("name_zh", c.NameZh, maxNameZh); err != nil {
		return c, err
	}
	if c.NameEn, err = checkName("name_en", c.NameEn, maxNameEn); err != nil {
		return c, err
	}
	if !slices.Contains(kinds, c.Kind) {
		return c, invalid("kind", "%q: want component, event or consult", c.Kind)
	}
	if c.Route, err = ParseRoute(c.Route.String()); err != nil {
		return c, err
	}
	if !slices.Contains(urgencies, c.Urgency) {
		return c, invalid("urgency", "%q: want normal, urgent or emergency", c.Urgency)
	}
	if err := c.Limits.check(); err != nil {
		return c, err
	}
	if err := checkFields(c.Fields); err != nil {
		return c, err
	}
	if len(c.Keywords) > maxKeywords {
		return c, invalid("keywords", "at most %d", maxKeywords)
	}
	var words []string
	for _, k := range c.Keywords {
		words = append(words, strings.Fields(k)...)
	}
	c.Keywords = words
	if c.Fields == nil {
		c.Fields = []Field{}
	}
	return c, nil
}

func checkName(field, s string, max int) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", invalid(field, "must not be empty")
	case !utf8.ValidString(s) || strings.IndexFunc(s, unicode.IsControl) >= 0:
		return "", invalid(field, "must be plain text")
	case utf8.RuneCountInString(s) > max:
		return "", invalid(field, "longer than %d characters", max)
	}
	return s, nil
}

// checkRefs checks what needs the database: the parent exists and is not
// the category itself or below it, and a department route names a known
// department. A route kept unchanged is not re-checked: the seed may name
// departments a deployment has not created yet, and that must not block
// other edits.
func checkRefs(ctx context.Context, q store.Querier, c Category, oldRoute *Route) error {
	if c.ParentCode != "" {
		path, err := Path(ctx, q, c.ParentCode)
		if errors.Is(err, ErrNotFound) {
			return invalid("parent_code", "category %q not found", c.ParentCode)
		}
		if err != nil {
			return err
		}
		if slices.ContainsFunc(path, func(p Category) bool { return p.Code == c.Code }) {
			return invalid("parent_code", "%q is %s itself or below it", c.ParentCode, c.Code)
		}
		if len(path) >= maxDepth {
			return invalid("parent_code", "the tree may be at most %d levels deep", maxDepth)
		}
	}
	if c.Route.Level == LevelDepartment && (oldRoute == nil || *oldRoute != c.Route) {
		if _, err := org.GetDepartment(ctx, q, c.Route.Department); errors.Is(err, org.ErrNotFound) {
			return invalid("route", "department %q not found", c.Route.Department)
		} else if err != nil {
			return err
		}
	}
	return nil
}

// Create adds a category edited by an admin and records "category.create"
// in the audit log, in one transaction. The department of a route must
// exist. Bad input is a *ValidationError; a taken code is ErrConflict.
func Create(ctx context.Context, db *store.DB, c Category, actor audit.Actor) (Category, error) {
	c, err := normalize(c)
	if err != nil {
		return Category{}, err
	}
	now := time.Now()
	err = db.InTx(ctx, func(tx *store.Tx) error {
		if err := checkRefs(ctx, tx, c, nil); err != nil {
			return err
		}
		if _, err := Get(ctx, tx, c.Code); err == nil {
			return fmt.Errorf("category %q: %w", c.Code, ErrConflict)
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		if _, err := insert(ctx, tx, c, now, ""); err != nil {
			return err
		}
		return actor.Record(ctx, tx, now, "category.create", target(c.Code), describe(c))
	})
	if err != nil {
		return Category{}, err
	}
	return Get(ctx, db, c.Code)
}

// insert writes c and says how many rows landed; suffix is appended to the
// statement (the seed passes an ON CONFLICT clause).
func insert(ctx context.Context, q store.Querier, c Category, now time.Time, suffix string) (int64, error) {
	fields, err := json.Marshal(c.Fields)
	if err != nil {
		return 0, err
	}
	res, err := q.ExecContext(ctx, `INSERT INTO categories (code, parent_code, name_zh, name_en, kind, route, urgency,
		reply_minutes, resolve_days, resolve_minutes, fields, keywords, sort_order, active, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`+suffix,
		c.Code, nullable(c.ParentCode), c.NameZh, c.NameEn, c.Kind, c.Route.String(), c.Urgency,
		int64(c.Limits.Reply/time.Minute), c.Limits.ResolveWorkingDays, int64(c.Limits.ResolveWithin/time.Minute),
		string(fields), strings.Join(c.Keywords, " "), c.SortOrder, c.Active, store.Millis(now), store.Millis(now))
	if store.IsUniqueViolation(err) {
		return 0, fmt.Errorf("category %q: %w", c.Code, ErrConflict)
	}
	if err != nil {
		return 0, fmt.Errorf("category: insert %s: %w", c.Code, err)
	}
	return res.RowsAffected()
}

// Update replaces the editable part of category c.Code (everything but the
// code and times) if c.Version is still the stored version; otherwise it
// changes nothing and returns ErrStaleVersion. The audit entry
// "category.update" lists what changed. Orders already filed keep the
// limits they copied.
func Update(ctx context.Context, db *store.DB, c Category, actor audit.Actor) (Category, error) {
	c, err := normalize(c)
	if err != nil {
		return Category{}, err
	}
	now := time.Now()
	err = db.InTx(ctx, func(tx *store.Tx) error {
		old, err := Get(ctx, tx, c.Code)
		if err != nil {
			return err
		}
		if old.Version != c.Version {
			return fmt.Errorf("category %q at version %d (now %d): %w", c.Code, c.Version, old.Version, ErrStaleVersion)
		}
		if err := checkRefs(ctx, tx, c, &old.Route); err != nil {
			return err
		}
		fields, err := json.Marshal(c.Fields)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE categories SET parent_code = ?, name_zh = ?, name_en = ?, kind = ?,
			route = ?, urgency = ?, reply_minutes = ?, resolve_days = ?, resolve_minutes = ?, fields = ?, keywords = ?,
			sort_order = ?, active = ?, version = version + 1, updated_at = ?
			WHERE code = ? AND version = ?`,
			nullable(c.ParentCode), c.NameZh, c.NameEn, c.Kind, c.Route.String(), c.Urgency,
			int64(c.Limits.Reply/time.Minute), c.Limits.ResolveWorkingDays, int64(c.Limits.ResolveWithin/time.Minute),
			string(fields), strings.Join(c.Keywords, " "), c.SortOrder, c.Active, store.Millis(now), c.Code, c.Version)
		if err != nil {
			return fmt.Errorf("category: update %s: %w", c.Code, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return fmt.Errorf("category %q at version %d: %w", c.Code, c.Version, ErrStaleVersion)
		}
		changes := diff(old, c)
		if changes == "" {
			changes = "no change"
		}
		return actor.Record(ctx, tx, now, "category.update", target(c.Code), changes)
	})
	if err != nil {
		return Category{}, err
	}
	return Get(ctx, db, c.Code)
}

func target(code string) string { return "category:" + code }

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// describe summarises c for the audit log.
func describe(c Category) string {
	return fmt.Sprintf("%s %s; parent %q; kind %s; route %s; urgency %s; %s; %d fields; active %t",
		c.NameZh, c.NameEn, c.ParentCode, c.Kind, c.Route, c.Urgency, c.Limits, len(c.Fields), c.Active)
}

// diff lists the fields that differ between old and new, "field: a → b".
func diff(old, new Category) string {
	var out []string
	add := func(name string, a, b any) {
		if as, bs := fmt.Sprint(a), fmt.Sprint(b); as != bs {
			out = append(out, fmt.Sprintf("%s: %s → %s", name, as, bs))
		}
	}
	add("parent_code", old.ParentCode, new.ParentCode)
	add("name_zh", old.NameZh, new.NameZh)
	add("name_en", old.NameEn, new.NameEn)
	add("kind", old.Kind, new.Kind)
	add("route", old.Route, new.Route)
	add("urgency", old.Urgency, new.Urgency)
	add("limits", old.Limits, new.Limits)
	oldFields, _ := json.Marshal(old.Fields)
	newFields, _ := json.Marshal(new.Fields)
	add("fields", string(oldFields), string(newFields))
	add("keywords", strings.Join(old.Keywords, " "), strings.Join(new.Keywords, " "))
	add("sort_order", old.SortOrder, new.SortOrder)
	add("active", old.Active, new.Active)
	return strings.Join(out, "; ")
}
