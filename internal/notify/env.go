package notify

import (
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"strings"

	"civicgrid/internal/sweep"
)

// SinksFromEnv builds the sinks the environment asks for (see the
// package documentation), reading variables through getenv (os.Getenv).
func SinksFromEnv(getenv func(string) string, logger *slog.Logger) ([]Sink, error) {
	var sinks []Sink
	if !strings.EqualFold(strings.TrimSpace(getenv("CIVICGRID_NOTIFY_LOG")), "off") {
		sinks = append(sinks, Log{Logger: logger})
	}
	if raw := strings.TrimSpace(getenv("CIVICGRID_WEBHOOK_URL")); raw != "" {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("notify: CIVICGRID_WEBHOOK_URL %q: want an http:// or https:// URL", raw)
		}
		secret := getenv("CIVICGRID_WEBHOOK_SECRET")
		if len(secret) < 16 {
			return nil, fmt.Errorf("notify: CIVICGRID_WEBHOOK_SECRET: want at least 16 bytes to sign webhooks (got %d)", len(secret))
		}
		var s Sink = &Webhook{URL: u.String(), Secret: []byte(secret)}
		if topics := list(getenv("CIVICGRID_WEBHOOK_TOPICS")); len(topics) > 0 {
			s = OnlyTopics(s, topics...)
		}
		sinks = append(sinks, s)
	}
	if addr := strings.TrimSpace(getenv("CIVICGRID_SMTP_ADDR")); addr != "" {
		if host, port, err := net.SplitHostPort(addr); err != nil || host == "" || port == "" {
			return nil, fmt.Errorf("notify: CIVICGRID_SMTP_ADDR %q: want host:port", addr)
		}
		from, err := mail.ParseAddress(getenv("CIVICGRID_SMTP_FROM"))
		if err != nil {
			return nil, fmt.Errorf("notify: CIVICGRID_SMTP_FROM %q: %v", getenv("CIVICGRID_SMTP_FROM"), err)
		}
		var to []*mail.Address
		for _, raw := range list(getenv("CIVICGRID_SMTP_TO")) {
			a, err := mail.ParseAddress(raw)
			if err != nil {
				return nil, fmt.Errorf("notify: CIVICGRID_SMTP_TO %q: %v", raw, err)
			}
			to = append(to, a)
		}
		if len(to) == 0 {
			return nil, fmt.Errorf("notify: CIVICGRID_SMTP_TO: no recipients for CIVICGRID_SMTP_ADDR %s", addr)
		}
		topics := list(getenv("CIVICGRID_SMTP_TOPICS"))
		if len(topics) == 0 {
			topics = sweep.Topics()
		}
		sinks = append(sinks, OnlyTopics(&SMTP{Addr: addr, From: from, To: to}, topics...))
	}
	return sinks, nil
}

func list(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
