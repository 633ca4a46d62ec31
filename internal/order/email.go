package order

import (
	"net/mail"
	"strings"
)

const maxReporterEmail = 254 // RFC 5321's limit on a forward path

// cleanEmail checks a reporter's e-mail address: empty, or one bare
// address (no display name) of at most 254 characters.
func cleanEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if len(s) > maxReporterEmail {
		return "", invalid("reporter_email", "must be at most %d characters", maxReporterEmail)
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return "", invalid("reporter_email", "is not an e-mail address (name@example.com)")
	}
	return s, nil
}
