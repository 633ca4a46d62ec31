package ui

import (
	"errors"
	"net/http"
	"net/url"
	"os"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
)

// publicPhotoURL is where a resident's browser loads a resolution photo
// staff marked public.
func publicPhotoURL(sha string) string { return "/track/photos/" + url.PathEscape(sha) }

// publicPhoto is GET /track/photos/{sha}: a resolution photo some order
// shows its resident (order.PublicPhoto); any other photo is 404.
func (u *UI) publicPhoto(w http.ResponseWriter, r *http.Request) {
	path, ctype, err := u.o.Orders.PublicPhoto(r.Context(), r.PathValue("sha"))
	if errors.Is(err, order.ErrNotFound) || errors.Is(err, order.ErrInvalid) {
		u.notFound(w, r)
		return
	}
	if err != nil {
		u.fail(w, r, httpx.PrincipalFrom(r.Context()), err)
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		u.fail(w, r, httpx.PrincipalFrom(r.Context()), err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = w.Write(b)
}

// orderPhotoPublic is POST /orders/{number}/photos/{sha}/public: show a
// resolution photo to the resident (public=1) or hide it again; the
// engine checks who may. Back to the order page.
func (u *UI) orderPhotoPublic(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	number := r.PathValue("number")
	err := u.o.Orders.SetPhotoPublic(r.Context(), orderActor(r, p), number, r.PathValue("sha"), r.FormValue("public") == "1")
	switch {
	case err == nil:
		http.Redirect(w, r, "/orders/"+url.PathEscape(number)+"#photos-heading", http.StatusSeeOther)
	case errors.Is(err, order.ErrNotFound), errors.Is(err, order.ErrInvalid):
		u.notFound(w, r)
	case errors.Is(err, order.ErrForbidden):
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
	default:
		u.fail(w, r, p, err)
	}
}
