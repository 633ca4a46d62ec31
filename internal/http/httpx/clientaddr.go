package httpx

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// TrustedProxiesEnv names the environment variable with the trusted proxy
// list, as the serve flag --trusted-proxies takes it.
const TrustedProxiesEnv = "CIVICGRID_TRUSTED_PROXIES"

// Proxies are the reverse proxies (load balancers, TLS terminators) whose
// X-Forwarded-For and X-Forwarded-Proto headers are believed. The zero
// value trusts none: every client is the TCP peer.
type Proxies struct {
	prefixes []netip.Prefix
}

// ParseProxies reads a comma-separated list of CIDR ranges or single
// addresses ("10.0.0.0/8, 192.0.2.7, ::1"). An empty list trusts none.
func ParseProxies(list string) (Proxies, error) {
	prefixes, err := parsePrefixes(list, "trusted proxy")
	return Proxies{prefixes: prefixes}, err
}

// parsePrefixes reads a comma-separated list of CIDR ranges or single
// addresses; what names the list in an error.
func parsePrefixes(list, what string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for item := range strings.SplitSeq(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if !strings.Contains(item, "/") {
			a, err := netip.ParseAddr(item)
			if err != nil {
				return nil, fmt.Errorf("%s %q: not an address or CIDR range", what, item)
			}
			a = a.Unmap()
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		pre, err := netip.ParsePrefix(item)
		if err != nil {
			return nil, fmt.Errorf("%s %q: not an address or CIDR range", what, item)
		}
		if pre.Addr().Is4In6() {
			pre = netip.PrefixFrom(pre.Addr().Unmap(), pre.Bits()-96)
		}
		out = append(out, pre.Masked())
	}
	return out, nil
}

// String lists the ranges, for the start-up log.
func (p Proxies) String() string {
	parts := make([]string, len(p.prefixes))
	for i, pre := range p.prefixes {
		parts[i] = pre.String()
	}
	return strings.Join(parts, ",")
}

func (p Proxies) trusts(a netip.Addr) bool {
	a = a.Unmap()
	for _, pre := range p.prefixes {
		if pre.Contains(a) {
			return true
		}
	}
	return false
}

// client is what Middleware learnt about a request's sender.
type client struct {
	addr string
	// forwarded: addr was read from X-Forwarded-For sent by a trusted
	// proxy, not taken from the TCP peer.
	forwarded bool
}

type clientKey struct{}

// Middleware finds each request's client address: the TCP peer, or, when
// the peer is a trusted proxy, the X-Forwarded-For entries read from the
// right, skipping trusted proxies, up to the first address that is not
// one. Entries left of that were written by the client and are ignored.
func (p Proxies) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := p.resolve(r)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientKey{}, c)))
	})
}

func (p Proxies) resolve(r *http.Request) client {
	peer := peerAddr(r)
	a, err := netip.ParseAddr(peer)
	if err != nil || !p.trusts(a) {
		return client{addr: peer}
	}
	c := client{addr: a.Unmap().String()}
	hops := forwardedFor(r)
	for i := len(hops) - 1; i >= 0; i-- {
		hop, ok := parseHop(hops[i])
		if !ok {
			break // a proxy we trust wrote nothing like this: stop here
		}
		c.addr, c.forwarded = hop.String(), true
		if !p.trusts(hop) {
			break
		}
	}
	return c
}

// forwardedFor is every X-Forwarded-For entry, all header lines joined in
// order, as the proxies appended them.
func forwardedFor(r *http.Request) []string {
	var out []string
	for _, line := range r.Header.Values("X-Forwarded-For") {
		for hop := range strings.SplitSeq(line, ",") {
			out = append(out, strings.TrimSpace(hop))
		}
	}
	return out
}

// parseHop reads one X-Forwarded-For entry: an address, perhaps with a
// port ("192.0.2.1:4711", "[2001:db8::1]:4711").
func parseHop(s string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}

func peerAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	if a, err := netip.ParseAddr(host); err == nil {
		return a.Unmap().String()
	}
	return host
}

// ClientIP is the client's address, for the audit log and the rate
// limits: what Proxies.Middleware found, or without it the TCP peer.
// X-Forwarded-For counts only when a trusted proxy sent it.
func ClientIP(r *http.Request) string {
	if c, ok := r.Context().Value(clientKey{}).(client); ok {
		return c.addr
	}
	return peerAddr(r)
}

// isTLS reports whether the client reached us over TLS, directly or through
// a proxy that says so; cookies are then marked Secure. Believing any
// sender here is harmless: a client can only make its own cookie Secure.
func isTLS(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}
