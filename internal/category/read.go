package category

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/store"
)

// columns is selected by every read, in scan's order; "c" is categories.
const columns = `c.code, COALESCE(c.parent_code, ''), c.name_zh, c.name_en, c.kind, c.route, c.urgency,
	c.reply_minutes, c.resolve_days, c.resolve_minutes, c.fields, c.keywords, c.sort_order, c.active,
	NOT EXISTS (SELECT 1 FROM categories k WHERE k.parent_code = c.code),
	c.version, c.created_at, c.updated_at`

type scanner interface{ Scan(dest ...any) error }

func scan(s scanner) (Category, error) {
	var c Category
	var route, fields, keywords string
	var replyMin, resolveMin, created, updated int64
	err := s.Scan(&c.Code, &c.ParentCode, &c.NameZh, &c.NameEn, &c.Kind, &route, &c.Urgency,
		&replyMin, &c.Limits.ResolveWorkingDays, &resolveMin, &fields, &keywords, &c.SortOrder, &c.Active,
		&c.Leaf, &c.Version, &created, &updated)
	if err != nil {
		return Category{}, err
	}
	if c.Route, err = ParseRoute(route); err != nil {
		return Category{}, fmt.Errorf("category %s: stored %w", c.Code, err)
	}
	if err := json.Unmarshal([]byte(fields), &c.Fields); err != nil {
		return Category{}, fmt.Errorf("category %s: stored fields: %w", c.Code, err)
	}
	c.Limits.Reply = time.Duration(replyMin) * time.Minute
	c.Limits.ResolveWithin = time.Duration(resolveMin) * time.Minute
	c.Keywords = strings.Fields(keywords)
	c.CreatedAt, c.UpdatedAt = store.Time(created), store.Time(updated)
	return c, nil
}

// Get returns the category with code, or an error wrapping ErrNotFound.
func Get(ctx context.Context, q store.Querier, code string) (Category, error) {
	c, err := scan(q.QueryRowContext(ctx, `SELECT `+columns+` FROM categories c WHERE c.code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return Category{}, notFound(code)
	}
	if err != nil {
		return Category{}, fmt.Errorf("category: get %s: %w", code, err)
	}
	return c, nil
}

// List returns the catalogue ordered for display: parents before their
// children, siblings by sort order then code. Inactive entries are left
// out unless includeInactive.
func List(ctx context.Context, q store.Querier, includeInactive bool) ([]Category, error) {
	query := `SELECT ` + columns + ` FROM categories c`
	if !includeInactive {
		query += ` WHERE c.active`
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY c.sort_order, c.code`)
	if err != nil {
		return nil, fmt.Errorf("category: list: %w", err)
	}
	defer rows.Close()
	var flat []Category
	for rows.Next() {
		c, err := scan(rows)
		if err != nil {
			return nil, err
		}
		flat = append(flat, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return treeOrder(flat), nil
}

// treeOrder arranges flat (already sorted) depth-first, parents first. An
// entry whose parent is absent (inactive and filtered out) is placed as a
// root, so nothing listed disappears.
func treeOrder(flat []Category) []Category {
	present := map[string]bool{}
	for _, c := range flat {
		present[c.Code] = true
	}
	children := map[string][]Category{}
	var roots []Category
	for _, c := range flat {
		if c.ParentCode == "" || !present[c.ParentCode] {
			roots = append(roots, c)
		} else {
			children[c.ParentCode] = append(children[c.ParentCode], c)
		}
	}
	out := make([]Category, 0, len(flat))
	var walk func(cs []Category)
	walk = func(cs []Category) {
		for _, c := range cs {
			out = append(out, c)
			walk(children[c.Code])
		}
	}
	walk(roots)
	return out
}

// Path returns the names from the top class down to code, e.g. for
// gas.leak ["事件", "突发事件", "燃气泄漏"].
func Path(ctx context.Context, q store.Querier, code string) ([]Category, error) {
	var out []Category
	for code != "" {
		c, err := Get(ctx, q, code)
		if err != nil {
			return nil, err
		}
		out = append([]Category{c}, out...)
		if len(out) > maxDepth {
			return nil, fmt.Errorf("category %s: parent chain deeper than %d", code, maxDepth)
		}
		code = c.ParentCode
	}
	return out, nil
}
