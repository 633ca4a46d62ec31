package api

import (
	"encoding/json"
	"errors"
	"mime/multipart"
	"net/http"
	"strings"
	"time"

	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
)

// actorFor is the order actor of a request: the signed-in user with the
// scope the server computed, or a resident without an account.
func actorFor(r *http.Request) order.Actor {
	if p := httpx.PrincipalFrom(r.Context()); p != nil {
		return order.StaffActor(p.User, p.Scope, httpx.ClientIP(r))
	}
	return order.ResidentActor(httpx.ClientIP(r))
}

type createOrderRequest struct {
	Channel       string            `json:"channel"`
	DemandType    string            `json:"demand_type"`
	Category      string            `json:"category"`
	Description   string            `json:"description"`
	Attributes    map[string]string `json:"attributes"`
	Lat           *float64          `json:"lat"`
	Lng           *float64          `json:"lng"`
	Address       string            `json:"address"`
	GridCode      string            `json:"grid_code"`
	CommunityCode string            `json:"community_code"`
	FacilityCode  string            `json:"facility_code"`
	Reporter      struct {
		Name  string `json:"name"`
		Phone string `json:"phone"`
		Email string `json:"email"`
	} `json:"reporter"`
	Confidential bool `json:"confidential"`
	// Notify: the reporter asked to hear back (SMS to the phone, e-mail
	// to the address).
	Notify bool `json:"notify"`
	// HandledNote: the reporter (a grid worker) already dealt with it on
	// the spot; what was done.
	HandledNote string `json:"handled_note"`
}

// maxOrderUpload bounds a multipart intake: nine photos of 10 MiB and the
// order itself. The service checks each photo's own limit.
const maxOrderUpload = 9*(10<<20) + 1<<20

// createOrder files an order. JSON, or multipart/form-data with the JSON in
// the field "order" and photos in "photo" fields. The Idempotency-Key
// header makes a retry safe: the same key returns the first order.
func (a *API) createOrder(w http.ResponseWriter, r *http.Request) {
	if httpx.PrincipalFrom(r.Context()) == nil {
		if ok, wait := a.Throttle.Intake(r); !ok {
			httpx.WriteTooMany(w, wait, "orders")
			return
		}
	}
	var in createOrderRequest
	var photos []order.Photo
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		var ok bool
		if photos, ok = readMultipart(w, r, "order", &in); !ok {
			return
		}
		defer closePhotos(photos)
		defer r.MultipartForm.RemoveAll()
	} else if err := httpx.DecodeJSON(r, &in); err != nil {
		httpx.WriteBodyError(w, err)
		return
	}
	actor := actorFor(r)
	if in.Channel == "" {
		in.Channel = order.DefaultChannel(actor)
	}
	input := order.Input{Channel: in.Channel, DemandType: in.DemandType, Category: in.Category, Description: in.Description,
		Attributes: in.Attributes, Address: in.Address, GridCode: in.GridCode, CommunityCode: in.CommunityCode, FacilityCode: in.FacilityCode,
		ReporterName: in.Reporter.Name, ReporterPhone: in.Reporter.Phone, ReporterEmail: in.Reporter.Email,
		Confidential: in.Confidential, Notify: in.Notify, Photos: photos, IdempotencyKey: r.Header.Get("Idempotency-Key")}
	if (in.Lat == nil) != (in.Lng == nil) {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "give both lat and lng, or neither")
		return
	}
	if in.Lat != nil {
		input.Point = &order.Point{Lng: *in.Lng, Lat: *in.Lat}
	}
	var o order.Order
	var handled, replayed bool
	var err error
	if in.HandledNote != "" {
		o, handled, replayed, err = a.Orders.FileHandled(r.Context(), actor, input, in.HandledNote)
	} else {
		o, replayed, err = a.Orders.Create(r.Context(), actor, input)
	}
	if err != nil {
		fail(w, r, err)
		return
	}
	status := http.StatusCreated
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
		status = http.StatusOK
	}
	w.Header().Set("Location", "/api/v1/orders/"+o.Number)
	if in.HandledNote == "" {
		httpx.WriteJSON(w, status, toOrderJSON(o))
		return
	}
	httpx.WriteJSON(w, status, struct {
		orderJSON
		Handled bool `json:"handled"`
	}{toOrderJSON(o), handled})
}

