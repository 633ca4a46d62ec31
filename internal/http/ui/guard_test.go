package ui

import (
	"strings"
	"testing"
)

func TestSafeNextStaysOnSite(t *testing.T) {
	for in, want := range map[string]string{
		"":                      "/home",
		"/admin/users?page=2":   "/admin/users?page=2",
		"//evil.example/x":      "/home",
		"/\\evil.example":       "/home",
		"https://evil.example/": "/home",
		"admin":                 "/home",
		"/home\r\nSet-Cookie:x": "/home",
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
