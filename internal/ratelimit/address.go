package ratelimit

import "net/netip"

// AddressKey is the key a client address is metered under: an IPv4
// address as it is, an IPv6 address by its /64, since one subscriber
// usually holds a whole /64 and could otherwise take a fresh address for
// every request. Anything that is not an address is its own key.
func AddressKey(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, err := a.WithZone("").Prefix(64)
	if err != nil {
		return a.String()
	}
	return p.String()
}