// readMultipart parses a multipart form: the JSON in field, photos in
// "photo" fields. On a problem it answers the client and returns false.
func readMultipart(w http.ResponseWriter, r *http.Request, field string, dst any) ([]order.Photo, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, maxOrderUpload)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			httpx.WriteError(w, http.StatusRequestEntityTooLarge, "too_large", "the upload is larger than 9 photos of 10 MiB")
			return nil, false
		}
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "could not read the form: "+err.Error())
		return nil, false
	}
	if err := json.Unmarshal([]byte(r.FormValue(field)), dst); err != nil {
		r.MultipartForm.RemoveAll()
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "the field \""+field+"\" must hold JSON: "+err.Error())
		return nil, false
	}
	photos, err := openPhotos(r.MultipartForm.File["photo"])
	if err != nil {
		r.MultipartForm.RemoveAll()
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return nil, false
	}
	return photos, true
}

type multipartPhoto struct{ multipart.File }

func openPhotos(files []*multipart.FileHeader) ([]order.Photo, error) {
	photos := make([]order.Photo, 0, len(files))
	for _, fh := range files {
		f, err := fh.Open()
		if err != nil {
			closePhotos(photos)
			return nil, errors.New("could not read photo " + fh.Filename)
		}
		photos = append(photos, order.Photo{Name: fh.Filename, Body: multipartPhoto{f}})
	}
	return photos, nil
}

func closePhotos(photos []order.Photo) {
	for _, p := range photos {
		if c, ok := p.Body.(multipartPhoto); ok {
			c.Close()
		}
	}
}

func (a *API) getOrder(w http.ResponseWriter, r *http.Request) {
	actor, number := actorFor(r), r.PathValue("number")
	o, err := a.Orders.Get(r.Context(), actor, number)
	if err != nil {
		fail(w, r, err)
		return
	}
	acts, err := a.Orders.Actions(r.Context(), actor, number)
	if err != nil {
		fail(w, r, err)
		return
	}
	if acts == nil {
		acts = []order.Action{} // "nothing you may do" is [], not null
	}
	httpx.WriteJSON(w, http.StatusOK, struct {
		orderJSON
		Actions []order.Action `json:"actions"`
	}{toOrderJSON(o), acts})
}

// orderActions is GET /api/v1/orders/{number}/actions: only what the
// caller may do to the order now (order.Service.Actions, the list the
// order page draws its forms from), for a client that asks before it posts.
func (a *API) orderActions(w http.ResponseWriter, r *http.Request) {
	number := r.PathValue("number")
	acts, err := a.Orders.Actions(r.Context(), actorFor(r), number)
	if err != nil {
		fail(w, r, err)
		return
	}
	if acts == nil {
		acts = []order.Action{}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"number": number, "actions": acts})
}

func (a *API) orderTimeline(w http.ResponseWriter, r *http.Request) {
	events, err := a.Orders.Timeline(r.Context(), actorFor(r), r.PathValue("number"))
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"number": r.PathValue("number"), "events": toEventsJSON(events)})
}

// listOrders: ?status=a,b&category=&region=&level=&handler=&due_before=RFC3339&q=&phone=&limit=&offset=
func (a *API) listOrders(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, offset, err := paging(r, order.DefaultListLimit, order.MaxListLimit)
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	f := order.Filter{Category: q.Get("category"), DemandType: q.Get("demand_type"), Region: q.Get("region"), Level: q.Get("level"),
		HandlerCode: q.Get("handler"), Q: q.Get("q"), Phone: q.Get("phone"), Limit: limit, Offset: offset}
	if s := q.Get("status"); s != "" {
		for _, st := range strings.Split(s, ",") {
			f.Statuses = append(f.Statuses, order.Status(strings.TrimSpace(st)))
		}
	}
	if s := q.Get("due_before"); s != "" {
		if f.DueBefore, err = time.Parse(time.RFC3339, s); err != nil {
			httpx.WriteError(w, http.StatusBadRequest, "invalid", "due_before must be an RFC 3339 time, e.g. 2026-11-23T18:00:00+08:00")
			return
		}
	}
	page, err := a.Orders.List(r.Context(), actorFor(r), f)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]orderJSON, 0, len(page.Orders))
	for _, o := range page.Orders {
		out = append(out, toOrderJSON(o))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"orders": out, "total": page.Total, "limit": limit, "offset": offset})
}

