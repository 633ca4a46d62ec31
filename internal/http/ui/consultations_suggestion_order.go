package ui

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"civicgrid/internal/category"
	"civicgrid/internal/consultation"
	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
	"civicgrid/internal/project"
	"civicgrid/internal/store"
)

// A suggestion typed on a ballot becomes a work order in one step from the
// desk: the order is filed at the 小区 under the category staff pick
// (preselected from the text), and in the same transaction it is linked to
// the ballot (consultation.AdoptAsOrder) and to the project's 小区
// (project_orders), so it shows on the 小区 page with the other orders.

func (u *UI) registerConsultSuggestionOrder(mux *http.ServeMux) {
	mux.HandleFunc("POST /consultations/{id}/suggestions/{ballot}/order", u.signedIn(u.consultationSuggestionOrder))
}

// suggestionLeaves are the leaves an order can be filed under without
// extra fields (a suggestion carries none), and the best of them for each
// unfiled suggestion's words.
func (u *UI) suggestionLeaves(ctx context.Context, ss []consultation.Suggestion) ([]category.Category, map[int64]string, error) {
	list, err := category.List(ctx, u.o.DB, false)
	if err != nil {
		return nil, nil, err
	}
	var leaves []category.Category
	for _, c := range list {
		if c.Leaf && c.Active && !hasRequiredField(c) {
			leaves = append(leaves, c)
		}
	}
	best := map[int64]string{}
	for _, s := range ss {
		if s.OrderID != 0 {
			continue
		}
		for _, c := range u.suggestLeaves(ctx, leaves, s.Text, 1) {
			best[s.BallotID] = c.Code
		}
	}
	return leaves, best, nil
}

// suggestionChannel is the channel a desk user files a suggestion through:
// community staff as what they found themselves (patrol, 未诉先办), the
// centre's staff as the hotline, an admin as the API; "" when the role
// files no orders.
func suggestionChannel(role string) string {
	for _, ch := range []string{order.ChannelPatrol, order.ChannelHotline, order.ChannelAPI} {
		if order.MayFileThrough(role, ch) {
			return ch
		}
	}
	return ""
}

func hasRequiredField(c category.Category) bool {
	for _, f := range c.Fields {
		if f.Required {
			return true
		}
	}
	return false
}

// consultationSuggestionOrder: POST …/suggestions/{ballot}/order with
// category — files the suggestion as an order and links it.
func (u *UI) consultationSuggestionOrder(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	ballot, _ := strconv.ParseInt(r.PathValue("ballot"), 10, 64)
	ed := u.editor(r, p)
	s, err := consultation.SuggestionToFile(ctx, u.o.DB, ed, id, ballot)
	if err != nil {
		u.deskRefused(w, r, p, err)
		return
	}
	c := s.Consultation
	pr, err := project.Get(ctx, u.o.DB, p.Scope, c.ProjectID)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	channel := suggestionChannel(p.User.Role)
	if channel == "" {
		u.deskRefused(w, r, p, errs.New(errs.Invalid, "your role files no orders; ask the 12345 centre — 您的角色不能立工单，请转12345中心"))
		return
	}
	in := order.Input{Channel: channel, Category: strings.TrimSpace(r.FormValue("category")),
		Description: "【" + c.EstateName + "·" + c.Title + "·居民建议】" + s.Text,
		// One order per suggestion: a second click replays the first.
		IdempotencyKey: fmt.Sprintf("consultation-%d-ballot-%d", c.ID, s.BallotID)}
	for _, e := range pr.Estates {
		if e.ID != c.EstateID {
			continue
		}
		in.Address = e.CommunityName + e.Name
		if e.Lng != 0 || e.Lat != 0 {
			in.Point = &order.Point{Lng: e.Lng, Lat: e.Lat}
		} else {
			in.CommunityCode = e.CommunityCode
		}
	}
	_, _, err = u.o.Orders.CreateLinked(ctx, order.StaffActor(p.User, p.Scope, httpx.ClientIP(r)), in,
		func(ctx context.Context, tx *store.Tx, o order.Order) error {
			if err := consultation.AdoptAsOrder(ctx, tx, ed, c.ID, s.BallotID, o.ID, u.now()); err != nil {
				return err
			}
			return project.LinkOrder(ctx, tx, c.ProjectID, o.ID, c.EstateID, u.now())
		})
	if err != nil {
		u.deskRefused(w, r, p, err)
		return
	}
	u.deskDone(w, r, "filed")
}
