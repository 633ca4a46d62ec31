package ui

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
)

// portalTrackData is the tracking page: the form, and the order when found.
type portalTrackData struct {
	Number, Last4 string
	Errors        map[string]string // number, last4
	Alert         string            // not found, too many tries, cannot rate
	Flash         string            // thanks for the rating
	Found         bool
	RetryAfter    time.Duration // set with a 429
	T             portalTrackView
	Rate          portalRateForm
}

// portalTrackView is an order as its reporter sees it.
type portalTrackView struct {
	Number, Status, StatusLabel, Category string
	Received, Due, Resolved, Closed       string
	DueISO                                string
	MergedInto                            string
	Events                                []portalEvent
	Photos                                []string // URLs of the resolution photos staff marked public
	CanRate                               bool
	RatingToken                           string // the one-time proof for the rating form
}

type portalEvent struct {
	At, ISO, Label, Actor, Note, Rating string
}

// portalRateForm is the resident's rating as typed, kept when it needs fixing.
type portalRateForm struct {
	Rating, Note, Error string
}

func portalDigits(s string, lo, hi int) bool {
	return len(s) >= lo && len(s) <= hi && strings.Trim(s, "0123456789") == ""
}

// trackPage answers GET /track (the form) and GET /track?number=&last4=
// (the order). A wrong number and wrong digits get the same answer, so
// the page never tells that a number exists.
func (u *UI) portalTrackPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := portalTrackData{Number: strings.TrimSpace(q.Get("number")), Last4: strings.TrimSpace(q.Get("last4"))}
	// The bare form, or the form with the number filled in (the link on
	// the done page); the form itself always sends both fields.
	if d.Number == "" && d.Last4 == "" || !q.Has("last4") {
		u.portalRenderTrack(w, r, http.StatusOK, d)
		return
	}
	lang := langOf(w, r)
	if q.Get("rated") == "1" {
		d.Flash = lang.T("portal.track.rated")
	}
	u.portalRenderTrack(w, r, u.portalLookUp(r, lang, &d), d)
}

// lookUp checks the form and finds the order, filling d; it returns the
// status the page answers with.
func (u *UI) portalLookUp(r *http.Request, lang Lang, d *portalTrackData) int {
	d.Errors = map[string]string{}
	if !portalDigits(d.Number, 8, 20) {
		d.Errors["number"] = lang.T("portal.track.bad_number")
	}
	if !portalDigits(d.Last4, 4, 4) {
		d.Errors["last4"] = lang.T("portal.track.bad_last4")
	}
	if len(d.Errors) > 0 {
		return http.StatusBadRequest
	}
	if wait := u.o.Throttle.TrackWait(r); wait > 0 {
		d.Alert, d.RetryAfter = lang.Tf("portal.track.limited", minutes(wait)), wait
		return http.StatusTooManyRequests
	}
	t, err := u.o.Orders.Track(r.Context(), d.Number, d.Last4)
	var locked *order.TrackLockedError
	if errors.As(err, &locked) {
		u.o.Throttle.TrackMissed(r)
		wait := time.Until(locked.Until)
		d.Alert, d.RetryAfter = lang.Tf("portal.track.locked", minutes(wait)), wait
		return http.StatusTooManyRequests
	}
	if errors.Is(err, order.ErrNotFound) {
		u.o.Throttle.TrackMissed(r)
		d.Alert = lang.T("portal.track.notfound")
		return http.StatusNotFound
	}
	if err != nil {
		d.Alert = lang.T("error.internal")
		return http.StatusInternalServerError
	}
	d.Found, d.T = true, u.portalTrackOf(r, lang, t)
	return http.StatusOK
}

func (u *UI) portalRenderTrack(w http.ResponseWriter, r *http.Request, status int, d portalTrackData) {
	if d.RetryAfter > 0 {
		httpx.SetRetryAfter(w, d.RetryAfter)
	}
	pg := u.newPage(w, r, httpx.PrincipalFrom(r.Context()), "portal.track.title")
	pg.D = d
	u.render(w, r, status, "portal_track", pg)
}

func (u *UI) portalTrackOf(r *http.Request, lang Lang, t order.Tracking) portalTrackView {
	v := portalTrackView{Number: t.Number, Status: string(t.Status), StatusLabel: lang.T("status." + string(t.Status)),
		Category: t.Category, Received: portalTime(t.ReceivedAt), Due: deadlineText(t.ResolveDueAt, "2006-01-02"),
		Resolved: portalTime(t.ResolvedAt), Closed: portalTime(t.ClosedAt), MergedInto: t.MergedInto}
	if !t.ResolveDueAt.IsZero() {
		v.DueISO = t.ResolveDueAt.Format(time.RFC3339)
	}
	if cat, err := u.portalCatalogue(r.Context()); err == nil {
		if c, ok := cat.byCode[t.Category]; ok {
			v.Category = categoryName(c, lang)
		}
	}
	// The resident may rate a resolved order not yet rated since its
	// latest resolution (the engine checks again).
	for _, ph := range t.Photos {
		v.Photos = append(v.Photos, publicPhotoURL(ph.SHA256))
	}
	lastResolve, lastCallback := 0, 0
	for _, e := range t.Events {
		ev := portalEvent{At: portalTime(e.At), ISO: e.At.Format(time.RFC3339), Label: portalEventLabel(lang, e.Action),
			Actor: portalActorLabel(lang, e), Note: e.Note}
		if rt, ok := e.Data["rating"].(string); ok {
			ev.Rating = portalRatingLabel(lang, order.Rating(rt))
		}
		v.Events = append(v.Events, ev)
		switch e.Action {
		case order.ActionResolve:
			lastResolve = e.Seq
		case order.ActionCallback:
			lastCallback = e.Seq
		}
	}
	v.CanRate = t.RatingToken != "" && t.MergedInto == "" && lastResolve > lastCallback
	v.RatingToken = t.RatingToken
	return v
}