// track is the resident's view: by number and the last 4 digits of the
// phone given at filing. An order the resident may rate carries a one-time
// rating_token for POST /api/v1/track/{number}/rating.
func (a *API) track(w http.ResponseWriter, r *http.Request) {
	if wait := a.Throttle.TrackWait(r); wait > 0 {
		httpx.WriteTooMany(w, wait, "failed lookups")
		return
	}
	t, err := a.Orders.Track(r.Context(), r.PathValue("number"), r.URL.Query().Get("phone_last4"))
	if err != nil {
		a.trackFailed(w, r, err)
		return
	}
	out := map[string]any{
		"number": t.Number, "status": t.Status, "category": t.Category, "received_at": cst(t.ReceivedAt),
		"resolve_due_at": cst(t.ResolveDueAt), "resolved_at": cst(t.ResolvedAt), "closed_at": cst(t.ClosedAt),
		"events": toEventsJSON(t.Events),
	}
	// The resolution photos staff marked public, served by the portal.
	photos := []map[string]string{}
	for _, ph := range t.Photos {
		photos = append(photos, map[string]string{"url": "/track/photos/" + ph.SHA256, "content_type": ph.ContentType})
	}
	out["photos"] = photos
	if t.RatingToken != "" {
		out["rating_token"], out["rating_token_expires_at"] = t.RatingToken, cst(t.RatingTokenExpires)
	}
	httpx.WriteJSON(w, http.StatusOK, out)
}

// rateTracked is the resident's own rating, with the one-time token of a
// lookup: POST /api/v1/track/{number}/rating.
func (a *API) rateTracked(w http.ResponseWriter, r *http.Request) {
	if wait := a.Throttle.TrackWait(r); wait > 0 {
		httpx.WriteTooMany(w, wait, "failed lookups")
		return
	}
	var in struct {
		RatingToken string `json:"rating_token"`
		Rating      string `json:"rating"`
		Note        string `json:"note"`
	}
	if !decodeBody(w, r, &in) {
		return
	}
	t, err := a.Orders.RateByResident(r.Context(), r.PathValue("number"), in.RatingToken, order.Rating(in.Rating), in.Note)
	if err != nil {
		a.trackFailed(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"number": t.Number, "status": t.Status, "events": toEventsJSON(t.Events)})
}

// trackFailed answers a refused lookup or rating; what found nothing,
// hit a lock or carried a bad token counts against the caller's address.
func (a *API) trackFailed(w http.ResponseWriter, r *http.Request, err error) {
	switch errs.KindOf(err) {
	case errs.NotFound, errs.Forbidden, errs.TooMany:
		a.Throttle.TrackMissed(r)
	}
	fail(w, r, err)
}

func (a *API) orderPhotos(w http.ResponseWriter, r *http.Request) {
	photos, err := a.Orders.Photos(r.Context(), actorFor(r), r.PathValue("number"))
	if err != nil {
		fail(w, r, err)
		return
	}
	type photoJSON struct {
		Stage       string     `json:"stage"`
		SHA256      string     `json:"sha256"`
		ContentType string     `json:"content_type"`
		Size        int64      `json:"size"`
		Name        string     `json:"name"`
		URL         string     `json:"url"`
		CreatedAt   *time.Time `json:"created_at"`
	}
	out := make([]photoJSON, 0, len(photos))
	for _, p := range photos {
		out = append(out, photoJSON{p.Stage, p.SHA256, p.ContentType, p.Size, p.Name,
			"/api/v1/orders/" + r.PathValue("number") + "/photos/" + p.SHA256, cst(p.CreatedAt)})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"photos": out})
}

// orderPhoto serves one photo of an order the caller may see; the content
// hash alone opens nothing.
func (a *API) orderPhoto(w http.ResponseWriter, r *http.Request) {
	photos, err := a.Orders.Photos(r.Context(), actorFor(r), r.PathValue("number"))
	if err != nil {
		fail(w, r, err)
		return
	}
	sha := r.PathValue("sha")
	for _, p := range photos {
		if p.SHA256 != sha {
			continue
		}
		path, err := a.Orders.PhotoPath(sha)
		if err != nil {
			fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", p.ContentType)
		w.Header().Set("Cache-Control", "private, max-age=86400")
		http.ServeFile(w, r, path)
		return
	}
	notFound(w, "photo")
}

func (a *API) revealReporter(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Purpose string `json:"purpose"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		httpx.WriteBodyError(w, err)
		return
	}
	rep, err := a.Orders.RevealReporter(r.Context(), actorFor(r), r.PathValue("number"), in.Purpose)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, reporterJSON{Name: rep.Name, Phone: rep.Phone, Revealed: true})
}
