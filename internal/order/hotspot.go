package order

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/store"
)

// Hotspot is many similar orders in one grid: at least the threshold
// number of orders of one category received there within the window.
// Patrol finds are left out (they are already the grid's own work), so
// are consultations (questions, not problems in the grid) and cancelled
// and merged orders (not real demand, or counted once through their
// master).
type Hotspot struct {
	GridCode    string
	Category    string
	Count       int
	Numbers     []string // newest first, at most maxHotspotNumbers
	First, Last time.Time
}

const maxHotspotNumbers = 20

// Hotspots lists the grid+category pairs with at least min orders received
// in [since, until], most orders first. until is inclusive: an order filed
// in the very millisecond of the check counts.
func (s *Service) Hotspots(ctx context.Context, since, until time.Time, min int) ([]Hotspot, error) {
	if min < 2 {
		return nil, invalid("min", "a hot spot needs at least 2 orders")
	}
	rows, err := s.db.QueryContext(ctx, `SELECT grid_code, category_code, COUNT(*), MIN(received_at), MAX(received_at)
		FROM orders WHERE received_at >= ? AND received_at <= ? AND grid_code <> '' AND channel <> ? AND kind <> ?
		AND status NOT IN (?, ?) GROUP BY grid_code, category_code HAVING COUNT(*) >= ?`,
		store.Millis(since), store.Millis(until), ChannelPatrol, category.KindConsult, string(StatusCancelled), string(StatusMerged), min)
	if err != nil {
		return nil, fmt.Errorf("order: hot spots: %w", err)
	}
	var out []Hotspot
	for rows.Next() {
		var h Hotspot
		var first, last int64
		if err := rows.Scan(&h.GridCode, &h.Category, &h.Count, &first, &last); err != nil {
			rows.Close()
			return nil, err
		}
		h.First, h.Last = store.Time(first), store.Time(last)
		out = append(out, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Numbers, err = s.hotspotNumbers(ctx, out[i], since, until); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].GridCode+out[i].Category < out[j].GridCode+out[j].Category
	})
	return out, nil
}

func (s *Service) hotspotNumbers(ctx context.Context, h Hotspot, since, until time.Time) ([]string, error) {
	out, err := store.Strings(s.db.QueryContext(ctx, `SELECT number FROM orders WHERE grid_code = ? AND category_code = ?
		AND received_at >= ? AND received_at <= ? AND channel <> ? AND kind <> ? AND status NOT IN (?, ?)
		ORDER BY received_at DESC, id DESC LIMIT ?`, h.GridCode, h.Category, store.Millis(since), store.Millis(until),
		ChannelPatrol, category.KindConsult, string(StatusCancelled), string(StatusMerged), maxHotspotNumbers))
	if err != nil {
		return nil, fmt.Errorf("order: hot spot %s/%s: %w", h.GridCode, h.Category, err)
	}
	return out, nil
}

// String is a one-line description for logs.
func (h Hotspot) String() string {
	return fmt.Sprintf("%s %s ×%d (%s)", h.GridCode, h.Category, h.Count, strings.Join(h.Numbers, ","))
}
