package order

import (
	"context"
	"fmt"
)

// page returns one page of the orders a may see that also match cond (a
// WHERE term over alias o, with args), ordered by orderBy. It applies the
// same scope as List.
func (s *Service) page(ctx context.Context, a Actor, cond string, args []any, orderBy string, limit, offset int) (Page, error) {
	if limit <= 0 {
		limit = DefaultListLimit
	}
	if limit > MaxListLimit {
		return Page{}, invalid("limit", "at most %d", MaxListLimit)
	}
	if offset < 0 {
		return Page{}, invalid("offset", "must not be negative")
	}
	scope, scopeArgs, err := s.listWhere(a, Filter{})
	if err != nil || scope == "" {
		return Page{Orders: []Order{}}, err
	}
	where := scope + ` AND ` + cond
	args = append(scopeArgs, args...)
	var p Page
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders o WHERE `+where, args...).Scan(&p.Total); err != nil {
		return Page{}, fmt.Errorf("order: count: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+orderColumns+` FROM orders o WHERE `+where+
		` ORDER BY `+orderBy+` LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return Page{}, fmt.Errorf("order: select: %w", err)
	}
	var raw []Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			rows.Close()
			return Page{}, err
		}
		raw = append(raw, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Page{}, err
	}
	p.Orders = make([]Order, 0, len(raw))
	for _, o := range raw {
		if o.CoHandlers, err = coHandlers(ctx, s.db, o.ID); err != nil {
			return Page{}, err
		}
		v, err := s.view(a, o)
		if err != nil {
			return Page{}, err
		}
		p.Orders = append(p.Orders, v)
	}
	return p, nil
}
