package ui

import (
	"net/http"
	"strconv"
	"strings"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/mailbox"
	"civicgrid/internal/order"
)

// consoleMailOf reads the letter a console form names (?mail= when the
// operator opens it, the hidden field "mail" on save). Only a letter still
// waiting may be filed.
func (u *UI) consoleMailOf(r *http.Request, p *httpx.Principal, raw string) (*mailbox.Mail, bool) {
	if raw == "" {
		return nil, true
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return nil, false
	}
	m, err := u.o.Mail.Get(r.Context(), p.User, id)
	if err != nil || m.Status != mailbox.StatusNew {
		return nil, false
	}
	return &m, true
}

// prefillFromLetter starts the form from the letter: the sender as the
// reporter, the subject and text as the description.
func (f *consoleForm) prefillFromLetter(m *mailbox.Mail) {
	f.Mail = strconv.FormatInt(m.ID, 10)
	f.Name = m.SenderName
	desc := strings.TrimSpace(m.Body)
	if m.Subject != "" && !strings.Contains(desc, m.Subject) {
		desc = m.Subject + "\n" + desc
	}
	f.Description = clip(desc, 4000)
}

// asLetter makes in an e-mail order from m: channel e-mail, the sender's
// address sealed with the reporter (taken from the mailbox, never from
// the form).
func asLetter(in *order.Input, m *mailbox.Mail) {
	if m == nil {
		return
	}
	in.Channel = order.ChannelEmail
	in.ReporterEmail = m.Sender
}

// markLetterFiled records which order the letter became. The order is
// filed by then; a failure here (another operator filed the letter at the
// same moment) is logged, and the letter stays in the list to be looked at.
func (u *UI) markLetterFiled(r *http.Request, p *httpx.Principal, m *mailbox.Mail, number string) {
	if m == nil {
		return
	}
	if err := u.o.Mail.Filed(r.Context(), p.User, httpx.ClientIP(r), m.ID, m.Version, number); err != nil {
		httpx.Log(r).Warn("ui: letter filed as an order but not marked", "mail", m.ID, "order", number, "err", err)
	}
}

// letterOf is the letter as the mailbox pages show it, or nil.
func (u *UI) letterOf(m *mailbox.Mail) *mailView {
	if m == nil {
		return nil
	}
	v := u.mailViewOf(*m)
	return &v
}
