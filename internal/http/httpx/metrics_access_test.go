package httpx

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestMetricsAccess(t *testing.T) {
	t.Parallel()
	const token = "s3cret-metrics-token-0123"
	proxies, err := ParseProxies("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	configured, err := ParseMetricsAccess("10.20.0.0/16, 192.0.2.7", token)
	if err != nil {
		t.Fatal(err)
	}
	tokenOnly, err := ParseMetricsAccess("none", token)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		access  MetricsAccess
		proxies Proxies
		peer    string
		header  map[string]string
		want    int
	}{
		{"default: loopback", MetricsAccess{}, Proxies{}, "127.0.0.1:4000", nil, 200},
		{"default: IPv6 loopback", MetricsAccess{}, Proxies{}, "[::1]:4000", nil, 200},
		{"default: anyone else", MetricsAccess{}, Proxies{}, "203.0.113.9:4000", nil, 403},
		{"default: a token is no use when none is set", MetricsAccess{}, Proxies{}, "203.0.113.9:4000",
			map[string]string{"Authorization": "Bearer " + token}, 403},
		{"default: through an untrusted proxy on this machine", MetricsAccess{}, Proxies{}, "127.0.0.1:4000",
			map[string]string{"X-Forwarded-For": "203.0.113.9"}, 403},
		{"default: through a trusted proxy, the client decides", MetricsAccess{}, proxies, "127.0.0.1:4000",
			map[string]string{"X-Forwarded-For": "203.0.113.9"}, 403},
		{"default: a trusted proxy forwarding this machine", MetricsAccess{}, proxies, "127.0.0.1:4000",
			map[string]string{"X-Forwarded-For": "127.0.0.1"}, 200},
		{"configured range", configured, Proxies{}, "10.20.3.4:4000", nil, 200},
		{"configured address", configured, Proxies{}, "192.0.2.7:4000", nil, 200},
		{"configured: loopback is no longer in the list", configured, Proxies{}, "127.0.0.1:4000", nil, 401},
		{"configured: outsider", configured, Proxies{}, "203.0.113.9:4000", nil, 401},
		{"configured: outsider with the token", configured, Proxies{}, "203.0.113.9:4000",
			map[string]string{"Authorization": "Bearer " + token}, 200},
		{"configured: a wrong token", configured, Proxies{}, "203.0.113.9:4000",
			map[string]string{"Authorization": "Bearer " + token + "x"}, 401},
		{"configured: the token as basic auth", configured, Proxies{}, "203.0.113.9:4000",
			map[string]string{"Authorization": "Basic " + token}, 401},
		{"token only: loopback without it", tokenOnly, Proxies{}, "127.0.0.1:4000", nil, 401},
		{"token only: with it", tokenOnly, Proxies{}, "127.0.0.1:4000", map[string]string{"Authorization": "Bearer " + token}, 200},
	} {
		r := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		r.RemoteAddr = c.peer
		for k, v := range c.header {
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
		c.proxies.Middleware(c.access.Guard(ok)).ServeHTTP(w, r)
		if w.Code != c.want {
			t.Errorf("%s: %d %s, want %d", c.name, w.Code, w.Body, c.want)
		}
		if w.Code == http.StatusUnauthorized && w.Header().Get("WWW-Authenticate") == "" {
			t.Errorf("%s: 401 without WWW-Authenticate", c.name)
		}
	}
}

func TestParseMetricsAccessRefusesBadInput(t *testing.T) {
	t.Parallel()
	for _, c := range [][2]string{{"10.0.0.0/40", ""}, {"metrics.example", ""}, {"", "short"}} {
		if _, err := ParseMetricsAccess(c[0], c[1]); err == nil {
			t.Errorf("ParseMetricsAccess(%q, %q) accepted", c[0], c[1])
		}
	}
	m, err := ParseMetricsAccess(DefaultMetricsAllow, "")
	if err != nil || m.String() != "127.0.0.0/8,::1/128" {
		t.Errorf("default: %q %v", m.String(), err)
	}
	if m, _ := ParseMetricsAccess("none", ""); m.String() != "nobody" {
		t.Errorf("none: %q", m.String())
	}
}
