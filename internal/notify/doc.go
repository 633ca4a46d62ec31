// Package notify delivers the outbox (internal/order's outbox table,
// written in the same transaction as every order change) to sinks: the
// log (slog), a webhook (JSON POST signed with HMAC-SHA256) and e-mail
// (plain SMTP).
//
// A Notifier claims events with order.ClaimOutbox under a lease, so
// several notifiers (one per app node) deliver each event once; a failed
// delivery is retried with exponential backoff, and after MaxAttempts the
// event is parked as failed (outbox.failed_at, with last_error) and stays
// visible (Failed) until an admin requeues it (Retry). When one sink of
// several fails, those that took the event are recorded
// (outbox_deliveries) and not sent it again on the retry.
//
// Payloads are the outbox payloads: they name the order and the step,
// never the reporter; nothing here adds personal data.
//
// Configuration from the environment (SinksFromEnv):
//
//	CIVICGRID_NOTIFY_LOG=off     no log sink (default: every event is logged at Info)
//	CIVICGRID_WEBHOOK_URL        http(s) URL to POST every event to
//	CIVICGRID_WEBHOOK_SECRET     HMAC-SHA256 key (required with the URL, ≥ 16 bytes)
//	CIVICGRID_WEBHOOK_TOPICS     comma-separated topics (order.* style prefixes allowed); default all
//	CIVICGRID_SMTP_ADDR          host:port of a plain SMTP relay (no TLS, no auth)
//	CIVICGRID_SMTP_FROM          sender address (required with the address)
//	CIVICGRID_SMTP_TO            comma-separated recipients (required with the address)
//	CIVICGRID_SMTP_TOPICS        topics to mail; default the deadline topics (sweep.Topics)
package notify
