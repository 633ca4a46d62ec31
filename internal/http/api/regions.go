package api

import (
	"net/http"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/org"
)

type regionJSON struct {
	Code         string `json:"code"`
	Name         string `json:"name"`
	OfficialName string `json:"official_name"`
	Level        string `json:"level"`
	ParentCode   string `json:"parent_code,omitempty"`
}

func toRegionJSON(r org.Region) regionJSON {
	return regionJSON{Code: r.Code, Name: r.Name, OfficialName: r.OfficialName, Level: r.Level, ParentCode: r.ParentCode}
}

func toRegionsJSON(rs []org.Region) []regionJSON {
	out := make([]regionJSON, 0, len(rs))
	for _, r := range rs {
		out = append(out, toRegionJSON(r))
	}
	return out
}

// region answers the node, its ancestors (its path to the root) and the
// number of its descendants by level.
func (a *API) region(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	code := r.PathValue("code")
	if !p.Scope.CoversRegion(code) {
		notFound(w, "region "+code)
		return
	}
	ctx := r.Context()
	reg, err := org.GetRegion(ctx, a.DB, code)
	if err != nil {
		fail(w, r, err)
		return
	}
	anc, err := org.Ancestors(ctx, a.DB, code)
	if err != nil {
		fail(w, r, err)
		return
	}
	counts, err := org.ChildCounts(ctx, a.DB, code)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{
		"region": toRegionJSON(reg), "ancestors": toRegionsJSON(anc), "descendant_counts": counts,
	})
}

func (a *API) regionChildren(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	code := r.PathValue("code")
	if !p.Scope.CoversRegion(code) {
		notFound(w, "region "+code)
		return
	}
	ctx := r.Context()
	if _, err := org.GetRegion(ctx, a.DB, code); err != nil {
		fail(w, r, err)
		return
	}
	kids, err := org.Children(ctx, a.DB, code)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"parent": code, "children": toRegionsJSON(kids)})
}
