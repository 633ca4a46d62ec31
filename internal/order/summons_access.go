package order

import (
	"context"
	"fmt"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// loadReadable loads the order with number for reading: what canSee
// allows, and also an order a department was summoned to (吹哨报到) — it
// must read what it is called to before it reports in. Reading only:
// acting, revealing the reporter or appending to the timeline still take
// canSee and the handler rules. Anyone else gets ErrNotFound.
func (s *Service) loadReadable(ctx context.Context, q store.Querier, a Actor, number string) (Order, error) {
	o, err := load(ctx, q, number)
	if err != nil {
		return Order{}, err
	}
	if a.canSee(&o) {
		return o, nil
	}
	ok, err := summonedTo(ctx, q, a, o.ID)
	if err != nil {
		return Order{}, err
	}
	if !ok {
		return Order{}, notFound(number)
	}
	return o, nil
}

// summonedTo reports whether a is a department named in a summons on the
// order (reported in or not: it keeps reading what it took part in).
func summonedTo(ctx context.Context, q store.Querier, a Actor, orderID int64) (bool, error) {
	dept := a.Scope.DepartmentCode()
	if a.Role != auth.RoleDepartment || dept == "" {
		return false, nil
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM order_summons s JOIN order_summons_departments m ON m.summons_id = s.id
		WHERE s.order_id = ? AND m.department_code = ?`, orderID, dept).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("order: summoned to: %w", err)
	}
	return n > 0, nil
}
