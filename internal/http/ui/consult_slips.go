package ui

import (
	"net/http"
	"strconv"
	"strings"

	"civicgrid/internal/consultation"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/store"
)

// The desk's view of how the codes reach the houses, and the printed
// slips for the houses no SMS reaches. The rules (who gets an SMS, which
// codes wait for print, the audit of opening them) live in
// internal/consultation.

// deliveryCounts count the houses by their latest code's delivery.
type deliveryCounts struct {
	Sent, Pending, Failed, Print, None int
}

func countDelivery(hs []consultation.DeskHouse) deliveryCounts {
	n := consultation.DeliveryCounts(hs)
	return deliveryCounts{Sent: n[consultation.DeliverySent], Pending: n[consultation.DeliveryPending], Failed: n[consultation.DeliveryFailed],
		Print: n[consultation.DeliveryNoPhone] + n[consultation.DeliveryOptedOut], None: n[""] + n[consultation.DeliveryReplaced]}
}

// consultSlipsData is the print page: one A4 slip per house.
type consultSlipsData struct {
	C        consultation.Consultation
	Slips    []slipView
	Delivery deliveryCounts
	VoteURL  string
}

// slipView is a slip with its last day shown in China time.
type slipView struct {
	consultation.Slip
	Expires string
}

// consultationSlips opens the codes no SMS carries, for print.
func (u *UI) consultationSlips(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		u.notFound(w, r)
		return
	}
	ed := grid.EditorOf(p.User, p.Scope, httpx.ClientIP(r))
	d := &consultSlipsData{}
	if d.C, err = consultation.Get(ctx, u.o.DB, p.Scope, id); err != nil {
		u.fail(w, r, p, err)
		return
	}
	houses, err := consultation.DeskHouses(ctx, u.o.DB, ed, id)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	d.Delivery = countDelivery(houses)
	var slips []consultation.Slip
	err = u.o.DB.InTx(ctx, func(tx *store.Tx) error {
		slips, err = consultation.Slips(ctx, tx, ed, u.o.Codes, id, u.now())
		return err
	})
	if err != nil {
		u.deskRefused(w, r, p, err)
		return
	}
	for _, s := range slips {
		d.Slips = append(d.Slips, slipView{Slip: s, Expires: portalTime(s.ExpiresAt)})
	}
	d.VoteURL = u.publicURL(r) + consultation.VotePath(id)
	w.Header().Set("Cache-Control", "no-store")
	pg := u.newPage(w, r, p, "consult.slips.title")
	pg.Title = d.C.Title + " · " + pg.Title
	pg.D = d
	u.render(w, r, http.StatusOK, "consult_slips", pg)
}

// publicURL is the site the slips send owners to: the configured public
// address, else the one this page was asked at.
func (u *UI) publicURL(r *http.Request) string {
	if u.o.BaseURL != "" {
		return strings.TrimRight(u.o.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
