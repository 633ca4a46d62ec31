package supervision

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"civicgrid/internal/auth"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// Get returns case id if a may see its order.
func (s *Service) Get(ctx context.Context, a order.Actor, id int64) (Case, error) {
	c, err := loadCase(ctx, s.db, id)
	if err != nil {
		return Case{}, err
	}
	_, err = s.orders.Lookup(ctx, s.db, a, c.Number)
	if errors.Is(err, order.ErrNotFound) {
		return Case{}, fmt.Errorf("%w: %w", caseNotFound(id), err)
	}
	if err != nil {
		return Case{}, err
	}
	return c, nil
}

// Filter narrows List; zero fields do not filter.
type Filter struct {
	Status Status
	Number string // the order
	Limit  int
	Offset int
}

// Page is one page of List.
type Page struct {
	Cases []Case
	Total int
}

const (
	defaultLimit = 50
	maxLimit     = 500
)

// List returns the cases a may see, the soonest due first: supervisors
// and leaders those on orders in their area, a department those on the
// orders it now leads, other node users (street, community, grid) those
// on orders in their area.
func (s *Service) List(ctx context.Context, a order.Actor, f Filter) (Page, error) {
	cond, args := scope(a)
	if cond == "" {
		return Page{Cases: []Case{}}, nil
	}
	if f.Status != "" {
		if !slices.Contains([]Status{StatusOpen, StatusAnswered, StatusClosed}, f.Status) {
			return Page{}, invalid("status", "%q: want open, answered or closed", f.Status)
		}
		cond, args = cond+` AND c.status = ?`, append(args, string(f.Status))
	}
	if f.Number != "" {
		cond, args = cond+` AND c.order_number = ?`, append(args, f.Number)
	}
	return s.page(ctx, cond, args, f.Limit, f.Offset)
}

// Overdue lists the open cases in a's scope whose due date has passed
// without an answer, the longest overdue first.
func (s *Service) Overdue(ctx context.Context, a order.Actor, limit, offset int) (Page, error) {
	cond, args := scope(a)
	if cond == "" {
		return Page{Cases: []Case{}}, nil
	}
	return s.page(ctx, cond+` AND c.status = 'open' AND c.due_at < ?`, append(args, store.Millis(s.clockNow())), limit, offset)
}

// scope is the WHERE term for the cases a may see; "" sees none.
func scope(a order.Actor) (string, []any) {
	switch a.Role {
	case "", auth.RoleBuilding:
		return "", nil
	case auth.RoleDepartment:
		dept := a.Scope.DepartmentCode()
		if dept == "" {
			return "", nil
		}
		return `EXISTS (SELECT 1 FROM orders o WHERE o.id = c.order_id AND o.handler_level = 'department' AND o.handler_code = ?)`,
			[]any{dept}
	default:
		prefix := a.Scope.RegionPrefix()
		if prefix == "" {
			return "", nil
		}
		return `c.location_code LIKE ?`, []any{prefix + "%"}
	}
}

func (s *Service) page(ctx context.Context, cond string, args []any, limit, offset int) (Page, error) {
	if limit <= 0 {
		limit = defaultLimit
	}
	if limit > maxLimit {
		return Page{}, invalid("limit", "at most %d", maxLimit)
	}
	if offset < 0 {
		return Page{}, invalid("offset", "must not be negative")
	}
	var p Page
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM supervision_cases c WHERE `+cond, args...).Scan(&p.Total); err != nil {
		return Page{}, fmt.Errorf("supervision: count: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+caseColumns+` FROM supervision_cases c WHERE `+cond+
		` ORDER BY c.due_at, c.id LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return Page{}, fmt.Errorf("supervision: list: %w", err)
	}
	p.Cases = []Case{}
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			rows.Close()
			return Page{}, err
		}
		p.Cases = append(p.Cases, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Page{}, err
	}
	for i := range p.Cases {
		if p.Cases[i].Accountability, err = accountability(ctx, s.db, p.Cases[i].ID); err != nil {
			return Page{}, err
		}
	}
	return p, nil
}
