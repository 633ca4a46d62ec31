package notify

import (
	"context"
	"strings"

	"civicgrid/internal/order"
)

// Sink delivers outbox events somewhere. Name is recorded with partial
// deliveries, so it must be stable and unique among a notifier's sinks.
// Deliver must honour ctx (the notifier's per-call timeout).
type Sink interface {
	Name() string
	Deliver(ctx context.Context, e order.OutboxEvent) error
}

// OnlyTopics restricts sink to events whose topic matches one of patterns:
// a topic ("order.escalate"), a prefix ending in "*" ("order.*"), or "*".
// An event the sink does not want counts as handled for it.
func OnlyTopics(sink Sink, patterns ...string) Sink {
	return filtered{Sink: sink, patterns: patterns}
}

type filtered struct {
	Sink
	patterns []string
}

func (f filtered) wants(topic string) bool {
	for _, p := range f.patterns {
		if p == topic || strings.HasSuffix(p, "*") && strings.HasPrefix(topic, strings.TrimSuffix(p, "*")) {
			return true
		}
	}
	return false
}

func wants(s Sink, topic string) bool {
	if f, ok := s.(filtered); ok {
		return f.wants(topic)
	}
	return true
}
