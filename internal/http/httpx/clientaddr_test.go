package httpx

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestClientIPTrustsForwardedForOnlyFromTrustedProxies(t *testing.T) {
	t.Parallel()
	proxies, err := ParseProxies("10.0.0.0/8, 192.0.2.7, 2001:db8:ffff::/48")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"no proxy, header ignored", "203.0.113.9:5000", []string{"198.51.100.1"}, "203.0.113.9"},
		{"one trusted proxy", "10.1.2.3:443", []string{"198.51.100.1"}, "198.51.100.1"},
		{"client-forged entries left of the real one", "10.1.2.3:443", []string{"1.1.1.1, 6.6.6.6, 198.51.100.1"}, "198.51.100.1"},
		{"a chain of trusted proxies", "10.1.2.3:443", []string{"198.51.100.1, 192.0.2.7", "10.9.9.9"}, "198.51.100.1"},
		{"only proxies in the header", "10.1.2.3:443", []string{"10.4.4.4"}, "10.4.4.4"},
		{"trusted proxy, no header", "192.0.2.7:80", nil, "192.0.2.7"},
		{"garbage from the client is not read past", "10.1.2.3:443", []string{"evil, 198.51.100.1"}, "198.51.100.1"},
		{"garbage appended by a trusted hop stops the walk", "10.1.2.3:443", []string{"198.51.100.1, unknown"}, "10.1.2.3"},
		{"ports in entries", "10.1.2.3:443", []string{"[2001:db8::5]:4711"}, "2001:db8::5"},
		{"IPv6 proxy", "[2001:db8:ffff:1::2]:443", []string{"203.0.113.50"}, "203.0.113.50"},
		{"mapped IPv4 peer", "[::ffff:10.1.2.3]:443", []string{"203.0.113.51"}, "203.0.113.51"},
		{"untrusted peer spoofing a proxy address in XFF", "203.0.113.9:5000", []string{"10.1.2.3"}, "203.0.113.9"},
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = c.peer
		for _, line := range c.xff {
			r.Header.Add("X-Forwarded-For", line)
		}
		var got string
		proxies.Middleware(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = ClientIP(r) })).
			ServeHTTP(httptest.NewRecorder(), r)
		if got != c.want {
			t.Errorf("%s: ClientIP = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestClientIPWithoutMiddlewareIsThePeer(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "10.1.2.3:443"
	r.Header.Set("X-Forwarded-For", "198.51.100.1")
	if got := ClientIP(r); got != "10.1.2.3" {
		t.Fatalf("ClientIP = %q, want the peer", got)
	}
}

func TestParseProxies(t *testing.T) {
	t.Parallel()
	p, err := ParseProxies(" 10.0.0.0/8 ,, 192.0.2.7,::1, ::ffff:172.16.0.0/108 ")
	if err != nil {
		t.Fatal(err)
	}
	if got := p.String(); got != "10.0.0.0/8,192.0.2.7/32,::1/128,172.16.0.0/12" {
		t.Fatalf("parsed %s", got)
	}
	if p, err := ParseProxies(""); err != nil || p.String() != "" {
		t.Fatalf("empty list: %v %v", p, err)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.example", "10.0.0.1/8/8", "10.0.0"} {
		if _, err := ParseProxies(bad); err == nil {
			t.Errorf("ParseProxies(%q) accepted", bad)
		}
	}
}
