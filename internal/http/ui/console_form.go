package ui

import (
	"civicgrid/internal/address"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"civicgrid/internal/order"
)

// consoleForm is the console's order form as typed, with its problems by
// field (the keys are the form field names).
type consoleForm struct {
	Name, Phone                   string
	Confidential                  bool
	Notify                        bool // the caller wants to hear back by SMS
	Address, Community, Grid      string
	Lat, Lng                      string
	Description, Category, Answer string
	DemandType                    string              // 诉求类型 the operator confirmed; "" lets the words decide
	Attrs                         map[string][]string // category field code → values
	Key                           string              // idempotency key, drawn with the form
	Mail                          string              // the mailbox letter being filed, if any
	Errors                        map[string]string
	Error                         string // not about one field
}

// consoleAttrPrefix prefixes the names of a category's extra fields.
const consoleAttrPrefix = "attr."

// maxConsoleAnswer is the engine's bound on a note.
const maxConsoleAnswer = 2000

func readConsoleForm(v url.Values) consoleForm {
	f := consoleForm{
		Name: strings.TrimSpace(v.Get("reporter_name")), Phone: strings.TrimSpace(v.Get("reporter_phone")),
		Confidential: v.Get("confidential") == "1", Notify: v.Get("notify") == "1",
		Address: strings.TrimSpace(v.Get("address")), Community: strings.TrimSpace(v.Get("community_code")),
		Grid: strings.TrimSpace(v.Get("grid_code")), Lat: strings.TrimSpace(v.Get("lat")), Lng: strings.TrimSpace(v.Get("lng")),
		Description: strings.TrimSpace(v.Get("description")), Category: strings.TrimSpace(v.Get("category")),
		Answer: strings.TrimSpace(v.Get("answer")), Key: strings.TrimSpace(v.Get("idempotency_key")),
		Mail: strings.TrimSpace(v.Get("mail")), DemandType: strings.TrimSpace(v.Get("demand_type")),
		Attrs: map[string][]string{}, Errors: map[string]string{},
	}
	for k, vals := range v {
		if code, ok := strings.CutPrefix(k, consoleAttrPrefix); ok && code != "" {
			f.Attrs[code] = vals
		}
	}
	return f
}

// consolePlaceQuery is where the form says the order is: a map point wins
// over the selects, a grid over its community.
type consolePlaceQuery struct {
	Point                 *order.Point
	Grid, Community       string
	BadPoint              bool
	Category, Description string
}

func (f consoleForm) query() consolePlaceQuery {
	q := consolePlaceQuery{Grid: f.Grid, Community: f.Community, Category: f.Category, Description: f.Description}
	q.Point, q.BadPoint = parsePoint(f.Lat, f.Lng)
	switch {
	case q.Point != nil:
		q.Grid, q.Community = "", ""
	case q.Grid != "" && q.Community != "" && !strings.HasPrefix(q.Grid, q.Community):
		q.Grid = "" // a grid left over from the community chosen before
	case q.Grid != "":
		q.Community = ""
	}
	return q
}

// parsePoint reads a lat/lng pair; both empty is no point, anything else
// that is not two numbers is bad.
func parsePoint(lat, lng string) (*order.Point, bool) {
	if lat == "" && lng == "" {
		return nil, false
	}
	y, err1 := strconv.ParseFloat(lat, 64)
	x, err2 := strconv.ParseFloat(lng, 64)
	if err1 != nil || err2 != nil {
		return nil, true
	}
	return &order.Point{Lng: x, Lat: y}, false
}

// consoleQueryOf reads the place and text of an htmx fragment request.
func consoleQueryOf(r *http.Request) consolePlaceQuery {
	v := r.URL.Query()
	f := consoleForm{Lat: strings.TrimSpace(v.Get("lat")), Lng: strings.TrimSpace(v.Get("lng")),
		Grid: strings.TrimSpace(v.Get("grid_code")), Community: strings.TrimSpace(v.Get("community_code")),
		Category: strings.TrimSpace(v.Get("category")), Description: strings.TrimSpace(v.Get("description"))}
	return f.query()
}

