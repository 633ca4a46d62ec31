package exchange

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/errs"
	"civicgrid/internal/store"
)

// Directions of a link, as seen from this instance.
const (
	// Downstream: a district this instance forwards orders to.
	Downstream = "downstream"
	// Upstream: a platform that pushes orders here.
	Upstream = "upstream"
)

// Link is a peer. Its name is agreed by both sides: each sends it in
// HeaderLink and each stores the peer under it.
type Link struct {
	ID        int64
	Name      string
	Direction string
	BaseURL   string
	// Regions: for a downstream link, the region codes the district
	// serves (orders located under one are forwarded to it); for an
	// upstream link, the region codes of this instance it may file into.
	Regions   []string
	CreatedAt time.Time
	UpdatedAt time.Time

	secret []byte
	key    []byte
	cursor int64
}

// LinkInput is a new link. Secret (at least 32 characters) and Key (32
// bytes, base64) are generated when empty; the other side must be given
// the same.
type LinkInput struct {
	Name      string
	Direction string
	BaseURL   string
	Regions   []string
	Secret    string
	Key       string
}

// NewLink is a link as added, with its secret and key shown this once.
type NewLink struct {
	Link
	Secret string
	Key    string
}

func randomBase64(n int, enc *base64.Encoding) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return enc.EncodeToString(b), nil
}

func cleanLink(in LinkInput) (LinkInput, error) {
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || len(in.Name) > 64 || strings.Trim(in.Name, "abcdefghijklmnopqrstuvwxyz0123456789-_.") != "" {
		return in, invalid("name: want 1 to 64 of a-z 0-9 - _ . (the same name on both sides) — 链路名称只能用小写字母、数字和 - _ .")
	}
	if in.Direction != Upstream && in.Direction != Downstream {
		return in, invalid("direction: want %s or %s", Upstream, Downstream)
	}
	u, err := url.Parse(strings.TrimSpace(in.BaseURL))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return in, invalid("base_url: want an https:// URL without query (http:// only for tests on loopback) — 请填写 https 地址")
	}
	in.BaseURL = strings.TrimRight(u.String(), "/")
	var regions []string
	for _, r := range in.Regions {
		for _, code := range strings.Split(r, ",") {
			code = strings.TrimSpace(code)
			if code == "" {
				continue
			}
			if strings.Trim(code, "0123456789") != "" || !slices.Contains([]int{2, 4, 6, 9, 12, 15}, len(code)) {
				return in, invalid("regions: %q is not a region or grid code (2, 4, 6, 9, 12 or 15 digits) — 区划代码有误", code)
			}
			if !slices.Contains(regions, code) {
				regions = append(regions, code)
			}
		}
	}
	if len(regions) == 0 {
		return in, invalid("regions: give at least one region code — 请至少填写一个区划代码")
	}
	in.Regions = regions
	if in.Secret == "" {
		if in.Secret, err = randomBase64(32, base64.RawURLEncoding); err != nil {
			return in, err
		}
	}
	if len(in.Secret) < 32 {
		return in, invalid("secret: want at least 32 characters — 共享密钥至少 32 个字符")
	}
	if in.Key == "" {
		if in.Key, err = randomBase64(32, base64.StdEncoding); err != nil {
			return in, err
		}
	}
	if k, err := base64.StdEncoding.DecodeString(in.Key); err != nil || len(k) != 32 {
		return in, invalid("key: want 32 bytes in standard base64 — 报告人加密密钥须为 32 字节 base64")
	}
	return in, nil
}

// ErrOutsideScope: a link's regions lie outside the admin's part of the
// tree.
var ErrOutsideScope = errs.New(errs.Forbidden, "exchange: outside your part of the org tree")

// mayManage reports whether by may manage a link with these regions: each
// lies in by's part of the tree.
func mayManage(by auth.Admin, regions []string) bool {
	for _, r := range regions {
		if !by.CoversRegion(r) {
			return false
		}
	}
	return true
}

// AddLink adds a peer, by an admin whose part of the tree holds every one
// of its regions (audited). The secret and key are sealed at rest and
// returned once, for the other side's admin.
func (s *Service) AddLink(ctx context.Context, by auth.Admin, in LinkInput) (NewLink, error) {
	in, err := cleanLink(in)
	if err != nil {
		return NewLink{}, err
	}
	if !mayManage(by, in.Regions) {
		return NewLink{}, fmt.Errorf("%w: regions %s — 区划不在您的管辖范围内", ErrOutsideScope, strings.Join(in.Regions, ","))
	}
	secret, err := s.keys.Seal(in.Secret)
	if err != nil {
		return NewLink{}, err
	}
	key, err := s.keys.Seal(in.Key)
	if err != nil {
		return NewLink{}, err
	}
	now := s.clock()
	var id int64
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO exchange_links (name, direction, base_url, regions, secret, reporter_key,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			in.Name, in.Direction, in.BaseURL, strings.Join(in.Regions, ","), secret, key, store.Millis(now), store.Millis(now)).Scan(&id); err != nil {
			return err
		}
		return by.Record(ctx, tx, now, "exchange.link.add", "exchange_link:"+in.Name,
			in.Direction+" "+in.BaseURL+" for "+strings.Join(in.Regions, ","))
	})
	if store.IsUniqueViolation(err) {
		return NewLink{}, fmt.Errorf("%w: a link named %q exists — 链路名称已存在", ErrConflict, in.Name)
	}
	if err != nil {
		return NewLink{}, fmt.Errorf("exchange: add link: %w", err)
	}
	return NewLink{Link: Link{ID: id, Name: in.Name, Direction: in.Direction, BaseURL: in.BaseURL, Regions: in.Regions,
		CreatedAt: now, UpdatedAt: now}, Secret: in.Secret, Key: in.Key}, nil
}

