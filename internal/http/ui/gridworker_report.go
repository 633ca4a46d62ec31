package ui

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
)

// gwReportForm is the patrol report as typed; it comes back with the
// errors when the engine refuses it, so nothing typed is lost (a file
// input cannot be refilled: HadPhoto says to attach the photo again).
type gwReportForm struct {
	Key, Lat, Lng, Address, Grid, Category, Description, Note string
	Handled, HadPhoto                                         bool
	Attrs                                                     map[string][]string
	Errors                                                    map[string]string
}

// gwCreated is the order just filed, as the engine now reports it.
type gwCreated struct {
	Number, StatusLabel string
	Resolved            bool // handled on the spot and resolved
	SpotFailed          bool // the worker asked to resolve it, the engine did not let them
}

type gwReportData struct {
	Form        gwReportForm
	Grids       []option
	GridCodes   string // my grids, space-separated, for the script
	MapGeoJSON  string
	Categories  []categoryGroup
	Suggestions []categorySuggestion
	Fields      []attrField
	Created     *gwCreated
	Alert       string
	Building    bool // a building head: the engine does not take their reports
}

// gwAttrPrefix names the form fields of a category's extra fields.
const gwAttrPrefix = "attr."

func (u *UI) gwReportForm(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	d := &gwReportData{Form: gwReportForm{Key: gwNewKey()}}
	if n := r.URL.Query().Get("created"); n != "" {
		d.Created = u.gwCreatedView(r, p, langOf(w, r), n, r.URL.Query().Get("spot"))
	}
	u.gwRenderReport(w, r, p, http.StatusOK, d)
}

// gwCreatedView reads back the order just filed, so the page shows what
// the engine holds (a number typed into the URL that the user may not
// see shows nothing).
func (u *UI) gwCreatedView(r *http.Request, p *httpx.Principal, lang Lang, number, spot string) *gwCreated {
	a := staffActor(r, p)
	o, err := u.o.Orders.Get(r.Context(), a, number)
	if err != nil && a.OwnReportsOnly() && orderNumberLike(number) {
		// A building head files but may not read orders: show the number
		// the redirect carried, which is all they need to quote.
		return &gwCreated{Number: number}
	}
	if err != nil {
		return nil
	}
	return &gwCreated{Number: o.Number, StatusLabel: lang.T("status." + string(o.Status)),
		Resolved: spot == "done" && (o.Status == order.StatusResolved || o.Status == order.StatusClosed), SpotFailed: spot == "failed"}
}

func (u *UI) gwRenderReport(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, d *gwReportData) {
	ctx := r.Context()
	pg := u.newPage(w, r, p, "gw.report.title")
	d.Building = !staffActor(r, p).MayResolveOnSpot()
	{
		grids, err := grid.FieldGrids(ctx, u.o.DB, p.User)
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		if d.Form.Grid == "" && len(grids) > 0 {
			d.Form.Grid = grids[0].GridCode
		}
		var codes []string
		for _, g := range grids {
			d.Grids = append(d.Grids, option{Value: g.GridCode, Label: g.GridName, Selected: g.GridCode == d.Form.Grid})
			codes = append(codes, g.GridCode)
		}
		d.GridCodes = strings.Join(codes, " ")
		d.MapGeoJSON = "/ui/grids.geojson?under=" + url.QueryEscape(scopeRoot(p))
		cats, err := category.List(ctx, u.o.DB, false)
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		d.Categories = gwCategoryGroups(cats, pg.Lang, d.Form.Category)
		d.Suggestions = u.gwSuggestions(r.Context(), cats, pg.Lang, d.Form.Description)
		d.Fields = gwFieldsOf(cats, d.Form.Category, d.Form.Attrs, d.Form.Errors, pg.Lang)
	}
	pg.D = d
	u.render(w, r, status, "gridworker_report", pg)
}

// gwNewKey is the idempotency key of one report form: a retry of the same
// submission (a flaky mobile network) files the order once.
func gwNewKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return "gw-" + hex.EncodeToString(b)
}

// gwReadForm reads the posted form, multipart (with photos) or not.
func gwReadForm(r *http.Request) (gwReportForm, []order.Photo, func(), error) {
	cleanup := func() {}
	if err := r.ParseMultipartForm(8 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return gwReportForm{}, nil, cleanup, err
	}
	f := gwReportForm{Key: r.FormValue("idempotency_key"), Lat: strings.TrimSpace(r.FormValue("lat")),
		Lng: strings.TrimSpace(r.FormValue("lng")), Address: r.FormValue("address"), Grid: r.FormValue("grid_code"),
		Category: r.FormValue("category"), Description: r.FormValue("description"), Note: r.FormValue("note"),
		Handled: r.FormValue("handled") == "1", Attrs: map[string][]string{}, Errors: map[string]string{}}
	for k, vs := range r.Form {
		if code, ok := strings.CutPrefix(k, gwAttrPrefix); ok {
			f.Attrs[code] = vs
		}
	}
	var photos []order.Photo
	if r.MultipartForm != nil {
		var files []interface{ Close() error }
		for _, fh := range r.MultipartForm.File["photo"] {
			if fh.Size == 0 && fh.Filename == "" {
				continue // the empty part a browser sends for no file
			}
			file, err := fh.Open()
			if err != nil {
				return f, nil, cleanup, err
			}
			files = append(files, file)
			photos = append(photos, order.Photo{Name: fh.Filename, Body: file})
		}
		form := r.MultipartForm
		cleanup = func() {
			for _, c := range files {
				c.Close()
			}
			_ = form.RemoveAll()
		}
	}
	f.HadPhoto = len(photos) > 0
	return f, photos, cleanup, nil
}

