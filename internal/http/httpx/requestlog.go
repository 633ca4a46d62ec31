package httpx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"
)

// RequestIDHeader names the id each response carries, so a user quoting
// it (or a proxy logging it) finds the request's lines in the log.
const RequestIDHeader = "X-Request-Id"

// requestScope is what the request log knows of one request. The route is
// filled in once the mux has matched it (NoteRoute), for the access line.
type requestScope struct {
	id    string
	log   *slog.Logger
	route string
}

type scopeKey struct{}

// RequestLog is the outermost middleware: it names each request, gives
// handlers a logger carrying that id (Log), turns a panic into a 500 with a
// logged stack, and writes one access line when the request ends — server
// errors at warn, the rest at debug so a busy hotline does not drown the log.
type RequestLog struct {
	// Logger is the server's logger; nil means slog.Default().
	Logger *slog.Logger
}

// Middleware wraps next; see RequestLog.
func (l RequestLog) Middleware(next http.Handler) http.Handler {
	base := l.Logger
	if base == nil {
		base = slog.Default()
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s := &requestScope{id: newRequestID()}
		s.log = base.With("request_id", s.id)
		w.Header().Set(RequestIDHeader, s.id)
		r = r.WithContext(context.WithValue(r.Context(), scopeKey{}, s))
		rec := &loggingRecorder{statusRecorder: statusRecorder{ResponseWriter: w}, log: s.log}
		defer func() {
			p := recover()
			if p == http.ErrAbortHandler {
				panic(p)
			}
			if p != nil {
				s.logger(r.Pattern).Error("handler panic", "method", r.Method, "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
				if rec.status == 0 {
					WriteError(rec, http.StatusInternalServerError, "internal", "internal error")
				}
			}
			status := rec.status
			if status == 0 {
				status = http.StatusOK
			}
			level := slog.LevelDebug
			if status >= 500 {
				level = slog.LevelWarn
			}
			s.logger(r.Pattern).Log(r.Context(), level, "http", "method", r.Method, "path", r.URL.Path,
				"status", status, "took", time.Since(start))
		}()
		next.ServeHTTP(rec, r)
	})
}

// NoteRoute wraps the mux so the access line names the matched route: the
// mux sets the pattern on the request it was handed, which the middleware
// outside it (holding an earlier copy) does not see.
func NoteRoute(mux http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() { // also when the handler panics
			if s, ok := r.Context().Value(scopeKey{}).(*requestScope); ok && r.Pattern != "" {
				s.route = r.Pattern
			}
		}()
		mux.ServeHTTP(w, r)
	})
}

func (s *requestScope) logger(pattern string) *slog.Logger {
	if pattern == "" {
		pattern = s.route
	}
	if pattern == "" {
		return s.log
	}
	return s.log.With("route", pattern)
}

// Log is the request's logger: the server's, with the request id and, once
// the mux has matched it, the route. Outside the server's chain (a test
// calling a handler alone) it is slog.Default().
func Log(r *http.Request) *slog.Logger {
	return logFor(r.Context(), r.Pattern)
}

// LogContext is Log for code that holds only the request's context.
func LogContext(ctx context.Context) *slog.Logger {
	return logFor(ctx, "")
}

func logFor(ctx context.Context, pattern string) *slog.Logger {
	if s, ok := ctx.Value(scopeKey{}).(*requestScope); ok {
		return s.logger(pattern)
	}
	return slog.Default()
}

// writerLog finds the request's logger through the response writer, for
// code handed only the writer (WriteJSON); the wrappers between unwrap.
func writerLog(w http.ResponseWriter) *slog.Logger {
	for w != nil {
		if l, ok := w.(*loggingRecorder); ok {
			return l.log
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			break
		}
		w = u.Unwrap()
	}
	return slog.Default()
}

// loggingRecorder records the status for the access line and carries the
// request's logger for writerLog.
type loggingRecorder struct {
	statusRecorder
	log *slog.Logger
}

func (l *loggingRecorder) Unwrap() http.ResponseWriter { return l.ResponseWriter }

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}
