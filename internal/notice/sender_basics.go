package notice

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// senderBasics checks and completes what every sender to residents needs:
// templates a provider accepts, the site's address for the links (no
// trailing slash), a daily cap per number and a clock.
func senderBasics(ts *Templates, baseURL string, dailyCap int, now func() time.Time) (string, int, func() time.Time, error) {
	if err := ts.Check(); err != nil {
		return "", 0, nil, err
	}
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" {
		return "", 0, nil, fmt.Errorf("notice: base URL %q: want the site's http(s):// address for the links", baseURL)
	}
	if dailyCap <= 0 {
		dailyCap = DefaultDailyCap
	}
	if now == nil {
		now = time.Now
	}
	return strings.TrimRight(baseURL, "/"), dailyCap, now, nil
}
