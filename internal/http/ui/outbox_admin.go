package ui

import (
	"net/http"
	"strconv"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/notify"
	"civicgrid/internal/zone"
)

// The parked-messages page (/admin/outbox): outbox events every notifier
// attempt failed (an SMS provider, a peer platform or a webhook down for
// hours), for an admin to send again once the cause is mended. Which
// events an admin sees and may retry is notify's rule (ParkedFor).

type parkedRow struct {
	ID                          int64
	Number, Step, Topic         string
	At, FailedAt, Attempts, Err string
}

type outboxData struct {
	Rows  []parkedRow
	Retry string // the event just requeued
}

func (u *UI) outboxAdmin(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	by, err := u.adminOf(r, p)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	parked, err := notify.ParkedFor(r.Context(), u.o.DB, by, 200)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	lang := langOf(w, r)
	d := outboxData{Retry: r.URL.Query().Get("retried")}
	for _, e := range parked {
		d.Rows = append(d.Rows, parkedRow{ID: e.ID, Number: e.Number, Step: eventLabel(lang, e.Action), Topic: e.Topic,
			At: e.At.In(zone.Shanghai()).Format("2006-01-02 15:04"), FailedAt: e.FailedAt.In(zone.Shanghai()).Format("2006-01-02 15:04"),
			Attempts: strconv.Itoa(e.Attempts), Err: e.LastError})
	}
	pg := u.newPage(w, r, p, "outbox.title")
	pg.D = d
	u.render(w, r, http.StatusOK, "outbox", pg)
}

func (u *UI) retryOutbox(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.errorPage(w, r, p, http.StatusNotFound, "error.notfound")
		return
	}
	by, err := u.adminOf(r, p)
	if err == nil {
		err = notify.RetryFor(r.Context(), u.o.DB, by, id, u.now())
	}
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	http.Redirect(w, r, "/admin/outbox?retried="+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
