package api

import (
	"net/http"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/http/httpx"
)

type categoryJSON struct {
	Code           string           `json:"code"`
	ParentCode     string           `json:"parent_code,omitempty"`
	NameZh         string           `json:"name_zh"`
	NameEn         string           `json:"name_en"`
	Kind           string           `json:"kind"`
	Route          string           `json:"route"`
	Urgency        string           `json:"urgency"`
	ReplyMinutes   int              `json:"reply_minutes"`
	ResolveDays    int              `json:"resolve_working_days,omitempty"`
	ResolveMinutes int              `json:"resolve_minutes,omitempty"`
	Fields         []category.Field `json:"fields"`
	Keywords       []string         `json:"keywords,omitempty"`
	Leaf           bool             `json:"leaf"`
	Active         bool             `json:"active"`
	Version        int              `json:"version"`
}

func toCategoryJSON(c category.Category) categoryJSON {
	j := categoryJSON{Code: c.Code, ParentCode: c.ParentCode, NameZh: c.NameZh, NameEn: c.NameEn, Kind: c.Kind,
		Route: c.Route.String(), Urgency: c.Urgency, ReplyMinutes: int(c.Limits.Reply.Minutes()),
		ResolveDays: c.Limits.ResolveWorkingDays, ResolveMinutes: int(c.Limits.ResolveWithin.Minutes()),
		Fields: c.Fields, Keywords: c.Keywords, Leaf: c.Leaf, Active: c.Active, Version: c.Version}
	if j.Fields == nil {
		j.Fields = []category.Field{}
	}
	return j
}

// listCategories is public: residents pick a category when they report.
// ?all=1 (admins) includes inactive entries.
func (a *API) listCategories(w http.ResponseWriter, r *http.Request) {
	p := httpx.PrincipalFrom(r.Context())
	all := r.URL.Query().Get("all") == "1" && p != nil && auth.CanAdminister(p.User.Role)
	cats, err := category.List(r.Context(), a.DB, all)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]categoryJSON, 0, len(cats))
	for _, c := range cats {
		out = append(out, toCategoryJSON(c))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"categories": out})
}

func (a *API) getCategory(w http.ResponseWriter, r *http.Request) {
	c, err := category.Get(r.Context(), a.DB, r.PathValue("code"))
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, toCategoryJSON(c))
}
