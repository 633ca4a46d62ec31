package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/apikey"
	"civicgrid/internal/audit"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/ratelimit"
	"civicgrid/internal/server"
	"civicgrid/internal/store/storetest"
)

// behindProxy starts the server with the given limits behind a trusted
// proxy at 127.0.0.1, so each test request names its client in
// X-Forwarded-For.
func behindProxy(t *testing.T, limits httpx.Limits) *env {
	proxies, err := httpx.ParseProxies("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return newEnvWith(t, storetest.SQLite(t), func(o *server.Options) {
		o.TrustedProxies, o.Limits = proxies, limits
	})
}

func from(addr string) map[string]string { return map[string]string{"X-Forwarded-For": addr} }

// 500 anonymous orders in a second from one address were all accepted.
// Now one address gets its allowance across the JSON API, the /report form
// and Open311; another address, behind the same proxy, is not held back.
func TestAnonymousIntakeIsLimitedPerClientAddress(t *testing.T) {
	e := behindProxy(t, httpx.Limits{Intake: ratelimit.Rule{Events: 3, Per: time.Hour}})
	for i := range 3 {
		if st, _, b := e.post(t, "", "/api/v1/orders", residentReport, from("198.51.100.7")); st != http.StatusCreated {
			t.Fatalf("order %d: %d %s", i+1, st, b)
		}
	}
	st, h, b := e.post(t, "", "/api/v1/orders", residentReport, from("198.51.100.7"))
	if st != http.StatusTooManyRequests || !retryAfterNear(h.Get("Retry-After"), 1200) || !strings.Contains(string(b), "too_many_requests") ||
		!strings.Contains(string(b), "请 1200 秒后再试") {
		t.Fatalf("4th order from one address: %d, Retry-After %q, %s", st, h.Get("Retry-After"), b)
	}
	if st, _, b := e.post(t, "", "/api/v1/orders", residentReport, from("198.51.100.8")); st != http.StatusCreated {
		t.Fatalf("another resident behind the same proxy: %d %s", st, b)
	}
	// A forged header from an untrusted peer is not believed: that is
	// covered by httpx's tests; here staff are simply not metered.
	if st, _, b := e.post(t, "operator", "/api/v1/orders", strings.Replace(residentReport, `"web"`, `"hotline"`, 1), from("198.51.100.7")); st != http.StatusCreated {
		t.Fatalf("staff filing from the throttled address: %d %s", st, b)
	}

	// Every resident's post on the pages shares the same limit (ui.publicLimited).
	for _, path := range []string{"/report", "/public/wishes", "/public/deliberation", "/public/volunteer/checkin"} {
		resp := postForm(t, e.srv.URL, path, url.Values{"description": {"路灯不亮"}}, "X-Forwarded-For", "198.51.100.7")
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("%s from the throttled address: %d", path, resp.StatusCode)
		}
	}

	_, key, err := apikey.Add(context.Background(), e.db, "city app", "", audit.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	open311 := url.Values{"api_key": {key}, "service_code": {"corridor.clutter"}, "lat": {"41.3005"}, "long": {"123.8005"},
		"description": {"三单元楼道里堆满了旧家具"}}
	resp := postForm(t, e.srv.URL, "/open311/v2/requests.json", open311, "X-Forwarded-For", "198.51.100.7")
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("Open311 from the throttled address: %d", resp.StatusCode)
	}
	if resp := postForm(t, e.srv.URL, "/open311/v2/requests.json", open311, "X-Forwarded-For", "198.51.100.9"); resp.StatusCode != http.StatusOK {
		t.Fatalf("Open311 from a fresh address: %d", resp.StatusCode)
	}
	if n := count(t, e.db, "orders"); n != 6 {
		t.Fatalf("%d orders filed, want 6 (3 + 1 other resident + 1 staff + 1 Open311)", n)
	}
}

// Sign-in attempts are metered per address before any password is hashed.
func TestSignInAttemptsAreLimitedPerClientAddress(t *testing.T) {
	e := behindProxy(t, httpx.Limits{SignIn: ratelimit.Rule{Events: 2, Per: 10 * time.Minute}})
	form := url.Values{"username": {"street"}, "password": {"correct horse battery"}}
	for range 2 {
		if resp := postForm(t, e.srv.URL, "/signin", form, "X-Forwarded-For", "203.0.113.5"); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in within the allowance: %d", resp.StatusCode)
		}
	}
	resp := postForm(t, e.srv.URL, "/signin", form, "X-Forwarded-For", "203.0.113.5")
	if resp.StatusCode != http.StatusTooManyRequests || !retryAfterNear(resp.Header.Get("Retry-After"), 300) || sessionCookie(resp) {
		t.Fatalf("3rd sign-in from one address: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	st, h, b := e.post(t, "", "/api/v1/session", `{"username":"street","password":"correct horse battery"}`, from("203.0.113.5"))
	if st != http.StatusTooManyRequests || h.Get("Retry-After") == "" {
		t.Fatalf("API sign-in from the same address: %d %s", st, b)
	}
	if resp := postForm(t, e.srv.URL, "/signin", form, "X-Forwarded-For", "203.0.113.6"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("another address: %d", resp.StatusCode)
	}
}

// Tracking misses are metered per address on the API and the page alike.
func TestTrackingMissesAreLimitedPerClientAddress(t *testing.T) {
	e := behindProxy(t, httpx.Limits{TrackFailures: ratelimit.Rule{Events: 2, Per: 10 * time.Minute}})
	st, _, b := e.post(t, "", "/api/v1/orders", residentReport, nil)
	if st != http.StatusCreated {
		t.Fatalf("file: %d %s", st, b)
	}
	number := decodeOrder(t, b).Number
	get := func(path, addr string) *http.Response {
		req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
		req.Header.Set("X-Forwarded-For", addr)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	for _, digits := range []string{"0000", "1111"} {
		if resp := get("/api/v1/track/"+number+"?phone_last4="+digits, "192.0.2.44"); resp.StatusCode != http.StatusNotFound {
			t.Fatalf("wrong digits: %d", resp.StatusCode)
		}
	}
	for _, path := range []string{"/api/v1/track/" + number + "?phone_last4=5678", "/track?number=" + number + "&last4=5678"} {
		if resp := get(path, "192.0.2.44"); resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("%s after 2 misses: %d, want 429 with Retry-After", path, resp.StatusCode)
		}
	}
	if resp := get("/api/v1/track/"+number+"?phone_last4=5678", "192.0.2.45"); resp.StatusCode != http.StatusOK {
		t.Fatalf("right digits from another address: %d", resp.StatusCode)
	}
}

// retryAfterNear: the limiter runs on the wall clock, so a slow machine may
// spend a second or more between the first event and the refusal.
func retryAfterNear(header string, want int) bool {
	got, err := strconv.Atoi(header)
	return err == nil && got <= want && got >= want-30
}
