package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/server"
	"civicgrid/internal/store/storetest"
)

// /metrics is loopback-only by default; a configured token opens it from
// anywhere, and a proxy we do not trust does not make its clients local.
func TestMetricsAreNotPublic(t *testing.T) {
	const token = "prometheus-scrape-token-42"
	get := func(t *testing.T, url string, header ...string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", url+"/metrics", nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	e := newEnv(t, storetest.SQLite(t))
	if st, b := get(t, e.srv.URL); st != http.StatusOK || !strings.Contains(b, "go_goroutines") {
		t.Fatalf("loopback reads metrics: %d %.200s", st, b)
	}
	if st, b := get(t, e.srv.URL, "X-Forwarded-For", "203.0.113.9"); st != http.StatusForbidden {
		t.Fatalf("a client behind an untrusted local proxy reads metrics: %d %.200s", st, b)
	}

	access, err := httpx.ParseMetricsAccess("none", token)
	if err != nil {
		t.Fatal(err)
	}
	e = newEnvWith(t, storetest.SQLite(t), func(o *server.Options) { o.Metrics = access })
	if st, b := get(t, e.srv.URL); st != http.StatusUnauthorized || !strings.Contains(b, "令牌") {
		t.Fatalf("token-only metrics without the token: %d %.200s", st, b)
	}
	if st, b := get(t, e.srv.URL, "Authorization", "Bearer "+token); st != http.StatusOK || !strings.Contains(b, "go_goroutines") {
		t.Fatalf("token-only metrics with the token: %d %.200s", st, b)
	}
}
