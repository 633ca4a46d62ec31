package hottopic

import (
	"context"
	"time"

	"civicgrid/internal/order"
)

// Service finds the hot topics of the orders an actor may see.
type Service struct {
	Orders *order.Service
}

// For returns the hot topics of the orders a may see received in the
// window before now (at most opt.MaxOrders of them, newest first).
func (s *Service) For(ctx context.Context, a order.Actor, now time.Time, opt Options) ([]Topic, error) {
	opt = opt.withDefaults()
	var orders []order.Order
	for len(orders) < opt.MaxOrders {
		page, err := s.Orders.List(ctx, a, order.Filter{ReceivedSince: now.Add(-opt.Window), Limit: order.MaxListLimit, Offset: len(orders)})
		if err != nil {
			return nil, err
		}
		orders = append(orders, page.Orders...)
		if len(page.Orders) < order.MaxListLimit {
			break
		}
	}
	return Find(orders, now, opt), nil
}
