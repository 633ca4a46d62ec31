package exchange

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/store"
)

// Category mapping between an upstream's catalogue (its paths, e.g.
// "城乡建设/市容环境/占道经营") and ours (a leaf category code), per link.

// Mapping is one row of the table.
type Mapping struct {
	Link         string
	UpstreamPath string
	Category     string
	CreatedAt    time.Time
}

func (s *Service) mapped(ctx context.Context, q store.Querier, linkID int64, path string) (string, bool, error) {
	var code string
	err := q.QueryRowContext(ctx, `SELECT category_code FROM exchange_category_map WHERE link_id = ? AND upstream_path = ?`,
		linkID, path).Scan(&code)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("exchange: category map: %w", err)
	}
	return code, true, nil
}

// MapResult says what a new mapping released.
type MapResult struct {
	Filed   []string // the local numbers of held orders now filed
	Waiting int      // held orders of this path still waiting (their filing failed; see Held)
}

// MapCategory maps the upstream path on link to the local leaf category
// code (replacing an earlier mapping; audited), then files the orders held
// for that path. A link outside by's part of the tree is not found.
func (s *Service) MapCategory(ctx context.Context, by auth.Admin, link, path, code string) (MapResult, error) {
	path, code = strings.TrimSpace(path), strings.TrimSpace(code)
	if path == "" || utf8.RuneCountInString(path) > 200 {
		return MapResult{}, invalid("upstream path: want 1 to 200 characters — 请填写上级分类路径")
	}
	l, err := s.LinkNamed(ctx, s.db, link)
	if err != nil {
		return MapResult{}, err
	}
	if !mayManage(by, l.Regions) {
		return MapResult{}, notFound("no link named %q — 没有这个链路", link)
	}
	c, err := category.Get(ctx, s.db, code)
	if errors.Is(err, category.ErrNotFound) {
		return MapResult{}, invalid("category %q is not in the catalogue — 本地分类不存在", code)
	}
	if err != nil {
		return MapResult{}, err
	}
	if !c.Active || !c.Leaf {
		return MapResult{}, invalid("category %s (%s) is not an active leaf; orders are filed under leaves — 请选择在用的末级分类", c.NameZh, c.Code)
	}
	now := s.clock()
	if err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO exchange_category_map (link_id, upstream_path, category_code, created_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (link_id, upstream_path) DO UPDATE SET category_code = excluded.category_code`,
			l.ID, path, code, store.Millis(now)); err != nil {
			return err
		}
		return by.Record(ctx, tx, now, "exchange.category.map", "exchange_link:"+l.Name, path+" → "+code)
	}); err != nil {
		return MapResult{}, fmt.Errorf("exchange: map category: %w", err)
	}
	return s.release(ctx, l, path, code)
}

// release files the orders held on l for path.
func (s *Service) release(ctx context.Context, l Link, path, code string) (MapResult, error) {
	held, err := s.held(ctx, l.ID, path)
	if err != nil {
		return MapResult{}, err
	}
	var r MapResult
	for _, h := range held {
		var m OrderMessage
		if err := json.Unmarshal([]byte(h.message), &m); err != nil {
			return r, fmt.Errorf("exchange: held order %s: %w", h.Ref, err)
		}
		rec, err := s.file(ctx, l, m, code, h.id)
		if err != nil {
			// Keep it held, with the reason, for a person to look at.
			r.Waiting++
			if _, uerr := s.db.ExecContext(ctx, `UPDATE exchange_orders SET hold_reason = ?, updated_at = ? WHERE id = ?`,
				clip(err.Error()), store.Millis(s.clock()), h.id); uerr != nil {
				return r, uerr
			}
			continue
		}
		r.Filed = append(r.Filed, rec.Number)
	}
	return r, nil
}

func clip(s string) string {
	if utf8.RuneCountInString(s) > 500 {
		return string([]rune(s)[:500])
	}
	return s
}

// Mappings lists the category mapping of every link.
func (s *Service) Mappings(ctx context.Context) ([]Mapping, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT l.name, m.upstream_path, m.category_code, m.created_at FROM exchange_category_map m
		JOIN exchange_links l ON l.id = m.link_id ORDER BY l.name, m.upstream_path`)
	if err != nil {
		return nil, fmt.Errorf("exchange: mappings: %w", err)
	}
	defer rows.Close()
	out := []Mapping{}
	for rows.Next() {
		var m Mapping
		var at int64
		if err := rows.Scan(&m.Link, &m.UpstreamPath, &m.Category, &at); err != nil {
			return nil, err
		}
		m.CreatedAt = store.Time(at)
		out = append(out, m)
	}
	return out, rows.Err()
}

// HeldOrder is an upstream order waiting for a person: its category path
// is not mapped yet (or its filing failed after the mapping).
type HeldOrder struct {
	Link         string
	Ref          string // the upstream's id
	CategoryPath string
	Reason       string
	Text         string
	ReceivedAt   time.Time
	id           int64
	message      string
}

func (s *Service) held(ctx context.Context, linkID int64, path string) ([]HeldOrder, error) {
	q := `SELECT x.id, l.name, x.ref, x.category_path, x.hold_reason, x.message, x.created_at FROM exchange_orders x
		JOIN exchange_links l ON l.id = x.link_id WHERE x.state = 'held'`
	var args []any
	if linkID != 0 {
		q += ` AND x.link_id = ? AND x.category_path = ?`
		args = append(args, linkID, path)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY x.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("exchange: held orders: %w", err)
	}
	defer rows.Close()
	out := []HeldOrder{}
	for rows.Next() {
		var h HeldOrder
		var at int64
		if err := rows.Scan(&h.id, &h.Link, &h.Ref, &h.CategoryPath, &h.Reason, &h.message, &at); err != nil {
			return nil, err
		}
		h.ReceivedAt = store.Time(at)
		var m OrderMessage
		if json.Unmarshal([]byte(h.message), &m) == nil {
			h.Text = m.Order.Text
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// Held lists every order held for a person (the mapping queue), oldest
// first. Their reporters stay sealed to the link key.
func (s *Service) Held(ctx context.Context) ([]HeldOrder, error) { return s.held(ctx, 0, "") }
