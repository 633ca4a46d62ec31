package httpx

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/netip"
	"strings"
)

// DefaultMetricsAllow is who may read /metrics when nothing is configured:
// the machine itself.
const DefaultMetricsAllow = "127.0.0.0/8,::1"

// MetricsAccess says who may read /metrics: clients in the allowed ranges,
// and anyone presenting the bearer token. The zero value allows loopback
// only. The metrics name every route and its traffic, which tells an
// attacker what is used and when, so they are not public.
type MetricsAccess struct {
	allow     []netip.Prefix
	tokenHash [sha256.Size]byte
	hasToken  bool
	set       bool
}

// ParseMetricsAccess reads the allowed ranges ("10.0.0.0/8, ::1"; "none"
// for none, so only the token opens) and the bearer token ("" for none).
func ParseMetricsAccess(allow, token string) (MetricsAccess, error) {
	m := MetricsAccess{set: true}
	if strings.TrimSpace(allow) != "none" {
		var err error
		if m.allow, err = parsePrefixes(allow, "metrics address"); err != nil {
			return MetricsAccess{}, err
		}
	}
	if token != "" {
		if len(token) < 16 {
			return MetricsAccess{}, errors.New("metrics token: want at least 16 characters")
		}
		m.tokenHash, m.hasToken = sha256.Sum256([]byte(token)), true
	}
	return m, nil
}

var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// String says who may read, for the start-up log (never the token).
func (m MetricsAccess) String() string {
	allow := m.allow
	if !m.set {
		allow = loopback
	}
	parts := make([]string, 0, len(allow)+1)
	for _, p := range allow {
		parts = append(parts, p.String())
	}
	if m.hasToken {
		parts = append(parts, "bearer token")
	}
	if len(parts) == 0 {
		return "nobody"
	}
	return strings.Join(parts, ",")
}

// Guard serves next to the allowed clients only. The address is ClientIP,
// so behind a trusted proxy it is the real client; a request that came
// through a proxy we do not trust (it carries X-Forwarded-For or
// Forwarded) is never judged by address — otherwise a reverse proxy on
// the same machine would open /metrics to the internet as "loopback".
func (m MetricsAccess) Guard(next http.Handler) http.Handler {
	allow := m.allow
	if !m.set {
		allow = loopback
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if m.hasToken {
			if tok, ok := bearerToken(r); ok {
				sum := sha256.Sum256([]byte(tok))
				if subtle.ConstantTimeCompare(sum[:], m.tokenHash[:]) == 1 {
					next.ServeHTTP(w, r)
					return
				}
			}
		}
		if m.addressAllowed(r, allow) {
			next.ServeHTTP(w, r)
			return
		}
		if m.hasToken {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			WriteError(w, http.StatusUnauthorized, "unauthenticated", "metrics need the bearer token — 读取监控指标需要令牌")
			return
		}
		WriteError(w, http.StatusForbidden, "forbidden", "metrics are not open to your address — 您的地址无权读取监控指标")
	})
}

func (m MetricsAccess) addressAllowed(r *http.Request, allow []netip.Prefix) bool {
	a, err := netip.ParseAddr(ClientIP(r))
	if err != nil {
		return false
	}
	if forwardedUntrusted(r) {
		return false
	}
	a = a.Unmap()
	for _, p := range allow {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// forwardedUntrusted reports a request that names a forwarding proxy the
// client-address middleware did not believe: its peer is not the client.
func forwardedUntrusted(r *http.Request) bool {
	if r.Header.Get("X-Forwarded-For") == "" && r.Header.Get("Forwarded") == "" {
		return false
	}
	c, ok := r.Context().Value(clientKey{}).(client)
	return !ok || !c.forwarded
}
