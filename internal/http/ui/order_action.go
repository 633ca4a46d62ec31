package ui

import (
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
)

// maxActionUpload bounds a resolve form: nine 10 MiB photos and the fields.
const maxActionUpload = httpx.MaxFormBody

// orderAction is POST /orders/{number}/{action}: one lifecycle step from
// its form. Success goes to next (a local path) or the order page with a
// 303; a failure shows the order page again with what was typed and why.
func (u *UI) orderAction(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	name := r.PathValue("action")
	if name == "reveal" {
		u.orderReveal(w, r, p)
		return
	}
	run, ok := orderRuns[name]
	if !ok {
		u.notFound(w, r)
		return
	}
	photos, err := readActionForm(w, r)
	if err != nil {
		// Only an oversize or broken upload gets here: say what fits.
		lang := langOf(w, r)
		form := actionForm{Name: name, Values: url.Values{}, Errors: map[string]string{"photo": lang.T("order.field.photo")}}
		u.showOrder(w, r, p, http.StatusRequestEntityTooLarge, &form, &orderAlert{Msg: lang.T("order.invalid")}, nil)
		return
	}
	defer closeActionPhotos(photos)
	form := actionForm{Name: name, Values: keptValues(r.PostForm), Errors: map[string]string{}}
	in := actionInput{Values: r.PostForm, Photos: photos, u: u, r: r}
	in.Version, err = parseVersion(r.PostForm.Get("version"))
	if err == nil {
		err = run(in, orderActor(r, p), r.PathValue("number"))
	}
	if err == nil {
		to := "/orders/" + url.PathEscape(r.PathValue("number"))
		if next := r.PostForm.Get("next"); next != "" {
			// The page sent back to says what was done to which order.
			to = withDone(safeNext(next), r.PathValue("number"), name)
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return
	}
	u.actionFailed(w, r, p, form, err)
}

// actionFailed maps an engine error to the order page with a message:
// out of scope is the 404 page, a stale version asks for a reload, a step
// the status or role does not allow says why, bad input marks the field.
func (u *UI) actionFailed(w http.ResponseWriter, r *http.Request, p *httpx.Principal, form actionForm, err error) {
	lang := langOf(w, r)
	var te *order.TransitionError
	var ve *order.ValidationError
	var fe *actionFieldError
	status, alert := http.StatusBadRequest, &orderAlert{Msg: lang.T("order.invalid")}
	switch {
	case errors.Is(err, order.ErrNotFound):
		u.notFound(w, r)
		return
	case errors.Is(err, order.ErrStaleVersion):
		status, alert = http.StatusConflict, &orderAlert{Msg: lang.T("order.stale"), Stale: true}
	case errors.As(err, &te) && errors.Is(err, order.ErrForbidden):
		status, alert = http.StatusForbidden, &orderAlert{Msg: lang.T("order.forbidden"), Detail: te.Msg}
	case errors.As(err, &te):
		status, alert = http.StatusConflict, &orderAlert{Msg: lang.T("order.illegal"), Detail: te.Msg}
	case errors.As(err, &fe):
		form.Errors[fe.Field] = lang.T(fe.Key)
	case errors.As(err, &ve):
		field := formField(ve.Field)
		form.Errors[field] = fieldError(lang, "order.field.", field, ve.Msg)
		if errors.Is(err, order.ErrPhotoTooLarge) {
			status = http.StatusRequestEntityTooLarge
		} else if errors.Is(err, order.ErrPhotoType) {
			status = http.StatusUnsupportedMediaType
		}
		if !orderFormHas(form.Name, field) {
			alert.Detail = ve.Msg
		}
	default:
		u.fail(w, r, p, err)
		return
	}
	u.showOrder(w, r, p, status, &form, alert, nil)
}

// readActionForm parses the posted form; a multipart one (resolve with
// photos) yields its files. The CSRF check has usually parsed it already.
func readActionForm(w http.ResponseWriter, r *http.Request) ([]order.Photo, error) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		return nil, r.ParseForm()
	}
	if r.MultipartForm == nil {
		r.Body = http.MaxBytesReader(w, r.Body, maxActionUpload)
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			return nil, err
		}
	}
	var photos []order.Photo
	for _, fh := range r.MultipartForm.File["photo"] {
		if fh.Filename == "" && fh.Size == 0 {
			continue // the browser sends an empty part when no file was chosen
		}
		f, err := fh.Open()
		if err != nil {
			closeActionPhotos(photos)
			return nil, err
		}
		photos = append(photos, order.Photo{Name: fh.Filename, Body: f})
	}
	return photos, nil
}

func closeActionPhotos(photos []order.Photo) {
	for _, ph := range photos {
		if f, ok := ph.Body.(multipart.File); ok {
			f.Close()
		}
	}
}

// keptValues is what the form shows again: everything typed but the
// token and the version (the page carries the current one).
func keptValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		if k != httpx.CSRFField && k != "version" {
			out[k] = vs
		}
	}
	return out
}

var fieldIndex = regexp.MustCompile(`\[\d+\]$`)

// formField maps the engine's field name to the form's.
func formField(f string) string {
	f = fieldIndex.ReplaceAllString(strings.TrimPrefix(f, "target."), "")
	switch f {
	case "co_handlers", "departments":
		return "co"
	case "evidence":
		return "photo"
	case "answer":
		return "note"
	case "report_by":
		return "within"
	}
	return f
}

// orderFormFields are the fields each form shows, so an error on another
// field is told in the message over the page.
var orderFormFields = map[string][]string{
	"accept": {"note"}, "dispatch": {"level", "code", "co", "note"}, "redispatch": {"level", "code", "co", "reason"},
	"reply": {"note"}, "return": {"reason"}, "escalate": {"reason"}, "resolve": {"note", "photo"},
	"callback": {"rating", "note"}, "reopen": {"reason"}, "cancel": {"reason"}, "return_upstream": {"reason"}, "answer": {"note"},
	"co_reply": {"note"}, "summon": {"co", "note", "within"}, "report_in": {"summons", "note"},
	"extension_request": {"working_days", "reason"}, "extension_approve": {"note"}, "extension_reject": {"reason"},
	"suspension_request": {"reason"}, "suspension_approve": {"note"}, "suspension_reject": {"reason"},
	"resume": {"note"}, "merge": {"master", "note"},
}

func orderFormHas(action, field string) bool {
	for _, f := range orderFormFields[action] {
		if f == field {
			return true
		}
	}
	return false
}

// withDone adds done=<number>&act=<action> to a local path, for the page
// to confirm the step.
func withDone(path, number, action string) string {
	u, err := url.Parse(path)
	if err != nil {
		return path
	}
	q := u.Query()
	q.Set("done", number)
	q.Set("act", action)
	u.RawQuery = q.Encode()
	return u.String()
}
