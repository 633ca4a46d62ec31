package bulletin

import (
	"context"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/hottopic"
	"civicgrid/internal/order"
	"civicgrid/internal/report"
)

// maxTopics is how many hot topics a bulletin names.
const maxTopics = 5

// hotTopics groups the orders received at the bulletin's node in its
// period into topics (internal/hottopic), the largest first.
func (s *Service) hotTopics(ctx context.Context, b report.Bulletin) ([]report.HotTopic, error) {
	if s.orders == nil {
		return []report.HotTopic{}, nil
	}
	// Read as the node's own leader: the reader's scope covers the node
	// (the figures were computed for it), and the topics are the node's.
	u := auth.User{Role: auth.RoleLeader, NodeCode: b.Node}
	a := order.StaffActor(u, auth.ScopeOf(u, ""), "")
	var orders []order.Order
	for len(orders) < maxTopicOrders {
		page, err := s.orders.List(ctx, a, order.Filter{ReceivedSince: b.Period.From, ReceivedBefore: b.Period.To,
			Limit: order.MaxListLimit, Offset: len(orders)})
		if err != nil {
			return nil, err
		}
		orders = append(orders, page.Orders...)
		if len(page.Orders) < order.MaxListLimit {
			break
		}
	}
	window := b.Period.To.Sub(b.Period.From)
	found := hottopic.Find(orders, b.Period.To.Add(-time.Millisecond), hottopic.Options{Window: window, MaxOrders: maxTopicOrders})
	names, err := s.communityNames(ctx)
	if err != nil {
		return nil, err
	}
	out := []report.HotTopic{}
	for i, t := range found {
		if i == maxTopics {
			break
		}
		h := report.HotTopic{Words: t.Words, Count: t.Count, Rising: t.Rising()}
		for _, c := range t.Communities {
			h.Communities = append(h.Communities, names[c])
		}
		out = append(out, h)
	}
	return out, nil
}

// maxTopicOrders bounds the orders grouped, the newest first: the
// grouping compares every pair, so a bulletin keeps to the dashboard's
// bound (hottopic's default) rather than a busy month's every order.
const maxTopicOrders = 1000

func (s *Service) communityNames(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT code, name FROM regions WHERE level IN ('community','village')`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var code, name string
		if err := rows.Scan(&code, &name); err != nil {
			return nil, err
		}
		out[code] = name
	}
	return out, rows.Err()
}
