package notify

import (
	"context"
	"log/slog"

	"civicgrid/internal/order"
)

// Log writes every event to a structured log.
type Log struct {
	Logger *slog.Logger // nil means slog.Default()
}

func (Log) Name() string { return "log" }

func (l Log) Deliver(ctx context.Context, e order.OutboxEvent) error {
	p, err := payload(e)
	if err != nil {
		return err
	}
	logger := l.Logger
	if logger == nil {
		logger = slog.Default()
	}
	attrs := []slog.Attr{slog.Int64("outbox_id", e.ID), slog.String("topic", e.Topic), slog.String("number", p.Number),
		slog.Int("seq", p.Seq), slog.String("to", string(p.To)), slog.String("level", p.Level), slog.String("handler", p.Handler)}
	if !p.DueAt.IsZero() {
		attrs = append(attrs, slog.Time("due_at", p.DueAt))
	}
	logger.LogAttrs(ctx, slog.LevelInfo, "order event", attrs...)
	return nil
}
