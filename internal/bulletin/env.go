package bulletin

import (
	"fmt"
	"net"
	"net/mail"
	"strings"
)

// MailerFromEnv is the mail relay the notifications use
// (CIVICGRID_SMTP_ADDR, host:port, and CIVICGRID_SMTP_FROM), read through
// getenv; nil when no relay is set, so bulletins are only read online.
func MailerFromEnv(getenv func(string) string) (Mailer, error) {
	addr := strings.TrimSpace(getenv("CIVICGRID_SMTP_ADDR"))
	if addr == "" {
		return nil, nil
	}
	if host, port, err := net.SplitHostPort(addr); err != nil || host == "" || port == "" {
		return nil, fmt.Errorf("bulletin: CIVICGRID_SMTP_ADDR %q: want host:port", addr)
	}
	from, err := mail.ParseAddress(getenv("CIVICGRID_SMTP_FROM"))
	if err != nil {
		return nil, fmt.Errorf("bulletin: CIVICGRID_SMTP_FROM %q: %v", getenv("CIVICGRID_SMTP_FROM"), err)
	}
	return SMTP{Addr: addr, Sender: from}, nil
}
