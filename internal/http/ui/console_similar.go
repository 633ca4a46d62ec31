package ui

import (
	"errors"
	"net/http"
	"strconv"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
)

// consoleSimilarLimit is how many open look-alikes the console shows.
const consoleSimilarLimit = 5

// consoleSimilarView is the list of open orders like the one being typed,
// shown before saving so the operator can tell the caller it is known.
type consoleSimilarView struct {
	NoPlace bool   // no place chosen yet
	Problem string // the place does not resolve
	Items   []consoleSimilarItem
}

type consoleSimilarItem struct {
	Row      orderRow
	Distance string // "120 m", or "" when matched by grid
	Percent  int    // text similarity
}

// consoleSimilar is the htmx fragment refreshed as place, category and
// description change.
func (u *UI) consoleSimilar(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	pg := u.newPage(w, r, p, "console.title")
	pg.D = &consoleData{Similar: u.consoleSimilarOf(r, p, pg.Lang, consoleQueryOf(r))}
	u.renderFragment(w, r, http.StatusOK, "console", "console-similar", pg)
}

func (u *UI) consoleSimilarOf(r *http.Request, p *httpx.Principal, lang Lang, q consolePlaceQuery) consoleSimilarView {
	if q.BadPoint {
		return consoleSimilarView{Problem: lang.T("console.err.point")}
	}
	if q.Point == nil && q.Grid == "" && q.Community == "" {
		return consoleSimilarView{NoPlace: true}
	}
	in := order.Input{Point: q.Point, GridCode: q.Grid, CommunityCode: q.Community, Category: q.Category, Description: q.Description}
	cands, err := u.o.Orders.SimilarOpen(r.Context(), order.StaffActor(p.User, p.Scope, httpx.ClientIP(r)), in, consoleSimilarLimit)
	if errors.Is(err, order.ErrInvalid) {
		return consoleSimilarView{Problem: lang.T("console.place.unknown")}
	}
	if err != nil {
		return consoleSimilarView{Problem: lang.T("error.internal")}
	}
	orders := make([]order.Order, len(cands))
	for i, c := range cands {
		orders[i] = c.Order
	}
	rows, err := u.orderRows(r.Context(), lang, orders)
	if err != nil {
		return consoleSimilarView{Problem: lang.T("error.internal")}
	}
	v := consoleSimilarView{Items: make([]consoleSimilarItem, len(cands))}
	for i, c := range cands {
		v.Items[i] = consoleSimilarItem{Row: rows[i], Percent: int(c.Similarity*100 + 0.5)}
		if c.Distance >= 0 {
			v.Items[i].Distance = strconv.Itoa(int(c.Distance+0.5)) + " m"
		}
	}
	return v
}
