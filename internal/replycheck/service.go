package replycheck

import (
	"context"

	"civicgrid/internal/order"
)

// Service checks the replies of resolved orders.
type Service struct {
	Orders    *order.Service
	Relevance Relevancer // nil: relevance is not judged
}

// Checked is an order's reply and its check.
type Checked struct {
	Reply string
	Result
}

// ForOrders checks the latest reply of each of orders (read by the caller
// through the order service) that has one, keyed by number.
func (s *Service) ForOrders(ctx context.Context, orders []order.Order) (map[string]Checked, error) {
	replies, err := s.Orders.Replies(ctx, orders)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Checked, len(replies))
	for _, o := range orders {
		reply, ok := replies[o.Number]
		if !ok {
			continue
		}
		res, err := Check(ctx, s.Relevance, o.Description, reply)
		if err != nil {
			return nil, err
		}
		out[o.Number] = Checked{Reply: reply, Result: res}
	}
	return out, nil
}

// ForOrder checks the latest reply of the order with number as a may see
// it; ok is false when it has none yet. Outside a's scope it is
// order.ErrNotFound.
func (s *Service) ForOrder(ctx context.Context, a order.Actor, number string) (c Checked, ok bool, err error) {
	o, err := s.Orders.Get(ctx, a, number)
	if err != nil {
		return Checked{}, false, err
	}
	m, err := s.ForOrders(ctx, []order.Order{o})
	if err != nil {
		return Checked{}, false, err
	}
	c, ok = m[o.Number]
	return c, ok, nil
}
