package ui

import (
	"errors"
	"net/http"
	"strconv"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/mailbox"
)

// registerMailbox adds the hotline's mailbox: letters residents e-mailed,
// waiting for an operator to file them as orders (in the console, with
// the letter beside the form) or to reject them with a reason.
func (u *UI) registerMailbox(mux *http.ServeMux) {
	mux.HandleFunc("GET /mail", u.signedIn(u.mailList))
	mux.HandleFunc("GET /mail/{id}", u.signedIn(u.mailLetter))
	mux.HandleFunc("POST /mail/{id}/reject", u.signedIn(u.mailReject))
}

type mailView struct {
	mailbox.Mail
	Received, Handled string
}

type mailData struct {
	Status  string
	Letters []mailView
	Letter  *mailView
	Error   string
	Reason  string
	Done    string
}

func (u *UI) mailViewOf(m mailbox.Mail) mailView {
	v := mailView{Mail: m, Received: m.ReceivedAt.In(shanghaiLocation()).Format("2006-01-02 15:04")}
	if !m.HandledAt.IsZero() {
		v.Handled = m.HandledAt.In(shanghaiLocation()).Format("2006-01-02 15:04")
	}
	return v
}

func (u *UI) mailList(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	status := r.URL.Query().Get("status")
	if status != mailbox.StatusFiled && status != mailbox.StatusRejected {
		status = mailbox.StatusNew
	}
	letters, err := u.o.Mail.List(r.Context(), p.User, status, 200)
	if u.mailFailed(w, r, p, err) {
		return
	}
	pg := u.newPage(w, r, p, "mail.title")
	d := mailData{Status: status, Done: r.URL.Query().Get("done")}
	for _, m := range letters {
		d.Letters = append(d.Letters, u.mailViewOf(m))
	}
	pg.D = d
	u.render(w, r, http.StatusOK, "mail", pg)
}

func (u *UI) mailLetter(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.showLetter(w, r, p, http.StatusOK, mailData{})
}

func (u *UI) showLetter(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, d mailData) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	m, err := u.o.Mail.Get(r.Context(), p.User, id)
	if u.mailFailed(w, r, p, err) {
		return
	}
	v := u.mailViewOf(m)
	d.Letter = &v
	pg := u.newPage(w, r, p, "mail.letter")
	pg.D = d
	u.render(w, r, status, "mail_letter", pg)
}

func (u *UI) mailReject(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	reason := r.PostFormValue("reason")
	err = u.o.Mail.Reject(r.Context(), p.User, httpx.ClientIP(r), id, version, reason)
	lang := langOf(w, r)
	switch {
	case err == nil:
		http.Redirect(w, r, "/mail?done=rejected", http.StatusSeeOther)
	case errors.Is(err, mailbox.ErrInvalidInput):
		u.showLetter(w, r, p, http.StatusBadRequest, mailData{Error: lang.T("mail.badreason"), Reason: reason})
	case errors.Is(err, mailbox.ErrStaleVersion):
		u.showLetter(w, r, p, http.StatusConflict, mailData{Error: lang.T("mail.stale"), Reason: reason})
	default:
		u.mailFailed(w, r, p, err)
	}
}

// mailFailed answers err as a page and reports whether it did.
func (u *UI) mailFailed(w http.ResponseWriter, r *http.Request, p *httpx.Principal, err error) bool {
	if err == nil {
		return false
	}
	u.fail(w, r, p, err)
	return true
}