// gwInput turns the form into the engine's input. A position from the
// phone (or a pin on the map) wins; without one, the address with the
// grid chosen in the list. The engine decides whether that is enough.
func gwInput(f gwReportForm, photos []order.Photo) (order.Input, bool) {
	in := order.Input{Channel: order.ChannelPatrol, Category: f.Category, Description: f.Description,
		Address: f.Address, Photos: photos, IdempotencyKey: f.Key, Attributes: map[string]string{}}
	for code, vs := range f.Attrs {
		v := strings.Join(vs, ",")
		// A phone's date-time picker gives local time without a zone; the
		// engine takes RFC 3339. The pages work in Asia/Shanghai.
		if t, err := time.ParseInLocation("2006-01-02T15:04", v, shanghaiLocation()); err == nil {
			v = t.Format(time.RFC3339)
		}
		in.Attributes[code] = v
	}
	if f.Lat == "" && f.Lng == "" {
		in.GridCode = f.Grid
		return in, true
	}
	lat, errLat := strconv.ParseFloat(f.Lat, 64)
	lng, errLng := strconv.ParseFloat(f.Lng, 64)
	if errLat != nil || errLng != nil {
		return in, false
	}
	in.Point = &order.Point{Lng: lng, Lat: lat}
	return in, true
}

func (u *UI) gwReportSubmit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	lang := langOf(w, r)
	f, photos, cleanup, err := gwReadForm(r)
	defer cleanup()
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			u.gwRenderReport(w, r, p, http.StatusRequestEntityTooLarge, &gwReportData{Form: gwReportForm{Key: gwNewKey()},
				Alert: lang.T("gw.err.toolarge")})
			return
		}
		u.fail(w, r, p, err)
		return
	}
	again := func(status int) {
		u.gwRenderReport(w, r, p, status, &gwReportData{Form: f, Alert: lang.T("form.fix")})
	}
	if f.Key == "" {
		f.Key = gwNewKey()
	}
	actor := staffActor(r, p)
	if !actor.MayResolveOnSpot() {
		f.Handled = false // a building head reports; the grid handles it
	}
	if f.Handled && strings.TrimSpace(f.Note) == "" {
		// Resolving needs a note of what was done; ask before filing, so
		// a refused resolution never leaves half the job done.
		f.Errors["note"] = lang.T("gw.err.note")
		again(http.StatusBadRequest)
		return
	}
	in, ok := gwInput(f, photos)
	if !ok {
		f.Errors["location"] = lang.T("gw.err.point")
		again(http.StatusBadRequest)
		return
	}
	var o order.Order
	var handled bool
	if f.Handled {
		o, handled, _, err = u.o.Orders.FileHandled(ctx, actor, in, f.Note)
	} else {
		o, _, err = u.o.Orders.Create(ctx, actor, in)
	}
	var verr *order.ValidationError
	switch {
	case err == nil:
	case errors.Is(err, order.ErrIdempotencyConflict):
		// The form was sent before with other content (back button, edit,
		// send): a new key makes this a new report.
		f.Key = gwNewKey()
		u.gwRenderReport(w, r, p, http.StatusConflict, &gwReportData{Form: f, Alert: lang.T("gw.err.resent")})
		return
	case errors.As(err, &verr):
		field, key := gwErrorField(verr.Field, in.Point != nil)
		f.Errors[field] = fieldError(lang, "gw.err.", key, verr.Msg)
		again(http.StatusBadRequest)
		return
	case errors.Is(err, order.ErrForbidden):
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		return
	default:
		u.fail(w, r, p, err)
		return
	}
	spot := ""
	if f.Handled {
		spot = "failed"
		if handled {
			spot = "done"
		}
	}
	next := "/grid/report?created=" + url.QueryEscape(o.Number)
	if spot != "" {
		next += "&spot=" + spot
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// gwErrorField maps an engine field to the form field that shows the
// message, and the catalogue key (under gw.err.) that explains it.
func gwErrorField(field string, hasPoint bool) (formField, key string) {
	switch {
	case strings.HasPrefix(field, "photos"):
		return "photo", "photo"
	case strings.HasPrefix(field, "attributes."):
		return gwAttrPrefix + strings.TrimPrefix(field, "attributes."), "attr"
	case field == "location" && hasPoint:
		return "location", "outside" // the point lies outside the worker's area
	case field == "location" || field == "address" || field == "grid_code" || field == "community_code" || field == "point":
		return "location", field
	}
	return field, field
}

// orderNumberLike is the shape of an order number (digits only), so the
// page never echoes arbitrary text from the URL.
func orderNumberLike(s string) bool {
	if len(s) < 8 || len(s) > 20 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
