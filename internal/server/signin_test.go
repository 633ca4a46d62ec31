package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"civicgrid/internal/store/storetest"
)

// postForm sends a form without following redirects, with extra headers.
func postForm(t *testing.T, base, path string, form url.Values, header ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func sessionCookie(resp *http.Response) bool {
	for _, c := range resp.Cookies() {
		if c.Name == "civicgrid_session" && c.Value != "" {
			return true
		}
	}
	return false
}

// Login CSRF: another site must not sign the visitor into an account of
// its choosing, through the page or the API.
func TestCrossSiteSignInGetsNoSession(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	creds := url.Values{"username": {"street"}, "password": {"correct horse battery"}}
	for _, h := range [][]string{
		{"Sec-Fetch-Site", "cross-site"},
		{"Sec-Fetch-Site", "same-site"},
		{"Origin", "https://evil.example"},
	} {
		resp := postForm(t, e.srv.URL, "/signin", creds, h...)
		if resp.StatusCode != http.StatusForbidden || sessionCookie(resp) {
			t.Errorf("page sign-in with %v: %d, session %v; want 403 and none", h, resp.StatusCode, sessionCookie(resp))
		}
		b := newBrowser(t, e.srv.URL)
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/session",
			strings.NewReader(`{"username":"street","password":"correct horse battery"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(h[0], h[1])
		resp, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden || sessionCookie(resp) {
			t.Errorf("API sign-in with %v: %d; want 403 and no session", h, resp.StatusCode)
		}
	}
	// The site's own form, and clients that send neither header, sign in.
	for _, h := range [][]string{{"Sec-Fetch-Site", "same-origin"}, {"Origin", e.srv.URL}, nil} {
		resp := postForm(t, e.srv.URL, "/signin", creds, h...)
		if resp.StatusCode != http.StatusSeeOther || !sessionCookie(resp) {
			t.Errorf("page sign-in with %v: %d, session %v; want 303 and a session", h, resp.StatusCode, sessionCookie(resp))
		}
	}
}

// An open redirect: next must stay on this site, however it is encoded.
func TestSignInNextStaysOnSite(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	for next, want := range map[string]string{
		"/\t/evil.example.com/x":  "/home",
		"/%09/evil.example.com/x": "/home",
		"/\\evil.example.com":     "/home",
		"/%5Cevil.example.com":    "/home",
		"//evil.example.com":      "/home",
		"/%2F%2Fevil.example.com": "/home",
		"/orders?status=new":      "/orders?status=new",
	} {
		resp := postForm(t, e.srv.URL, "/signin", url.Values{"username": {"street"},
			"password": {"correct horse battery"}, "next": {next}})
		if got := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || got != want {
			t.Errorf("next=%q: %d → %q, want 303 → %q", next, resp.StatusCode, got, want)
		}
	}
}
