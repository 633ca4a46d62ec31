package open311

import (
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"

	"civicgrid/internal/category"
	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
)

// apiError is an error with the HTTP status the spec gives it and the
// description the client's user may read.
type apiError struct {
	Status      int
	Description string
}

func (e *apiError) Error() string { return fmt.Sprintf("open311 %d: %s", e.Status, e.Description) }

func badRequest(format string, args ...any) error {
	return &apiError{Status: http.StatusBadRequest, Description: fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) error {
	return &apiError{Status: http.StatusNotFound, Description: fmt.Sprintf(format, args...)}
}

// errorItem is one error of the response; code repeats the HTTP status,
// as in the spec's examples.
type errorItem struct {
	Code        int    `xml:"code" json:"code"`
	Description string `xml:"description" json:"description"`
}

type errorsXML struct {
	XMLName xml.Name    `xml:"errors"`
	Errors  []errorItem `xml:"error"`
}

// fail writes err in the Open311 error shape. Domain errors map as the
// spec says: what does not exist is 404, a refused input 400. An
// unexpected error is logged and answered as the spec's "general service
// error" (400) without its text.
func (h *Handler) fail(c *call, err error) {
	e := classify(err)
	if e == nil {
		httpx.Log(c.r).Error("open311", "method", c.r.Method, "path", c.r.URL.Path, "err", err)
		e = &apiError{Status: http.StatusBadRequest, Description: "general service error; please tell the 12345 hotline if it persists"}
	}
	items := []errorItem{{Code: e.Status, Description: e.Description}}
	c.write(e.Status, errorsXML{Errors: items}, items)
}

// statusOf is the one place Open311 turns a kind of failure into a status.
// The spec knows 400, 403 and 404; a rate limit is 429 as elsewhere, and
// every other refusal of the input (a conflict, a stale version, a body too
// large) is the spec's 400.
func statusOf(k errs.Kind) int {
	switch k {
	case errs.NotFound:
		return http.StatusNotFound
	case errs.Forbidden, errs.Unauthenticated:
		return http.StatusForbidden
	case errs.TooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusBadRequest
}

// classify maps err to an apiError, or nil for an unexpected error.
func classify(err error) *apiError {
	var ae *apiError
	var ve *order.ValidationError
	k := errs.KindOf(err)
	switch {
	case errors.As(err, &ae):
		return ae
	case k == errs.Internal:
		return nil
	case errors.Is(err, order.ErrUnknownCategory), errors.Is(err, order.ErrInactiveCategory), errors.Is(err, category.ErrNotFound):
		// The client named the service: the spec's 404 for a service_code.
		return &apiError{Status: http.StatusNotFound, Description: "service_code not found: " + err.Error()}
	case k == errs.NotFound:
		return &apiError{Status: http.StatusNotFound, Description: "service_request_id not found"}
	case errors.Is(err, order.ErrIdempotencyConflict):
		return &apiError{Status: statusOf(k), Description: "the Idempotency-Key was already used for a different request"}
	case errors.As(err, &ve):
		return &apiError{Status: statusOf(k), Description: openField(ve.Field) + ": " + ve.Msg}
	}
	return &apiError{Status: statusOf(k), Description: err.Error()}
}

// openField names an engine input by the Open311 parameter the client
// sent.
func openField(field string) string {
	switch field {
	case "category":
		return "service_code"
	case "point":
		return "lat/long"
	case "address":
		return "address_string"
	case "reporter_name":
		return "first_name/last_name"
	case "reporter_phone":
		return "phone"
	case "grid_code", "location":
		return "location"
	case "idempotency_key":
		return "Idempotency-Key"
	}
	if len(field) > len("attributes.") && field[:len("attributes.")] == "attributes." {
		return "attribute[" + field[len("attributes."):] + "]"
	}
	return field
}
