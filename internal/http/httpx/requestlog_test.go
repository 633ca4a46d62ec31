package httpx

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// logLines decodes the JSON lines a test logger wrote.
func logLines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

func testChain(buf *bytes.Buffer) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /orders/{number}", func(w http.ResponseWriter, r *http.Request) {
		Log(r).Warn("looked at", "number", r.PathValue("number"))
		w.WriteHeader(http.StatusTeapot)
	})
	mux.HandleFunc("GET /boom", func(w http.ResponseWriter, r *http.Request) { panic("broken") })
	log := slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	// Something between the log and the mux copies the request, as the
	// authenticator does: the route must still reach the access line.
	copying := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { next.ServeHTTP(w, r.WithContext(r.Context())) })
	}
	return RequestLog{Logger: log}.Middleware(copying(NoteRoute(mux)))
}

func TestRequestLogCarriesRequestIDAndRoute(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	h := testChain(&buf)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/orders/A1", nil))
	id := rec.Header().Get(RequestIDHeader)
	if len(id) != 16 {
		t.Fatalf("request id %q, want 16 hex digits", id)
	}
	lines := logLines(t, &buf)
	if len(lines) != 2 {
		t.Fatalf("want the handler's line and the access line, got %v", lines)
	}
	for _, l := range lines {
		if l["request_id"] != id || l["route"] != "GET /orders/{number}" {
			t.Errorf("line %v: want request_id %s and the matched route", l, id)
		}
	}
	if lines[0]["msg"] != "looked at" || lines[0]["number"] != "A1" {
		t.Errorf("handler line %v", lines[0])
	}
	if lines[1]["msg"] != "http" || lines[1]["status"] != float64(http.StatusTeapot) || lines[1]["level"] != "DEBUG" {
		t.Errorf("access line %v", lines[1])
	}
	// A second request gets its own id.
	rec2 := httptest.NewRecorder()
	h.ServeHTTP(rec2, httptest.NewRequest("GET", "/orders/A2", nil))
	if rec2.Header().Get(RequestIDHeader) == id {
		t.Error("two requests share an id")
	}
}

func TestRequestLogTurnsAPanicIntoA500(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	rec := httptest.NewRecorder()
	testChain(&buf).ServeHTTP(rec, httptest.NewRequest("GET", "/boom", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", rec.Code)
	}
	lines := logLines(t, &buf)
	if len(lines) != 2 || lines[0]["msg"] != "handler panic" || lines[0]["panic"] != "broken" || lines[0]["route"] != "GET /boom" ||
		!strings.Contains(lines[0]["stack"].(string), "requestlog_test.go") {
		t.Fatalf("want the panic with its stack, then the access line: %v", lines)
	}
	if lines[1]["status"] != float64(500) || lines[1]["level"] != "WARN" || lines[1]["route"] != "GET /boom" {
		t.Errorf("access line %v: want a 500 at warn with the route", lines[1])
	}
}

func TestWriteJSONLogsThroughTheRequestsLogger(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	h := RequestLog{Logger: log}.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteJSON(&statusRecorder{ResponseWriter: w}, http.StatusOK, map[string]any{"x": func() {}}) // not encodable
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	lines := logLines(t, &buf)
	if len(lines) == 0 || lines[0]["msg"] != "write json" || lines[0]["request_id"] != rec.Header().Get(RequestIDHeader) {
		t.Fatalf("want the encoding failure logged with the request id: %v", lines)
	}
}
