package api

import (
	"net/http"

	"civicgrid/internal/http/httpx"
)

// The steps every handler repeats — read the body, call the domain, answer
// the result or the error — in one place each, so a handler is its call.
// Errors still become statuses in fail alone.

// decodeBody reads the JSON request body into v; when it cannot, it
// answers 400 and reports false.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := httpx.DecodeJSON(r, v); err != nil {
		badJSON(w, err)
		return false
	}
	return true
}

// badJSON answers a request whose body or query could not be read.
func badJSON(w http.ResponseWriter, err error) {
	httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
}

// reply answers v with status, or err when there is one. v is built before
// err is known, so it must be safe to build from a failed call's zero
// result (a conversion, not a further call).
func reply[T any](w http.ResponseWriter, r *http.Request, status int, v T, err error) {
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, status, v)
}

// replyItems answers {"items": v} ([] for none), or err.
func replyItems[T any](w http.ResponseWriter, r *http.Request, v []T, err error) {
	if err != nil {
		fail(w, r, err)
		return
	}
	if v == nil {
		v = []T{}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": v})
}
