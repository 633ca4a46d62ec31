package ui

import (
	"errors"
	"net/http"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
)

// orderActor is the user as the order engine sees them.
func orderActor(r *http.Request, p *httpx.Principal) order.Actor {
	return order.StaffActor(p.User, p.Scope, httpx.ClientIP(r))
}

// orderReveal is POST /orders/{number}/reveal: the reporter in full, for a
// stated purpose; the engine writes the audit record. The answer is the
// order page itself (never a redirect: the contact must not be cached in
// a URL or replayed by a reload).
func (u *UI) orderReveal(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	if err := r.ParseForm(); err != nil {
		u.notFound(w, r)
		return
	}
	purpose := r.PostForm.Get("purpose")
	rep, err := u.o.Orders.RevealReporter(r.Context(), orderActor(r, p), r.PathValue("number"), purpose)
	lang := langOf(w, r)
	var ve *order.ValidationError
	switch {
	case err == nil:
		u.showOrder(w, r, p, http.StatusOK, nil, nil, func(d *orderDetailData) {
			d.Reporter, d.Purpose = rep, purpose
		})
	case errors.Is(err, order.ErrNotFound):
		u.notFound(w, r)
	case errors.Is(err, order.ErrForbidden):
		u.showOrder(w, r, p, http.StatusForbidden, nil, &orderAlert{Msg: lang.T("order.reveal.forbidden")}, nil)
	case errors.As(err, &ve):
		u.showOrder(w, r, p, http.StatusBadRequest, nil, nil, func(d *orderDetailData) {
			d.Purpose, d.RevealError = purpose, fieldError(lang, "order.field.", "purpose", ve.Msg)
		})
	default:
		u.fail(w, r, p, err)
	}
}
