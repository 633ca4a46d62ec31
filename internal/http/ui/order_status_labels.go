package ui

import "civicgrid/internal/order"

// The order statuses' labels ("status.<code>") are the order engine's
// names, written once there (order.Status.Chinese and English).
func init() {
	m := make(map[string]message, len(order.Statuses()))
	for _, s := range order.Statuses() {
		m["status."+string(s)] = message{s.Chinese(), s.English()}
	}
	addDomainLabels(m)
}
