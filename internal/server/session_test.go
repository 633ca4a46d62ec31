package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/server"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// browser is an HTTP client with a cookie jar, like a signed-in browser.
type browser struct {
	t    *testing.T
	c    *http.Client
	base string
	csrf string
}

func newBrowser(t *testing.T, base string) *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, c: &http.Client{Jar: jar}, base: base}
}

func (b *browser) do(method, path, body string, withCSRF bool) (int, []byte) {
	b.t.Helper()
	req, err := http.NewRequest(method, b.base+path, strings.NewReader(body))
	if err != nil {
		b.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if withCSRF {
		req.Header.Set("X-CSRF-Token", b.csrf)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

func (b *browser) signIn(user, password string) (int, []byte) {
	st, body := b.do("POST", "/api/v1/session", `{"username":"`+user+`","password":"`+password+`"}`, false)
	if st == http.StatusOK {
		var out struct {
			CSRF string `json:"csrf_token"`
		}
		if err := json.Unmarshal(body, &out); err != nil || out.CSRF == "" {
			b.t.Fatalf("sign-in reply has no csrf_token: %s", body)
		}
		b.csrf = out.CSRF
	}
	return st, body
}

func TestSessionCookieCSRFAndSignOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		b := newBrowser(t, e.srv.URL)
		if st, body := b.do("GET", "/api/v1/me", "", false); st != http.StatusUnauthorized {
			t.Fatalf("me before sign-in: %d %s", st, body)
		}
		if st, body := b.signIn("admin", "correct horse battery"); st != http.StatusOK {
			t.Fatalf("sign in: %d %s", st, body)
		}
		if st, body := b.do("GET", "/api/v1/me", "", false); st != http.StatusOK || !strings.Contains(string(body), `"username":"admin"`) {
			t.Fatalf("me after sign-in: %d %s", st, body)
		}
		dept := `{"code":"huanwei","name":"区环卫中心","region_code":"210504"}`
		before := count(t, db, "departments")
		if st, body := b.do("POST", "/api/v1/departments", dept, false); st != http.StatusForbidden {
			t.Fatalf("write without CSRF token: %d %s, want 403", st, body)
		}
		if n := count(t, db, "departments"); n != before {
			t.Fatalf("a refused write changed departments: %d → %d", before, n)
		}
		if st, body := b.do("POST", "/api/v1/departments", dept, true); st != http.StatusCreated {
			t.Fatalf("write with CSRF token: %d %s", st, body)
		}
		var audited int
		if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE action = 'department.create' AND actor_name = 'admin'`).Scan(&audited); err != nil || audited != 1 {
			t.Fatalf("department.create audited %d times (%v), want 1", audited, err)
		}
		if st, body := b.do("DELETE", "/api/v1/session", "", true); st != http.StatusNoContent {
			t.Fatalf("sign out: %d %s", st, body)
		}
		if st, _ := b.do("GET", "/api/v1/me", "", false); st != http.StatusUnauthorized {
			t.Fatalf("me after sign-out: %d, want 401", st)
		}
	})
}

func TestLockoutAfterFiveFailures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		b := newBrowser(t, e.srv.URL)
		for i := 1; i <= 4; i++ {
			if st, body := b.signIn("street", "wrong password!"); st != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d %s, want 401", i, st, body)
			}
		}
		st, body := b.signIn("street", "wrong password!")
		if st != http.StatusTooManyRequests || !strings.Contains(string(body), "locked_out") {
			t.Fatalf("fifth failure: %d %s, want 429 locked_out", st, body)
		}
		if st, body := b.signIn("street", "correct horse battery"); st != http.StatusTooManyRequests {
			t.Fatalf("right password while locked: %d %s, want 429", st, body)
		}
		// Unknown users answer like wrong passwords: no account enumeration.
		if st, body := b.signIn("nosuchuser", "whatever password"); st != http.StatusUnauthorized || !strings.Contains(string(body), "bad_credentials") {
			t.Fatalf("unknown user: %d %s", st, body)
		}
		var failures int
		if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE action LIKE 'signin.%'`).Scan(&failures); err != nil || failures < 6 {
			t.Fatalf("audited sign-in failures = %d (%v), want ≥ 6", failures, err)
		}
	})
}

func TestHealthMetricsAndBadInput(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	for _, c := range []struct {
		path string
		want int
		has  string
	}{
		{"/healthz", 200, `"status":"ok"`},
		{"/api/v1/locate?lat=41.3005&lng=123.8005", 200, `"code":"210504002001001"`},
		{"/api/v1/locate?lat=41.3005", 400, "lat and lng"},
		{"/api/v1/locate?lat=abc&lng=1", 400, "lat and lng"},
		{"/api/v1/locate?lat=95&lng=123.8", 400, "latitude"},
		{"/api/v1/locate?lat=41.3&lng=200", 400, "longitude"},
		{"/api/v1/locate?lat=30&lng=100", 404, "outside_grids"},
		{"/api/v1/nothing", 404, "no such endpoint"},
		{"/metrics", 200, `civicgrid_http_requests_total{code="200",method="GET",route="GET /api/v1/locate"}`},
	} {
		st, body := e.do(t, "", "GET", c.path, "")
		if st != c.want || !strings.Contains(string(body), c.has) {
			t.Errorf("GET %s: %d, want %d containing %q; got %.300s", c.path, st, c.want, c.has, body)
		}
	}
	for _, body := range []string{``, `{`, `{"username":"a","password":"b","extra":1}`, `[1,2]`} {
		if st, out := e.do(t, "", "POST", "/api/v1/session", body); st != http.StatusBadRequest {
			t.Errorf("sign-in body %q: %d %s, want 400", body, st, out)
		}
	}
}

func TestServeStopsGracefully(t *testing.T) {
	db := storetest.SQLite(t)
	app, err := server.New(context.Background(), server.Options{DB: db, DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- server.ServeListener(ctx, ln, app.Handler, nil) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v after shutdown, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10 s of cancellation")
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Fatal("server still answers after shutdown")
	}
}
