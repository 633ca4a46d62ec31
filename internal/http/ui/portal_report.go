package ui

import (
	"civicgrid/internal/address"
	"errors"
	"mime/multipart"
	"net/http"
	"strings"

	"civicgrid/internal/category"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
)

// portalReportForm is what a resident typed into the report form, kept to fill
// the form again when something needs correcting.
type portalReportForm struct {
	Key          string // idempotency key, made when the form was first shown
	Description  string
	Category     string
	Attrs        map[string]string
	Lat, Lng     string
	Address      string
	Community    string
	Name, Phone  string
	Email        string // optional: the notices go there too
	Confidential bool
	Notify       bool // hear back by SMS (and e-mail when given)
}

// portalMapConfig is the pin map's configuration, written into data- attributes.
type portalMapConfig struct {
	GeoJSON string
}

// portalReportData is the report page (and its fragments).
type portalReportData struct {
	F           portalReportForm
	Errors      map[string]string // by input: description, category, attr.<code>, location, address, community, name, phone, photo
	Alert       string
	PhotoAgain  bool
	Choice      portalCatChoice
	Fields      []portalAttrField
	Place       portalPlace
	Communities []portalCommunityGroup
	Map         portalMapConfig
	MaxPhotoMB  int
	MaxPhotos   int
}

// portalMaxUpload bounds the form: the photos the engine accepts at most,
// and the fields. The engine checks each photo's size and type itself.
const portalMaxUpload = order.DefaultMaxPhotos*order.DefaultMaxPhotoBytes + 1<<20

func (u *UI) portalReportPage(w http.ResponseWriter, r *http.Request) {
	u.portalRenderReport(w, r, http.StatusOK, portalReportData{F: portalReportForm{Key: portalFormKey()}})
}

// renderReport fills in what every showing of the form needs (category
// choice, fields, place, communities) around what was typed.
func (u *UI) portalRenderReport(w http.ResponseWriter, r *http.Request, status int, d portalReportData) {
	ctx := r.Context()
	p := httpx.PrincipalFrom(ctx)
	pg := u.newPage(w, r, p, "portal.report.title")
	cat, err := u.portalCatalogue(ctx)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	d.Choice = cat.choice(pg.Lang, u.suggestLeaves(ctx, cat.list, d.F.Description, portalSuggestLimit), d.F.Category)
	if c, ok := cat.leaf(d.F.Category); ok {
		d.Fields = portalAttrFields(c, d.F.Attrs, d.Errors)
	}
	if d.Place, err = u.portalLocate(ctx, d.F.Lat, d.F.Lng); err != nil {
		u.fail(w, r, p, err)
		return
	}
	if d.Communities, err = u.portalCommunities(ctx); err != nil {
		u.fail(w, r, p, err)
		return
	}
	d.Map = portalMapConfig{GeoJSON: "/ui/grids.geojson"}
	if area, ok := u.area.get(ctx, u.o.DB); ok {
		d.Map.GeoJSON += "?under=" + area.Code
	}
	d.MaxPhotoMB, d.MaxPhotos = order.DefaultMaxPhotoBytes>>20, order.DefaultMaxPhotos
	pg.D = d
	u.render(w, r, status, "portal_report", pg)
}

