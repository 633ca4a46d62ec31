package ui

import (
	"errors"
	"io"
	"net/http"

	"civicgrid/internal/auth"
	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
)

// maxGridUpload bounds a GeoJSON upload, as the API does: a whole city's
// grids fit easily.
const maxGridUpload = 64 << 20

// importResult is the outcome of a grid import shown under the form:
// either what changed, or every problem (and then nothing was imported).
type importResult struct {
	DryRun         bool
	Added, Updated []string
	Unchanged      int
	Error          string
	Problems       []string
}

// gridImport takes a GeoJSON FeatureCollection file. Every grid must lie
// in the admin's scope; grid.ImportAs checks the rest in one transaction,
// so on any problem nothing is imported and all problems are listed.
func (u *UI) gridImport(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	under := r.FormValue("under")
	if under == "" {
		under = scopeRoot(p)
	}
	d, ok := u.gridMapData(w, r, p, under)
	if !ok {
		return
	}
	lang := langOf(w, r)
	res := &importResult{DryRun: r.FormValue("dry_run") == "1"}
	d.Import = res
	refuse := func(msg string, problems ...string) {
		res.Error, res.Problems = msg, problems
		u.renderGridMap(w, r, p, http.StatusBadRequest, d)
	}
	file, hdr, err := r.FormFile("geojson")
	if err != nil {
		refuse(lang.T("import.nofile"))
		return
	}
	defer file.Close()
	if hdr.Size > maxGridUpload {
		refuse(lang.T("import.toolarge"))
		return
	}
	body, err := io.ReadAll(io.LimitReader(file, maxGridUpload+1))
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	features, err := geo.ParseGridFeatures(body)
	var verr *geo.ValidationError
	switch {
	case errors.As(err, &verr):
		refuse(lang.T("import.invalid"), problemStrings(lang, verr)...)
		return
	case err != nil:
		refuse(lang.T("import.invalid"), err.Error())
		return
	}
	var outside []string
	for _, f := range features {
		if !p.Scope.CoversRegion(f.CommunityCode) {
			outside = append(outside, lang.Tf("import.outside", f.Index, f.CommunityCode))
		}
	}
	if len(outside) > 0 {
		refuse(lang.T("import.invalid"), outside...)
		return
	}
	rep, err := grid.ImportAs(r.Context(), u.o.DB, features, grid.ImportOptions{DryRun: res.DryRun, Now: u.now},
		auth.ActorOf(p.User, httpx.ClientIP(r)))
	switch {
	case errors.As(err, &verr):
		refuse(lang.T("import.invalid"), problemStrings(lang, verr)...)
		return
	case errors.Is(err, grid.ErrInvalid):
		refuse(lang.T("import.invalid"), err.Error())
		return
	case err != nil:
		u.fail(w, r, p, err)
		return
	}
	if !res.DryRun && len(rep.Added)+len(rep.Updated) > 0 {
		if err := u.o.Locator.Rebuild(r.Context()); err != nil {
			u.fail(w, r, p, err)
			return
		}
	}
	res.Added, res.Updated, res.Unchanged = rep.Added, rep.Updated, len(rep.Unchanged)
	// Reload the list so the new grids are in it.
	if d, ok = u.gridMapData(w, r, p, under); !ok {
		return
	}
	d.Import = res
	u.renderGridMap(w, r, p, http.StatusOK, d)
}

func problemStrings(lang Lang, v *geo.ValidationError) []string {
	out := make([]string, 0, len(v.Problems)+1)
	for _, p := range v.Problems {
		out = append(out, p.String())
	}
	if v.Omitted > 0 {
		out = append(out, lang.Tf("import.more", v.Omitted))
	}
	return out
}
