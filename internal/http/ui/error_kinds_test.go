package ui

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"civicgrid/internal/errs"
	"civicgrid/internal/errs/errstest"
	"civicgrid/internal/gridtask"
	"civicgrid/internal/mailbox"
	"civicgrid/internal/order"
	"civicgrid/internal/report"
	"civicgrid/internal/supervision"
)

// TestErrorPagesCoverEveryKind: each kind has its status and a message in
// the catalogue, and domain sentinels reach them through their kind — a
// permission error is a 403 page, never the 500 one.
func TestErrorPagesCoverEveryKind(t *testing.T) {
	t.Parallel()
	cases := []struct {
		err    error
		status int
	}{
		{errs.New(errs.Invalid, "x"), http.StatusBadRequest},
		{errs.New(errs.NotFound, "x"), http.StatusNotFound},
		{errs.New(errs.Conflict, "x"), http.StatusConflict},
		{errs.New(errs.Stale, "x"), http.StatusConflict},
		{errs.New(errs.Forbidden, "x"), http.StatusForbidden},
		{errs.New(errs.TooMany, "x"), http.StatusTooManyRequests},
		{errs.New(errs.Unauthenticated, "x"), http.StatusUnauthorized},
		{errs.New(errs.TooLarge, "x"), http.StatusRequestEntityTooLarge},
		{errs.New(errs.Unsupported, "x"), http.StatusUnsupportedMediaType},
		{errors.New("disk full"), http.StatusInternalServerError},
		{fmt.Errorf("%w: by community", report.ErrForbidden), http.StatusForbidden},
		{supervision.ErrForbidden, http.StatusForbidden},
		{order.ErrForbidden, http.StatusForbidden},
		{gridtask.ErrForbidden, http.StatusForbidden},
		{mailbox.ErrNotFound, http.StatusNotFound},
		{order.ErrNotFound, http.StatusNotFound},
	}
	for _, c := range cases {
		status, key := errorPageOf(c.err)
		if status != c.status {
			t.Errorf("%v: %d, want %d", c.err, status, c.status)
		}
		for _, k := range []string{key, key + ".title"} {
			if _, ok := catalogue[k]; !ok {
				t.Errorf("%v: %s is not in the catalogue", c.err, k)
			}
		}
	}
	if len(errorPages) != int(errs.Unsupported)+1 {
		t.Errorf("errorPages has %d kinds, want every kind up to Unsupported", len(errorPages))
	}
	if !isNotFound(fmt.Errorf("grid: %w", mailbox.ErrNotFound)) || isNotFound(report.ErrForbidden) {
		t.Error("isNotFound disagrees with the kind")
	}
}

// TestErrorPagesEveryDomainsNotFoundAndForbidden: a not-found from any
// domain is the 404 page and a refusal the 403 page, never the 500 one.
func TestErrorPagesEveryDomainsNotFoundAndForbidden(t *testing.T) {
	t.Parallel()
	for _, c := range errstest.NotFoundAndForbidden() {
		want := map[errs.Kind]int{errs.NotFound: http.StatusNotFound, errs.Forbidden: http.StatusForbidden}[c.Kind]
		if status, _ := errorPageOf(c.Err); status != want {
			t.Errorf("%s: %d, want %d", c.Name, status, want)
		}
	}
}
