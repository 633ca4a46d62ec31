package property

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"civicgrid/internal/order"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/zone"
)

// Config is what the service needs.
type Config struct {
	DB   *store.DB
	Keys *pii.Keyring
	// Orders finds the orders staff link; nil refuses links.
	Orders *order.Service
	Now    func() time.Time
}

// Service keeps companies, contracts, committees and order links.
type Service struct{ cfg Config }

// New makes the service.
func New(cfg Config) (*Service, error) {
	if cfg.DB == nil || cfg.Keys == nil {
		return nil, errors.New("property: DB and Keys are required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg}, nil
}

func (s *Service) now() time.Time { return s.cfg.Now() }

// districtsCond is the condition on a district_code column for the
// districts the actor works in: the district of a street or community
// user, every district under a city user.
func districtsCond(a Actor, column string) (string, []any) {
	p := a.Scope.RegionPrefix()
	if len(p) >= 6 {
		return column + ` = ?`, []any{p[:6]}
	}
	return column + ` LIKE ?`, []any{p + "%"}
}

// estateIn returns the estate's community if the estate exists, is not
// retired and lies in the actor's scope.
func (s *Service) estateIn(ctx context.Context, q store.Querier, a Actor, id int64) (community, name string, err error) {
	var retired bool
	err = q.QueryRowContext(ctx, `SELECT community_code, name, retired_at IS NOT NULL FROM estates WHERE id = ?`, id).
		Scan(&community, &name, &retired)
	if errors.Is(err, sql.ErrNoRows) || err == nil && (retired || !a.Scope.CoversRegion(community)) {
		return "", "", notFound("compound %d — 小区不存在或不在管辖范围内", id)
	}
	return community, name, err
}

// cleanText trims s and checks its length in characters.
func cleanText(field, zh string, s string, max int, required bool) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "" && required:
		return "", invalid("%s: required — 请填写%s", field, zh)
	case utf8.RuneCountInString(s) > max:
		return "", invalid("%s: at most %d characters — %s不超过%d字", field, max, zh, max)
	}
	return s, nil
}

// parseDay reads a date (YYYY-MM-DD, China time).
func parseDay(field, zh, s string) (time.Time, error) {
	t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(s), zone.Shanghai())
	if err != nil {
		return time.Time{}, invalid("%s %q: want a date like 2026-12-31 — %s格式应为 2026-12-31", field, s, zh)
	}
	return t, nil
}

func day(t time.Time) string { return t.In(zone.Shanghai()).Format(time.DateOnly) }

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
