package order

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/classify"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// Get returns the order with number as a may see it; an order outside a's
// scope is ErrNotFound (a department summoned to it reads it:
// loadReadable).
func (s *Service) Get(ctx context.Context, a Actor, number string) (Order, error) {
	o, err := s.loadReadable(ctx, s.db, a, number)
	if err != nil {
		return Order{}, err
	}
	return s.view(a, o)
}

// Filter narrows List. Zero fields do not filter.
type Filter struct {
	Statuses []Status
	Category string // category code
	// Region is a region or grid code prefix (district, street, community
	// or grid); it narrows within the actor's scope, never widens it.
	Region      string
	Level       string // handler level
	HandlerCode string
	// DueBefore keeps open orders whose resolution is due before it
	// (overdue lists: pass now).
	DueBefore time.Time
	// ReceivedSince keeps orders received at or after it (today's intake).
	ReceivedSince time.Time
	// ReceivedBefore keeps orders received before it (a bulletin's week).
	ReceivedBefore time.Time
	// Q matches the number exactly, or text in the description or address.
	Q string
	// Phone finds a reporter's orders through the blind index; only
	// operators, dispatchers and supervisors may search by phone.
	Phone string
	// Channel keeps the orders that arrived by one channel (ChannelAPI
	// for Open311 requests).
	Channel string
	// DemandType keeps the orders of one 诉求类型.
	DemandType string
	Limit      int
	Offset     int
}

// Paging bounds.
const (
	DefaultListLimit = 50
	MaxListLimit     = 500
	maxQuery         = 100
)

// Page is one page of List.
type Page struct {
	Orders []Order
	Total  int // matching orders in all pages
}

// List returns the orders a may see that match f, newest first.
func (s *Service) List(ctx context.Context, a Actor, f Filter) (Page, error) {
	where, args, err := s.listWhere(a, f)
	if err != nil {
		return Page{}, err
	}
	limit, err := pageBounds(f.Limit, f.Offset)
	if err != nil {
		return Page{}, err
	}
	if where == "" {
		return Page{Orders: []Order{}}, nil
	}
	return s.fetchPage(ctx, a, where, args, `o.created_at DESC, o.id DESC`, limit, f.Offset)
}

// listWhere builds the WHERE clause: the actor's scope first (the same
// rule as canSee), then the filter. "" means the actor sees nothing.
func (s *Service) listWhere(a Actor, f Filter) (string, []any, error) {
	var conds []string
	var args []any
	switch a.Role {
	case "":
		return "", nil, nil
	case auth.RoleBuilding:
		if a.UserID == 0 {
			return "", nil, nil
		}
		conds, args = append(conds, `o.created_by = ?`), append(args, a.UserID)
	case auth.RoleDepartment:
		dept := a.Scope.DepartmentCode()
		if dept == "" {
			return "", nil, nil
		}
		conds = append(conds, `((o.handler_level = 'department' AND o.handler_code = ?) OR EXISTS (
			SELECT 1 FROM order_co_handlers h WHERE h.order_id = o.id AND h.department_code = ? AND h.removed_at = 0))`)
		args = append(args, dept, dept)
	default:
		prefix := a.Scope.RegionPrefix()
		if prefix == "" {
			return "", nil, nil
		}
		cond, cargs := locationPrefix(prefix)
		conds, args = append(conds, cond), append(args, cargs...)
	}
	if f.Region != "" {
		if strings.Trim(f.Region, "0123456789") != "" || len(f.Region) > 15 {
			return "", nil, invalid("region", "%q is not a region or grid code", f.Region)
		}
		cond, cargs := locationPrefix(f.Region)
		conds, args = append(conds, cond), append(args, cargs...)
	}
	if len(f.Statuses) > 0 {
		for _, st := range f.Statuses {
			if !slices.Contains(Statuses(), st) {
				return "", nil, invalid("status", "%q is not a status", st)
			}
			args = append(args, string(st))
		}
		conds = append(conds, `o.status IN (`+marks(len(f.Statuses))+`)`)
	}
	if f.Category != "" {
		conds, args = append(conds, `o.category_code = ?`), append(args, f.Category)
	}
	if f.Channel != "" {
		cond, err := channelCond(f.Channel)
		if err != nil {
			return "", nil, err
		}
		conds, args = append(conds, cond), append(args, f.Channel)
	}
	if f.DemandType != "" {
		if !slices.Contains(classify.Kinds, f.DemandType) {
			return "", nil, invalid("demand_type", "%q: want one of %s", f.DemandType, strings.Join(classify.Kinds, ", "))
		}
		conds, args = append(conds, `o.demand_type = ?`), append(args, f.DemandType)
	}
	if f.Level != "" {
		if !slices.Contains([]string{category.LevelCentre, category.LevelGrid, category.LevelStreet, category.LevelDepartment}, f.Level) {
			return "", nil, invalid("level", "%q: want centre, grid, street or department", f.Level)
		}
		conds, args = append(conds, `o.handler_level = ?`), append(args, f.Level)
	}
	if f.HandlerCode != "" {
		conds, args = append(conds, `o.handler_code = ?`), append(args, f.HandlerCode)
	}
	if !f.DueBefore.IsZero() {
		conds = append(conds, `o.status IN ('new','pending','dispatched','processing') AND o.resolve_due_at < ?`)
		args = append(args, store.Millis(f.DueBefore))
	}
	if !f.ReceivedBefore.IsZero() {
		conds, args = append(conds, `o.received_at < ?`), append(args, store.Millis(f.ReceivedBefore))
	}
	if !f.ReceivedSince.IsZero() {
		conds, args = append(conds, `o.received_at >= ?`), append(args, store.Millis(f.ReceivedSince))
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		if utf8.RuneCountInString(q) > maxQuery {
			return "", nil, invalid("q", "at most %d characters", maxQuery)
		}
		like := "%" + escapeLike(q) + "%"
		conds = append(conds, `(o.number = ? OR o.description LIKE ? ESCAPE '\' OR o.address LIKE ? ESCAPE '\')`)
		args = append(args, q, like, like)
	}
	if f.Phone != "" {
		if !a.privileged() {
			return "", nil, &TransitionError{Role: a.Role, forbidden: true, Action: "search", Msg: "only operators, dispatchers and supervisors may search by phone"}
		}
		blinds := s.keys.BlindAll(pii.NormalizePhone(f.Phone))
		if len(blinds) == 0 {
			return "", nil, invalid("phone", "empty")
		}
		conds = append(conds, `o.reporter_phone_blind IN (`+marks(len(blinds))+`)`)
		for _, b := range blinds {
			args = append(args, b)
		}
	}
	return strings.Join(conds, " AND "), args, nil
}

// locationPrefix matches orders located under a code prefix: by grid, or
// by community for orders known only by their community. prefix is
// digits only, so it holds no LIKE wildcard.
func locationPrefix(prefix string) (string, []any) {
	return `(o.grid_code LIKE ? OR (o.grid_code = '' AND o.community_code LIKE ?))`, []any{prefix + "%", prefix + "%"}
}

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
