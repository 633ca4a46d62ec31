package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/errs"
	"civicgrid/internal/errs/errstest"
	"civicgrid/internal/grid"
	"civicgrid/internal/gridtask"
	"civicgrid/internal/imagemeta"
	"civicgrid/internal/ledger"
	"civicgrid/internal/mailbox"
	"civicgrid/internal/order"
	"civicgrid/internal/org"
	"civicgrid/internal/report"
	"civicgrid/internal/supervision"
)

// TestFailMapsEachKind: every kind has its status, and each domain's
// sentinels reach it through their kind — a ranking the viewer may not see
// is 403, not 500.
func TestFailMapsEachKind(t *testing.T) {
	t.Parallel()
	cases := []struct {
		err    error
		status int
		code   string
	}{
		{errs.New(errs.Invalid, "x"), 400, "invalid"},
		{errs.New(errs.NotFound, "x"), 404, "not_found"},
		{errs.New(errs.Conflict, "x"), 409, "conflict"},
		{errs.New(errs.Stale, "x"), 409, "stale_version"},
		{errs.New(errs.Forbidden, "x"), 403, "forbidden"},
		{errs.New(errs.TooMany, "x"), 429, "too_many_requests"},
		{errs.New(errs.Unauthenticated, "x"), 401, "unauthenticated"},
		{errs.New(errs.TooLarge, "x"), 413, "too_large"},
		{errs.New(errs.Unsupported, "x"), 415, "unsupported_media_type"},
		{errors.New("disk full"), 500, "internal"},
		{fmt.Errorf("%w: by community", report.ErrForbidden), 403, "forbidden"},
		{report.ErrBusy, 409, "conflict"},
		{fmt.Errorf("%w: node 1", report.ErrNotFound), 404, "not_found"},
		{gridtask.ErrForbidden, 403, "forbidden"},
		{mailbox.ErrForbidden, 403, "forbidden"},
		{supervision.ErrIllegalState, 409, "illegal_transition"},
		{order.ErrIllegalTransition, 409, "illegal_transition"},
		{order.ErrIdempotencyConflict, 409, "idempotency_conflict"},
		{order.ErrPhotoTooLarge, 413, "too_large"},
		{category.ErrStaleVersion, 409, "stale_version"},
		{&org.ValidationError{Field: "name", Msg: "empty"}, 400, "invalid"},
		{org.ErrConflict, 409, "conflict"},
		{fmt.Errorf("%w: building 1 still has units", grid.ErrInUse), 409, "conflict"},
		{ledger.ErrFormat, 400, "invalid"},
		{imagemeta.ErrMalformed, 400, "invalid"},
		{auth.ErrBadCredentials, 401, "bad_credentials"},
		{&auth.LockedOutError{Until: time.Now().Add(time.Minute)}, 429, "locked_out"},
	}
	for _, c := range cases {
		w := httptest.NewRecorder()
		fail(w, httptest.NewRequest(http.MethodGet, "/api/v1/x", nil), c.err)
		var body struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
			t.Fatalf("%v: %v", c.err, err)
		}
		if w.Code != c.status || body.Error.Code != c.code {
			t.Errorf("%v: %d %s, want %d %s", c.err, w.Code, body.Error.Code, c.status, c.code)
		}
		if c.status == 500 && body.Error.Message != "internal error" {
			t.Errorf("an unexpected error's text reached the client: %q", body.Error.Message)
		}
	}
}

// TestFailKeepsRetryAfter: a locked-out sign-in says when to come back.
func TestFailKeepsRetryAfter(t *testing.T) {
	t.Parallel()
	w := httptest.NewRecorder()
	fail(w, httptest.NewRequest(http.MethodPost, "/api/v1/session", nil),
		fmt.Errorf("sign in: %w", &auth.LockedOutError{Until: time.Now().Add(90 * time.Second)}))
	if ra := w.Header().Get("Retry-After"); ra != "90" && ra != "89" {
		t.Fatalf("Retry-After = %q, want about 90", ra)
	}
}

// TestFailEveryDomainsNotFoundAndForbidden: a not-found from any domain is
// 404 and a refusal 403, never the 500 an unknown error gets.
func TestFailEveryDomainsNotFoundAndForbidden(t *testing.T) {
	t.Parallel()
	for _, c := range errstest.NotFoundAndForbidden() {
		want := map[errs.Kind]int{errs.NotFound: http.StatusNotFound, errs.Forbidden: http.StatusForbidden}[c.Kind]
		w := httptest.NewRecorder()
		fail(w, httptest.NewRequest(http.MethodGet, "/api/v1/x", nil), c.Err)
		if w.Code != want {
			t.Errorf("%s: %d, want %d", c.Name, w.Code, want)
		}
	}
}
