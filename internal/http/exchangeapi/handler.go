// Package exchangeapi serves the exchange between deployments
// (docs/exchange.md) over HTTP: it reads the signature headers and the
// JSON body, calls internal/exchange and answers. Every route is
// authenticated by the message's signature, not by a session or token.
package exchangeapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"civicgrid/internal/errs"
	"civicgrid/internal/exchange"
	"civicgrid/internal/http/httpx"
)

// Handler serves the exchange routes.
type Handler struct {
	Exchange *exchange.Service
}

// Register adds the routes to mux.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.HandleFunc("POST "+exchange.PathOrders, h.orders)
	mux.HandleFunc("POST "+exchange.PathEvents, h.events)
	mux.HandleFunc("GET "+exchange.PathEvents, h.pull)
}

// statusOf is the one place this layer turns a kind into a status.
func statusOf(k errs.Kind) int {
	switch k {
	case errs.Invalid:
		return http.StatusUnprocessableEntity
	case errs.NotFound:
		return http.StatusNotFound
	case errs.Conflict, errs.Stale:
		return http.StatusConflict
	case errs.Forbidden:
		return http.StatusForbidden
	case errs.Unauthenticated:
		return http.StatusUnauthorized
	case errs.TooLarge:
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

// finer codes a peer can act on.
var finerCodes = []struct {
	err  error
	code string
}{
	{exchange.ErrUnsigned, "unsigned"},
	{exchange.ErrBadSignature, "bad_signature"},
	{exchange.ErrStale, "stale_timestamp"},
	{exchange.ErrReplayed, "replayed_nonce"},
}

func fail(w http.ResponseWriter, r *http.Request, err error) {
	k := errs.KindOf(err)
	code := k.String()
	for _, c := range finerCodes {
		if errors.Is(err, c.err) {
			code = c.code
		}
	}
	status := statusOf(k)
	msg := err.Error()
	if status == http.StatusInternalServerError {
		httpx.Log(r).Error("exchange", "path", r.URL.Path, "err", err)
		msg = "internal error"
	}
	httpx.WriteError(w, status, code, msg)
}

// verified reads the body and checks the signature over it.
func (h *Handler) verified(w http.ResponseWriter, r *http.Request) (exchange.Link, []byte, bool) {
	body, err := io.ReadAll(io.LimitReader(r.Body, exchange.MaxBody+1))
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "could not read the body")
		return exchange.Link{}, nil, false
	}
	if len(body) > exchange.MaxBody {
		httpx.WriteError(w, http.StatusRequestEntityTooLarge, "too_large", "a message is at most 1 MiB")
		return exchange.Link{}, nil, false
	}
	l, err := h.Exchange.Verify(r.Context(), exchange.Signature{
		Link: r.Header.Get(exchange.HeaderLink), Timestamp: r.Header.Get(exchange.HeaderTimestamp),
		Nonce: r.Header.Get(exchange.HeaderNonce), Value: r.Header.Get(exchange.HeaderSignature),
		Method: r.Method, Path: r.URL.RequestURI(), Body: body})
	if err != nil {
		fail(w, r, err)
		return exchange.Link{}, nil, false
	}
	return l, body, true
}

func decode(body []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return errors.Join(exchange.ErrInvalid, errors.New("the body is not the message JSON of docs/exchange.md: "+err.Error()))
	}
	return nil
}

func (h *Handler) orders(w http.ResponseWriter, r *http.Request) {
	l, body, ok := h.verified(w, r)
	if !ok {
		return
	}
	var m exchange.OrderMessage
	if err := decode(body, &m); err != nil {
		fail(w, r, err)
		return
	}
	rec, err := h.Exchange.ReceiveOrder(r.Context(), l, m)
	if err != nil {
		fail(w, r, err)
		return
	}
	status := http.StatusOK
	if rec.Status == exchange.ReceiptHeld {
		status = http.StatusAccepted
	}
	httpx.WriteJSON(w, status, rec)
}

func (h *Handler) events(w http.ResponseWriter, r *http.Request) {
	l, body, ok := h.verified(w, r)
	if !ok {
		return
	}
	var m exchange.EventMessage
	if err := decode(body, &m); err != nil {
		fail(w, r, err)
		return
	}
	rec, err := h.Exchange.ReceiveEvent(r.Context(), l, m)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, rec)
}

func (h *Handler) pull(w http.ResponseWriter, r *http.Request) {
	l, _, ok := h.verified(w, r)
	if !ok {
		return
	}
	after, limit := int64(0), 0
	var err error
	if v := r.URL.Query().Get("after"); v != "" {
		if after, err = strconv.ParseInt(v, 10, 64); err != nil {
			httpx.WriteError(w, http.StatusUnprocessableEntity, "invalid", "after: want a cursor (an integer)")
			return
		}
	}
	if v := r.URL.Query().Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil {
			httpx.WriteError(w, http.StatusUnprocessableEntity, "invalid", "limit: want an integer")
			return
		}
	}
	page, err := h.Exchange.EventsSince(r.Context(), l, after, limit)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, page)
}
