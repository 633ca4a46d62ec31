package order

import (
	"context"
	"fmt"
	"slices"
)

// page returns one page of the orders a may see that also match cond (a
// WHERE term over alias o, with args), ordered by orderBy. It applies the
// same scope as List.
func (s *Service) page(ctx context.Context, a Actor, cond string, args []any, orderBy string, limit, offset int) (Page, error) {
	limit, err := pageBounds(limit, offset)
	if err != nil {
		return Page{}, err
	}
	scope, scopeArgs, err := s.listWhere(a, Filter{})
	if err != nil || scope == "" {
		return Page{Orders: []Order{}}, err
	}
	return s.fetchPage(ctx, a, scope+` AND `+cond, append(scopeArgs, args...), orderBy, limit, offset)
}

// pageBounds checks paging and applies the default limit.
func pageBounds(limit, offset int) (int, error) {
	if limit <= 0 {
		limit = DefaultListLimit
	}
	if limit > MaxListLimit {
		return 0, invalid("limit", "at most %d", MaxListLimit)
	}
	if offset < 0 {
		return 0, invalid("offset", "must not be negative")
	}
	return limit, nil
}

// fetchPage counts the orders matching where, reads one page of them and
// returns each as a sees it (co-handlers filled in, reporter masked).
func (s *Service) fetchPage(ctx context.Context, a Actor, where string, args []any, orderBy string, limit, offset int) (Page, error) {
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

// channelCond is the WHERE term of Filter.Channel (one argument, the
// channel), or a *ValidationError for an unknown channel.
func channelCond(channel string) (string, error) {
	if !slices.Contains(channels, channel) {
		return "", invalid("channel", "%q: want one of %v", channel, channels)
	}
	return `o.channel = ?`, nil
}
