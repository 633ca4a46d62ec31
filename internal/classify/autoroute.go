package classify

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/errs"
	"civicgrid/internal/store"
)

// Automatic routing (docs/design.md §12): per category an admin may let
// the learned model file an order that came without a category, when its
// best suggestion is that category with a probability at or above the
// category's threshold. Everything else stays a suggestion a person
// confirms.

// ErrForbidden: only admins set automatic routing.
var ErrForbidden = errs.New(errs.Forbidden, "classify: only an admin sets automatic routing")

// Bounds of a threshold: below one half the model is as likely wrong as
// right.
const (
	MinThreshold = 0.5
	MaxThreshold = 0.99
)

// AutoRoutes returns the categories with automatic routing on and their
// thresholds.
func AutoRoutes(ctx context.Context, q store.Querier) (map[string]float64, error) {
	rows, err := q.QueryContext(ctx, `SELECT category_code, threshold FROM classify_autoroute`)
	if err != nil {
		return nil, fmt.Errorf("classify: auto routes: %w", err)
	}
	defer rows.Close()
	out := map[string]float64{}
	for rows.Next() {
		var code string
		var t float64
		if err := rows.Scan(&code, &t); err != nil {
			return nil, err
		}
		out[code] = t
	}
	return out, rows.Err()
}

// SetAutoRoute turns automatic routing of an active leaf category on at
// threshold (MinThreshold…MaxThreshold), or off with threshold 0; role is
// the acting user's and must administer; the change is audited.
func SetAutoRoute(ctx context.Context, db *store.DB, role string, a audit.Actor, code string, threshold float64, now time.Time) error {
	if !auth.CanAdminister(role) {
		return ErrForbidden
	}
	code = strings.TrimSpace(code)
	c, err := category.Get(ctx, db, code)
	if err != nil {
		return err
	}
	if threshold != 0 && (threshold < MinThreshold || threshold > MaxThreshold) {
		return invalid("threshold %g: want %g to %g, or 0 to turn automatic routing off — 阈值应在 %g 至 %g 之间",
			threshold, MinThreshold, MaxThreshold, MinThreshold, MaxThreshold)
	}
	if threshold != 0 && (!c.Leaf || !c.Active) {
		return invalid("category %s is not an active leaf — 只能为启用的末级分类开启自动派单", code)
	}
	return db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM classify_autoroute WHERE category_code = ?`, code); err != nil {
			return err
		}
		detail := "off"
		if threshold != 0 {
			var by any
			if a.UserID != 0 {
				by = a.UserID
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO classify_autoroute (category_code, threshold, updated_by, updated_at) VALUES (?, ?, ?, ?)`,
				code, threshold, by, store.Millis(now)); err != nil {
				return err
			}
			detail = fmt.Sprintf("threshold %g", threshold)
		}
		return a.Record(ctx, tx, now, "classify.autoroute", "category:"+code, detail)
	})
}

// AutoCategory is the category an order filed without one takes: the
// learned model's best suggestion for text when automatic routing is on
// for it and its probability reaches the threshold. ok is false otherwise
// (no learned model, routing off, or not confident enough).
func (s *Service) AutoCategory(ctx context.Context, text string) (code string, score float64, ok bool, err error) {
	routes, err := AutoRoutes(ctx, s.DB)
	if err != nil || len(routes) == 0 {
		return "", 0, false, err
	}
	res, err := s.Suggest(ctx, text, 1)
	if err != nil || !res.Learned || len(res.Categories) == 0 {
		return "", 0, false, err
	}
	best := res.Categories[0]
	t, on := routes[best.Category.Code]
	if !on || best.Score < t {
		return "", best.Score, false, nil
	}
	return best.Category.Code, best.Score, true, nil
}

// AutoRouteList is the categories with routing on, by code, for pages.
func AutoRouteList(routes map[string]float64) []string {
	out := make([]string, 0, len(routes))
	for c := range routes {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}