// input turns the form into an engine input; what the engine cannot judge
// (a malformed point, an overlong answer) is marked here, and ok is false
// when it was.
func (f *consoleForm) input(lang Lang) (order.Input, bool) {
	q := f.query()
	if q.BadPoint {
		f.Errors["place"] = lang.T("console.err.point")
	}
	if utf8.RuneCountInString(f.Answer) > maxConsoleAnswer {
		f.Errors["answer"] = lang.Tf("console.err.answer.long", maxConsoleAnswer)
	}
	in := order.Input{Channel: order.ChannelHotline, DemandType: f.DemandType, Category: f.Category, Description: f.Description,
		Point: q.Point, Address: f.Address, GridCode: q.Grid, CommunityCode: q.Community,
		ReporterName: f.Name, ReporterPhone: f.Phone, Confidential: f.Confidential, Notify: f.Notify, IdempotencyKey: f.Key}
	if len(f.Attrs) > 0 {
		in.Attributes = map[string]string{}
		for code, vals := range f.Attrs {
			in.Attributes[code] = consoleAttrValue(vals)
		}
	}
	return in, len(f.Errors) == 0
}

// problems puts every problem the engine finds with the fields next to
// its field at once (Create would name only the first); a field that has
// an error already keeps it. It reports whether there was any.
func (f *consoleForm) problems(lang Lang, ps []*order.ValidationError) bool {
	for _, p := range ps {
		f.validationError(lang, p)
	}
	return len(ps) > 0
}

func (f *consoleForm) validationError(lang Lang, verr *order.ValidationError) {
	set := func(field, msg string) {
		if _, ok := f.Errors[field]; !ok {
			f.Errors[field] = msg
		}
	}
	if code, ok := strings.CutPrefix(verr.Field, "attributes."); ok {
		set(consoleAttrPrefix+code, fieldError(lang, "console.err.", "attributes", verr.Msg))
		return
	}
	field, ok := consoleErrorFields[verr.Field]
	if !ok {
		if f.Error == "" {
			f.Error = fieldError(lang, "console.err.", "other", verr.Field+": "+verr.Msg)
		}
		return
	}
	set(field, fieldError(lang, "console.err.", verr.Field, verr.Msg))
}

// consoleAttrValue joins the checked boxes of a multi-value field with
// commas (the engine's form) and turns a datetime-local value into RFC 3339
// in Beijing time.
func consoleAttrValue(vals []string) string {
	var kept []string
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			kept = append(kept, v)
		}
	}
	s := strings.Join(kept, ",")
	if len(s) == len("2006-01-02T15:04") && s[10] == 'T' && strings.Count(s, ":") == 1 {
		s += ":00+08:00"
	}
	return s
}

// consoleErrorFields maps the engine's input names to the form's.
var consoleErrorFields = map[string]string{
	"reporter_name": "reporter_name", "reporter_phone": "reporter_phone", "address": "address",
	"point": "place", "location": "place", "grid_code": "place", "community_code": "place",
	"category": "category", "description": "description",
}

// engineError puts a refused Create next to its field. It reports false
// for an error that is not the caller's to fix.
func (f *consoleForm) engineError(lang Lang, err error) (int, bool) {
	var verr *order.ValidationError
	var nm *address.NoMatchError
	switch {
	case errors.As(err, &nm):
		f.Errors["address"] = noAddressMessage(lang, nm)
		return http.StatusBadRequest, true
	case errors.Is(err, order.ErrOutsideGrids):
		f.Errors["place"] = lang.T("console.place.outside")
		return http.StatusBadRequest, true
	case errors.As(err, &verr):
		f.validationError(lang, verr)
		return http.StatusBadRequest, true
	case errors.Is(err, order.ErrIdempotencyConflict):
		f.Error = lang.T("console.err.conflict")
		f.Key = newIdempotencyKey()
		return http.StatusConflict, true
	case errors.Is(err, order.ErrForbidden):
		f.Error = lang.T("console.err.forbidden")
		return http.StatusForbidden, true
	}
	return 0, false
}