// reportSubmit files the order as a resident through the web channel. A
// problem brings the form back with what was typed and a message at the
// input concerned; nothing is filed.
func (u *UI) portalReportSubmit(w http.ResponseWriter, r *http.Request) {
	p := httpx.PrincipalFrom(r.Context())
	r.Body = http.MaxBytesReader(w, r.Body, portalMaxUpload)
	if err := r.ParseMultipartForm(8 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			u.errorPage(w, r, p, http.StatusRequestEntityTooLarge, "portal.err.upload")
			return
		}
		u.errorPage(w, r, p, http.StatusBadRequest, "portal.err.form")
		return
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	f := portalReportForm{
		Key: strings.TrimSpace(r.FormValue("key")), Description: r.FormValue("description"), Category: portalChosenCategory(r),
		Attrs: portalReadAttrs(r), Lat: r.FormValue("lat"), Lng: r.FormValue("lng"), Address: r.FormValue("address"),
		Community: r.FormValue("community"), Name: r.FormValue("name"), Phone: r.FormValue("phone"),
		Email: strings.TrimSpace(r.FormValue("email")), Confidential: r.FormValue("confidential") != "", Notify: r.FormValue("notify") != "",
	}
	if f.Key == "" {
		f.Key = portalFormKey()
	}
	var files []*multipart.FileHeader
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["photo"] {
			if fh.Filename != "" || fh.Size > 0 { // an empty file input sends an empty part
				files = append(files, fh)
			}
		}
	}
	d := portalReportData{F: f, Errors: map[string]string{}, PhotoAgain: len(files) > 0}
	pg := u.newPage(w, r, p, "portal.report.title")
	lang := pg.Lang
	if msg, limited := u.publicLimited(w, r, "portal.report.limited"); limited {
		d.Alert = msg
		u.portalRenderReport(w, r, http.StatusTooManyRequests, d)
		return
	}
	u.portalCheckPresence(lang, f, d.Errors)
	if len(d.Errors) > 0 {
		d.Alert = lang.T("portal.report.fix")
		u.portalRenderReport(w, r, http.StatusBadRequest, d)
		return
	}
	cat, err := u.portalCatalogue(r.Context())
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	c, _ := cat.leaf(f.Category)
	in := order.Input{Channel: order.ChannelWeb, Category: f.Category, Description: f.Description,
		Attributes: portalEngineAttrs(c, f.Attrs), Address: f.Address, ReporterName: f.Name, ReporterPhone: f.Phone,
		ReporterEmail: f.Email, Confidential: f.Confidential, Notify: f.Notify, IdempotencyKey: f.Key}
	if lat, lng, pinned, _ := portalParsePin(f.Lat, f.Lng); pinned {
		in.Point = &order.Point{Lng: lng, Lat: lat}
	} else {
		in.CommunityCode = strings.TrimSpace(f.Community)
	}
	photos, err := portalOpenUploads(files)
	if err != nil {
		d.Errors["photo"] = lang.T("portal.err.photo")
		d.Alert = lang.T("portal.report.fix")
		u.portalRenderReport(w, r, http.StatusBadRequest, d)
		return
	}
	in.Photos = photos
	o, _, err := u.o.Orders.Create(r.Context(), order.ResidentActor(httpx.ClientIP(r)), in)
	portalCloseUploads(photos)
	if err == nil {
		u.portalDone(w, r, p, o, f.Phone, cat)
		return
	}
	status, field, msg, known := portalReportError(lang, err, c)
	if !known {
		u.fail(w, r, p, err)
		return
	}
	if field == "" {
		d.Alert = msg
	} else {
		d.Errors[field] = msg
		d.Alert = lang.T("portal.report.fix")
	}
	if errors.Is(err, order.ErrIdempotencyConflict) {
		d.F.Key = portalFormKey()
	}
	u.portalRenderReport(w, r, status, d)
}

// checkReportPresence marks what the form needs and lacks, all at once
// (the engine stops at the first problem): a description, a category, a
// place (pin, or address and community) and a phone to track by.
func (u *UI) portalCheckPresence(lang Lang, f portalReportForm, errs map[string]string) {
	if strings.TrimSpace(f.Description) == "" {
		errs["description"] = lang.T("portal.err.description")
	}
	if f.Category == "" {
		errs["category"] = lang.T("portal.err.category")
	}
	_, _, pinned, ok := portalParsePin(f.Lat, f.Lng)
	switch {
	case !ok:
		errs["location"] = lang.T("portal.place.invalid")
	case !pinned && strings.TrimSpace(f.Address) == "" && strings.TrimSpace(f.Community) == "":
		errs["location"] = lang.T("portal.err.location")
	case !pinned && strings.TrimSpace(f.Address) == "":
		errs["address"] = lang.T("portal.err.address")
	}
	// An address without a community is looked up among the standard
	// addresses by the engine, which names the closest when none fits.
	if strings.TrimSpace(f.Phone) == "" {
		errs["phone"] = lang.T("portal.err.phone")
	}
}

