package ui

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/org"
)

// consolePlaces are the selects of the place: the communities of the
// operator's area by street, and the grids of the chosen community.
type consolePlaces struct {
	Streets []consoleStreet
	Grids   []option
}

type consoleStreet struct {
	Name        string
	Communities []option
}

// maxConsoleCommunities bounds the community select (a city has a few
// thousand; past that the map is the way).
const maxConsoleCommunities = 3000

func (u *UI) consolePlaces(ctx context.Context, p *httpx.Principal, f consoleForm) (consolePlaces, error) {
	var out consolePlaces
	root, err := org.GetRegion(ctx, u.o.DB, scopeRoot(p))
	if err != nil {
		return out, err
	}
	n := 0
	var walk func(r org.Region) error
	walk = func(r org.Region) error {
		kids, err := org.Children(ctx, u.o.DB, r.Code)
		if err != nil {
			return err
		}
		var st *consoleStreet
		for _, k := range kids {
			if k.Level == org.LevelCommunity || k.Level == org.LevelVillage {
				if st == nil {
					out.Streets = append(out.Streets, consoleStreet{Name: r.Name})
					st = &out.Streets[len(out.Streets)-1]
				}
				if n < maxConsoleCommunities {
					st.Communities = append(st.Communities, option{Value: k.Code, Label: k.Name, Selected: k.Code == f.Community})
					n++
				}
				continue
			}
			if err := walk(k); err != nil {
				return err
			}
		}
		return nil
	}
	if root.Level == org.LevelCommunity || root.Level == org.LevelVillage {
		out.Streets = []consoleStreet{{Name: root.Name, Communities: []option{{Value: root.Code, Label: root.Name, Selected: root.Code == f.Community}}}}
	} else if err := walk(root); err != nil {
		return out, err
	}
	if f.Community != "" {
		out.Grids, err = u.consoleGridOptions(ctx, f.Community, f.Grid)
	}
	return out, err
}

// maxConsoleGrids bounds the grids listed for one community.
const maxConsoleGrids = 200

func (u *UI) consoleGridOptions(ctx context.Context, community, selected string) ([]option, error) {
	if len(community) != 12 || strings.Trim(community, "0123456789") != "" {
		return nil, nil
	}
	grids, err := grid.List(ctx, u.o.DB, community, maxConsoleGrids, 0)
	if err != nil {
		return nil, err
	}
	out := make([]option, 0, len(grids))
	for _, g := range grids {
		out = append(out, option{Value: g.Code, Label: g.Name, Selected: g.Code == selected})
	}
	return out, nil
}

// consoleGrids is the htmx fragment of the grid select's options for the
// chosen community.
func (u *UI) consoleGrids(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	pg := u.newPage(w, r, p, "console.title")
	community := strings.TrimSpace(r.URL.Query().Get("community_code"))
	var opts []option
	if community != "" && p.Scope.CoversRegion(community) {
		var err error
		if opts, err = u.consoleGridOptions(r.Context(), community, ""); err != nil {
			u.fail(w, r, p, err)
			return
		}
	}
	pg.D = &consoleData{Places: consolePlaces{Grids: opts}}
	u.renderFragment(w, r, http.StatusOK, "console", "console-grid-options", pg)
}

// consolePlaceView is where the order is, as the operator reads it back to
// the caller: grid, community and street.
type consolePlaceView struct {
	Known             bool
	Grid, GridCode    string
	Community, Street string
	Problem           string // outside every grid, unknown code, outside the area
	ByPoint           bool
	Lat, Lng          string
}

// consolePlace is the htmx fragment shown as soon as the place is known.
func (u *UI) consolePlace(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	pg := u.newPage(w, r, p, "console.title")
	pg.D = &consoleData{Place: u.consolePlaceOf(r.Context(), p, pg.Lang, consoleQueryOf(r))}
	u.renderFragment(w, r, http.StatusOK, "console", "console-place", pg)
}

func (u *UI) consolePlaceOf(ctx context.Context, p *httpx.Principal, lang Lang, q consolePlaceQuery) consolePlaceView {
	var v consolePlaceView
	if q.BadPoint {
		v.Problem = lang.T("console.err.point")
		return v
	}
	gridCode, community := q.Grid, q.Community
	if q.Point != nil {
		v.ByPoint = true
		v.Lat, v.Lng = consoleCoord(q.Point.Lat), consoleCoord(q.Point.Lng)
		if geo.ValidLngLat(q.Point.Lng, q.Point.Lat) != nil {
			v.Problem = lang.T("console.err.point")
			return v
		}
		code, ok := u.o.Locator.Locate(q.Point.Lng, q.Point.Lat)
		if !ok {
			v.Problem = lang.T("console.place.outside")
			return v
		}
		gridCode = code
	}
	switch {
	case gridCode != "":
		g, err := grid.Get(ctx, u.o.DB, gridCode)
		if err != nil {
			v.Problem = lang.T("console.place.unknown")
			return v
		}
		v.Grid, v.GridCode, community = g.Name, g.Code, g.CommunityCode
	case community == "":
		return v // nothing chosen yet
	}
	reg, err := org.GetRegion(ctx, u.o.DB, community)
	if errors.Is(err, org.ErrNotFound) || (err == nil && len(reg.Code) != 12) {
		v.Problem = lang.T("console.place.unknown")
		return v
	}
	if err != nil {
		v.Problem = lang.T("console.place.unknown")
		return v
	}
	v.Community = reg.Name
	if st, err := org.GetRegion(ctx, u.o.DB, community[:9]); err == nil {
		v.Street = st.Name
	}
	v.Known = true
	code := community
	if v.GridCode != "" {
		code = v.GridCode
	}
	if !p.Scope.CoversRegion(code) {
		v.Known, v.Problem = false, lang.T("console.place.outscope")
	}
	return v
}

// consoleCoord writes a coordinate to 6 decimals (about 0.1 m).
func consoleCoord(x float64) string { return strconv.FormatFloat(x, 'f', 6, 64) }
