package server_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"civicgrid/internal/server"
	"civicgrid/internal/store/storetest"
)

// syncBuffer is a log sink the handler may write from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The logger given to server.New gets every request's access line, with
// the id the response names and the route the mux matched, through the
// whole chain (the authenticator copies the request on the way).
func TestRequestsAreLoggedWithTheirIDAndRoute(t *testing.T) {
	var buf syncBuffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	app, err := server.New(t.Context(), server.Options{DB: storetest.SQLite(t), DataDir: t.TempDir(), Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, path := range []string{"/healthz", "/api/v1/regions/999999"} {
		rec := httptest.NewRecorder()
		app.Handler.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		id := rec.Header().Get("X-Request-Id")
		if id == "" || ids[id] {
			t.Fatalf("%s: X-Request-Id %q (seen: %v)", path, id, ids)
		}
		ids[id] = true
		var access map[string]any
		for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			var m map[string]any
			if json.Unmarshal([]byte(l), &m) == nil && m["msg"] == "http" && m["request_id"] == id {
				access = m
			}
		}
		if access == nil {
			t.Fatalf("%s: no access line with request_id %s in:\n%s", path, id, buf.String())
		}
		if access["path"] != path || access["status"] != float64(rec.Code) || access["route"] == nil || access["route"] == "" {
			t.Errorf("%s: access line %v (status %d)", path, access, rec.Code)
		}
		if path == "/healthz" && access["route"] != "GET /healthz" {
			t.Errorf("route %v, want GET /healthz", access["route"])
		}
	}
}
