package ratelimit

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Rule is an allowance: Events at once, earned back evenly over Per.
// "20/10m" lets a key spend 20 at once and then one every 30 seconds.
type Rule struct {
	Events int
	Per    time.Duration
}

// Off reports whether the rule limits nothing (a zero rule, or "off").
func (r Rule) Off() bool { return r.Events <= 0 || r.Per <= 0 }

// String writes the rule as ParseRule reads it.
func (r Rule) String() string {
	if r.Off() {
		return "off"
	}
	return strconv.Itoa(r.Events) + "/" + shortDuration(r.Per)
}

// ParseRule reads "N/DURATION" (20/10m, 5/1h, 100/24h; a bare unit means
// one of it: 30/m) or "off".
func ParseRule(s string) (Rule, error) {
	s = strings.TrimSpace(s)
	if s == "off" {
		return Rule{}, nil
	}
	n, per, ok := strings.Cut(s, "/")
	events, err := strconv.Atoi(n)
	if !ok || err != nil || events < 1 {
		return Rule{}, fmt.Errorf("rate limit %q: want N/DURATION such as 20/10m, or off", s)
	}
	if per != "" && (per[0] < '0' || per[0] > '9') {
		per = "1" + per
	}
	d, err := time.ParseDuration(per)
	if err != nil || d < time.Second {
		return Rule{}, fmt.Errorf("rate limit %q: the period must be a duration of at least 1s such as 10m or 1h", s)
	}
	return Rule{Events: events, Per: d}, nil
}

// shortDuration drops the zero tails time.Duration.String writes (1h0m0s → 1h).
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}