const linkColumns = `id, name, direction, base_url, regions, secret, reporter_key, pull_cursor, created_at, updated_at`

func (s *Service) scanLink(sc interface{ Scan(...any) error }) (Link, error) {
	var l Link
	var regions, secret, key string
	var created, updated int64
	if err := sc.Scan(&l.ID, &l.Name, &l.Direction, &l.BaseURL, &regions, &secret, &key, &l.cursor, &created, &updated); err != nil {
		return Link{}, err
	}
	l.Regions = strings.Split(regions, ",")
	l.CreatedAt, l.UpdatedAt = store.Time(created), store.Time(updated)
	plain, err := s.keys.Open(secret)
	if err != nil {
		return Link{}, fmt.Errorf("exchange: link %s: secret: %w", l.Name, err)
	}
	l.secret = []byte(plain)
	if plain, err = s.keys.Open(key); err != nil {
		return Link{}, fmt.Errorf("exchange: link %s: key: %w", l.Name, err)
	}
	if l.key, err = base64.StdEncoding.DecodeString(plain); err != nil {
		return Link{}, fmt.Errorf("exchange: link %s: key: %w", l.Name, err)
	}
	return l, nil
}

// LinkNamed reads the link called name.
func (s *Service) LinkNamed(ctx context.Context, q store.Querier, name string) (Link, error) {
	l, err := s.scanLink(q.QueryRowContext(ctx, `SELECT `+linkColumns+` FROM exchange_links WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return Link{}, notFound("no link named %q — 没有这个链路", name)
	}
	return l, err
}

func (s *Service) linkByID(ctx context.Context, q store.Querier, id int64) (Link, error) {
	l, err := s.scanLink(q.QueryRowContext(ctx, `SELECT `+linkColumns+` FROM exchange_links WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Link{}, notFound("no link #%d", id)
	}
	return l, err
}

// LinksOf lists the links by may manage, by name.
func (s *Service) LinksOf(ctx context.Context, by auth.Admin) ([]Link, error) {
	all, err := s.Links(ctx)
	if err != nil {
		return nil, err
	}
	out := []Link{}
	for _, l := range all {
		if mayManage(by, l.Regions) {
			out = append(out, l)
		}
	}
	return out, nil
}

// Links lists every link by name.
func (s *Service) Links(ctx context.Context) ([]Link, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+linkColumns+` FROM exchange_links ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("exchange: links: %w", err)
	}
	defer rows.Close()
	out := []Link{}
	for rows.Next() {
		l, err := s.scanLink(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// RemoveLink removes the link called name (audited). A link that orders
// went over is kept (their status still comes back over it): ErrConflict.
// A link outside by's part of the tree is not found.
func (s *Service) RemoveLink(ctx context.Context, by auth.Admin, name string) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		l, err := s.LinkNamed(ctx, tx, name)
		if err != nil {
			return err
		}
		if !mayManage(by, l.Regions) {
			return notFound("no link named %q — 没有这个链路", name)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM exchange_orders WHERE link_id = ?`, l.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("%w: link %q carried %d orders; it stays so their status can still come back — 该链路已交换 %d 件工单，不能删除",
				ErrConflict, name, n, n)
		}
		for _, q := range []string{`DELETE FROM exchange_category_map WHERE link_id = ?`, `DELETE FROM exchange_nonces WHERE link_id = ?`,
			`DELETE FROM exchange_inbox WHERE link_id = ?`, `DELETE FROM exchange_links WHERE id = ?`} {
			if _, err := tx.ExecContext(ctx, q, l.ID); err != nil {
				return fmt.Errorf("exchange: remove link: %w", err)
			}
		}
		return by.Record(ctx, tx, s.clock(), "exchange.link.remove", "exchange_link:"+l.Name, l.Direction+" "+l.BaseURL)
	})
}

// covers reports the longest of l's region codes that code lies under
// ("" when none).
func (l Link) covers(code string) string {
	best := ""
	for _, r := range l.Regions {
		if strings.HasPrefix(code, r) && len(r) > len(best) {
			best = r
		}
	}
	return best
}
