// Package httpx holds what every HTTP layer shares: JSON replies, the error
// shape, request decoding and the signed-in user on the context.
package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"
)

// MaxJSONBody bounds request bodies so a client cannot exhaust memory.
const MaxJSONBody = 1 << 20

// WriteJSON writes v with the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		writerLog(w).Warn("write json", "err", err)
	}
}

// ErrorBody is the one error shape of the JSON API.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Problems lists every problem of a rejected input at once.
	Problems []string `json:"problems,omitempty"`
}

// WriteError writes {"error":{"code":…,"message":…}}.
func WriteError(w http.ResponseWriter, status int, code, msg string, problems ...string) {
	WriteJSON(w, status, ErrorBody{ErrorDetail{Code: code, Message: msg, Problems: problems}})
}

// DecodeJSON reads one JSON object into dst, refusing unknown fields,
// trailing data and oversize bodies with a message a client can act on.
// A body over MaxJSONBody is a *BodyError of status 413 (WriteBodyError
// answers it); TextBodies has already refused text that is not UTF-8 or
// holds a bidirectional override, and decoded a declared GB 18030 body.
func DecodeJSON(r *http.Request, dst any) error {
	ct := r.Header.Get("Content-Type")
	if ct != "" && !strings.HasPrefix(ct, "application/json") {
		return fmt.Errorf("Content-Type must be application/json, got %q", ct)
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, MaxJSONBody+1))
	if err != nil {
		return fmt.Errorf("could not read the request body: %v", err)
	}
	if len(b) > MaxJSONBody {
		return tooLarge(MaxJSONBody)
	}
	if !utf8.Valid(b) {
		return &BodyError{Status: http.StatusBadRequest, Code: "invalid_encoding",
			Msg: "the JSON body is not valid UTF-8 — 提交的 JSON 不是有效的 UTF-8 编码"}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("request body is empty; expected a JSON object")
		}
		return fmt.Errorf("invalid JSON: %v", err)
	}
	if dec.More() {
		return errors.New("invalid JSON: trailing data after the object")
	}
	return nil
}
