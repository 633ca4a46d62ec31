package server_test

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/server"
	"civicgrid/internal/store/storetest"
)

// The missing-year warning of /healthz follows the injected clock: in June
// 2026 the shipped calendar covers every deadline, whatever the wall clock
// says (from November 2026 on it would warn about 2027).
func TestHealthWarningFollowsTheClock(t *testing.T) {
	june := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	app, err := server.New(t.Context(), server.Options{DB: storetest.SQLite(t), DataDir: t.TempDir(),
		Now: func() time.Time { return june }})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	app.Handler.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	body, _ := io.ReadAll(rec.Body)
	if rec.Code != 200 || strings.Contains(string(body), "warnings") {
		t.Fatalf("healthz in June 2026: %d %s, want ok without warnings", rec.Code, body)
	}
}