// portalEventLabel names a public step as residents read it.
func portalEventLabel(lang Lang, a order.Action) string {
	switch a {
	case order.ActionCreate:
		return lang.T("portal.event.create")
	case order.ActionAccept:
		return lang.T("portal.event.accept")
	case order.ActionDispatch:
		return lang.T("portal.event.dispatch")
	case order.ActionSign:
		return lang.T("portal.event.sign")
	case order.ActionReply:
		return lang.T("portal.event.reply")
	case order.ActionResolve:
		return lang.T("portal.event.resolve")
	case order.ActionCallback:
		return lang.T("portal.event.callback")
	case order.ActionReopen:
		return lang.T("portal.event.reopen")
	case order.ActionCancel:
		return lang.T("portal.event.cancel")
	case order.ActionAnswer:
		return lang.T("portal.event.answer")
	case order.ActionMerge:
		return lang.T("portal.event.merge")
	}
	return lang.T("portal.event.other")
}

// portalActorLabel is who acted: the resident, else the handling unit the
// engine named (PublicTimeline).
func portalActorLabel(lang Lang, e order.Event) string {
	switch {
	case e.ActorRole == order.EventRoleResident:
		return lang.T("portal.actor.resident")
	case e.ActorName != "":
		return e.ActorName
	}
	return lang.T("portal.actor.staff")
}

func portalRatingLabel(lang Lang, r order.Rating) string {
	switch r {
	case order.RatingSatisfied:
		return lang.T("portal.rate.satisfied")
	case order.RatingBasic:
		return lang.T("portal.rate.basic")
	case order.RatingUnsatisfied:
		return lang.T("portal.rate.unsatisfied")
	}
	return string(r)
}

// trackRate answers POST /track/rate: the resident's own rating of a
// resolved order, with the one-time rating token the lookup put in the
// form (number and last 4 digits only bring the page back).
// Success goes back to the tracking page (303), where the rating now
// shows on the timeline.
func (u *UI) portalRate(w http.ResponseWriter, r *http.Request) {
	lang := langOf(w, r)
	d := portalTrackData{Number: strings.TrimSpace(r.PostFormValue("number")), Last4: strings.TrimSpace(r.PostFormValue("last4")),
		Rate: portalRateForm{Rating: r.PostFormValue("rating"), Note: r.PostFormValue("note")}}
	again := func(status int) {
		// Show the order as it is now, with the rating form as typed.
		if s := u.portalLookUp(r, lang, &d); s != http.StatusOK {
			status = s
		}
		u.portalRenderTrack(w, r, status, d)
	}
	if d.Rate.Rating == "" {
		d.Rate.Error = lang.T("portal.rate.choose")
		again(http.StatusBadRequest)
		return
	}
	if wait := u.o.Throttle.TrackWait(r); wait > 0 {
		d.Alert, d.RetryAfter = lang.Tf("portal.track.limited", minutes(wait)), wait
		u.portalRenderTrack(w, r, http.StatusTooManyRequests, d)
		return
	}
	_, err := u.o.Orders.RateByResident(r.Context(), d.Number, r.PostFormValue("rating_token"), order.Rating(d.Rate.Rating), d.Rate.Note)
	var ve *order.ValidationError
	switch {
	case err == nil:
		q := url.Values{"number": {d.Number}, "last4": {d.Last4}, "rated": {"1"}}
		http.Redirect(w, r, "/track?"+q.Encode(), http.StatusSeeOther)
	case errors.Is(err, order.ErrNotFound):
		u.o.Throttle.TrackMissed(r)
		d.Alert = lang.T("portal.track.notfound")
		u.portalRenderTrack(w, r, http.StatusNotFound, d)
	case errors.Is(err, order.ErrRatingToken):
		// A used or expired token (the form sent twice, or left open a
		// day): the lookup below hands out a fresh one if the order may
		// still be rated.
		u.o.Throttle.TrackMissed(r)
		d.Alert = lang.T("portal.rate.token")
		again(http.StatusForbidden)
	case errors.Is(err, order.ErrStaleVersion):
		d.Alert = lang.T("portal.rate.stale")
		again(http.StatusConflict)
	case errors.Is(err, order.ErrIllegalTransition), errors.Is(err, order.ErrForbidden):
		d.Alert = lang.T("portal.rate.closed")
		again(http.StatusConflict)
	case errors.As(err, &ve) && ve.Field == "note":
		d.Rate.Error = lang.T("portal.rate.note_bad")
		again(http.StatusBadRequest)
	case errors.As(err, &ve):
		d.Rate.Error = lang.T("portal.rate.choose")
		again(http.StatusBadRequest)
	default:
		u.fail(w, r, httpx.PrincipalFrom(r.Context()), err)
	}
}