// portalReportError maps an engine refusal to the input it concerns and a
// message for residents, with the HTTP status. known is false for an
// error that is not the resident's to fix (a 500).
func portalReportError(lang Lang, err error, c category.Category) (status int, field, msg string, known bool) {
	var ve *order.ValidationError
	var te *order.TransitionError
	var nm *address.NoMatchError
	switch {
	case errors.As(err, &nm):
		return http.StatusBadRequest, "address", noAddressMessage(lang, nm), true
	case errors.Is(err, order.ErrPhotoTooLarge):
		return http.StatusRequestEntityTooLarge, "photo", lang.Tf("portal.err.photo_large", order.DefaultMaxPhotoBytes>>20), true
	case errors.Is(err, order.ErrPhotoType):
		return http.StatusUnsupportedMediaType, "photo", lang.T("portal.err.photo_type"), true
	case errors.Is(err, order.ErrIdempotencyConflict):
		return http.StatusConflict, "", lang.T("portal.err.resubmit"), true
	case errors.Is(err, order.ErrOutsideGrids):
		return http.StatusUnprocessableEntity, "location", lang.T("portal.err.outside"), true
	case errors.Is(err, order.ErrUnknownCategory), errors.Is(err, order.ErrInactiveCategory):
		return http.StatusBadRequest, "category", lang.T("portal.err.category_gone"), true
	case errors.As(err, &te):
		return http.StatusForbidden, "", lang.Tf("portal.err.generic", te.Msg), true
	case !errors.As(err, &ve):
		return 0, "", "", false
	}
	bad := http.StatusBadRequest
	switch f := ve.Field; {
	case f == "description":
		if strings.Contains(ve.Msg, "longer") {
			return bad, f, lang.T("portal.err.description_long"), true
		}
		return bad, f, lang.T("portal.err.description"), true
	case f == "category":
		return bad, f, lang.T("portal.err.category"), true
	case strings.HasPrefix(f, "attributes."):
		code := strings.TrimPrefix(f, "attributes.")
		name := code
		for _, x := range c.Fields {
			if x.Code == code {
				name = x.Name
			}
		}
		return bad, "attr." + code, lang.Tf("portal.err.attr", name), true
	case f == "point" || f == "location" || f == "grid_code":
		return bad, "location", lang.T("portal.err.location"), true
	case f == "address":
		return bad, f, lang.T("portal.err.address"), true
	case f == "community_code":
		return bad, "community", lang.T("portal.err.community"), true
	case f == "reporter_name":
		return bad, "name", lang.T("portal.err.name"), true
	case f == "reporter_phone":
		return bad, "phone", lang.T("portal.err.phone_bad"), true
	case f == "reporter_email":
		return bad, "email", lang.T("portal.err.email_bad"), true
	case strings.HasPrefix(f, "photos"):
		return bad, "photo", lang.T("portal.err.photo"), true
	}
	return bad, "", lang.Tf("portal.err.generic", ve.Msg), true
}

// portalUpload lets the engine read a multipart file and the handler close it.
type portalUpload struct{ multipart.File }

func portalOpenUploads(files []*multipart.FileHeader) ([]order.Photo, error) {
	photos := make([]order.Photo, 0, len(files))
	for _, fh := range files {
		f, err := fh.Open()
		if err != nil {
			portalCloseUploads(photos)
			return nil, err
		}
		photos = append(photos, order.Photo{Name: fh.Filename, Body: portalUpload{f}})
	}
	return photos, nil
}

func portalCloseUploads(photos []order.Photo) {
	for _, p := range photos {
		if f, ok := p.Body.(portalUpload); ok {
			f.Close()
		}
	}
}

// portalDoneData is the page after a report was filed.
type portalDoneData struct {
	Number, Category, Received, PhoneHint string
}

// reportDone shows the new order's number, big, and how to track it. It
// answers the POST itself (no redirect), so the number is never in a URL
// someone could share by mistake; a reload re-sends the form, which the
// idempotency key turns into the same order.
func (u *UI) portalDone(w http.ResponseWriter, r *http.Request, p *httpx.Principal, o order.Order, phone string, cat portalCatalogue) {
	pg := u.newPage(w, r, p, "portal.done.title")
	d := portalDoneData{Number: o.Number, Category: o.Category, Received: portalTime(o.ReceivedAt), PhoneHint: "****"}
	if c, ok := cat.byCode[o.Category]; ok {
		d.Category = categoryName(c, pg.Lang)
	}
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, phone)
	if n := len(digits); n >= 4 {
		d.PhoneHint = strings.Repeat("*", min(n-4, 7)) + digits[n-4:]
	}
	pg.D = d
	u.render(w, r, http.StatusCreated, "portal_done", pg)
}

// noAddressMessage says in the page's language that a typed address named
// no standard address, with the closest three (their text is Chinese in
// either language: it is the address).
func noAddressMessage(lang Lang, nm *address.NoMatchError) string {
	msg := lang.T("portal.err.noaddress")
	var closest []string
	for _, m := range nm.Candidates {
		closest = append(closest, m.Text)
	}
	if len(closest) > 0 {
		msg += lang.T("portal.err.closest") + strings.Join(closest[:min(3, len(closest))], lang.T("portal.err.closest.sep"))
	}
	return msg
}
