package ui

import (
	"strings"
	"testing"
)

func TestSafeNextStaysOnSite(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                               "/home",
		"/admin/users?page=2":            "/admin/users?page=2",
		"/orders/202611230001#timeline":  "/orders/202611230001#timeline",
		"/orders?q=%E5%BC%A0&status=new": "/orders?q=%E5%BC%A0&status=new",
		"/track?number=1&last4=2":        "/track?number=1&last4=2",
		"/%252F%252Fstill-a-path":        "/%252F%252Fstill-a-path",
		"//evil.example/x":               "/home",
		"/\\evil.example":                "/home",
		"\\/evil.example":                "/home",
		"/x\\y":                          "/home",
		"https://evil.example/":          "/home",
		"http:/evil.example":             "/home",
		"javascript:alert(1)":            "/home",
		"admin":                          "/home",
		" /home":                         "/home",
		"/home\r\nSet-Cookie:x":          "/home",
		"/\t/evil.example.com/x":         "/home",
		"/\r/evil.example.com":           "/home",
		"/\n/evil.example.com":           "/home",
		"/\x00/evil.example.com":         "/home",
		"/\x7f/evil.example.com":         "/home",
		"/%09/evil.example.com/x":        "/home",
		"/%0d%0a/evil.example.com":       "/home",
		"/%2F%2Fevil.example.com":        "/home",
		"/%2f/evil.example.com":          "/home",
		"/%5Cevil.example.com":           "/home",
		"/%5c%5cevil.example.com":        "/home",
		"/\u3000/evil.example.com":       "/home",
		"/@evil.example.com":             "/@evil.example.com",
		"/" + strings.Repeat("a", 3000):  "/home",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTileSourceInCSP(t *testing.T) {
	for in, want := range map[string]string{
		"": "",
		"https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png": "https://*.tile.openstreetmap.org",
		"http://tiles.local:8080/{z}/{x}/{y}.png":            "http://tiles.local:8080",
		"javascript:alert(1)":                                "",
		"https://a.example'; script-src *;/x":                "",
	} {
		if got := tileSource(in); got != want {
			t.Errorf("tileSource(%q) = %q, want %q", in, got, want)
		}
	}
	u := &UI{o: Options{TileURL: "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"}}
	csp := u.contentSecurityPolicy()
	if !strings.Contains(csp, "img-src 'self' data: https://*.tile.openstreetmap.org;") || !strings.Contains(csp, "script-src 'self';") {
		t.Fatalf("CSP with tiles: %s", csp)
	}
	if csp := (&UI{}).contentSecurityPolicy(); strings.Contains(csp, "openstreetmap") {
		t.Fatalf("CSP without tiles: %s", csp)
	}
}
