package ui

import (
	"net/http"

	"civicgrid/internal/auth"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/org"
)

// page is what every template gets: the frame (language, user, nav) and,
// in D, what the page itself shows. Templates translate with {{$.T "key"}}.
type page struct {
	Lang      Lang
	Title     string // already translated; the layout adds the product name
	Area      string // the district (or city) this deployment serves
	User      *userView
	CSRF      string
	Nav       []navItem
	NavGroups []navGroup // a staff menu in its groups (Nav stays the flat list)
	NavNow    string     // the current page's label, beside the phone's menu button
	SwitchURL string
	SwitchTo  Lang
	D         any
	Tiles     tiles // the map tile server, for the "map-lib" partial
}

// T translates key into the page language.
func (p *page) T(key string) string { return p.Lang.T(key) }

// Tf translates key and fills it like fmt.Sprintf.
func (p *page) Tf(key string, args ...any) string { return p.Lang.Tf(key, args...) }

// userView is the signed-in user as the header shows them.
type userView struct {
	Username, DisplayName, Role, RoleLabel, Place string
	IsAdmin                                       bool
}

type navItem struct {
	Href, Label string
	Key         string // the label's key without "nav."
	Current     bool
}

// newPage builds the frame for r. p may be nil (a visitor).
func (u *UI) newPage(w http.ResponseWriter, r *http.Request, p *httpx.Principal, titleKey string) *page {
	lang := langOf(w, r)
	pg := &page{Lang: lang, Title: lang.T(titleKey), SwitchTo: lang.other(), SwitchURL: switchURL(r, lang.other())}
	pg.Tiles = tiles{URL: u.o.TileURL, Attribution: u.o.TileAttribution}
	if a, ok := u.area.get(r.Context(), u.o.DB); ok {
		pg.Area = a.Name
	}
	if p == nil {
		pg.Nav = visitorNav(lang)
	} else {
		pg.User = u.viewUser(r, p.User, lang)
		if p.Session != nil {
			pg.CSRF = p.Session.CSRFToken
		}
		pg.Nav = navFor(p.User.Role, lang)
	}
	// The longest matching link is the current one: on /dispatch/callbacks
	// that is 回访, not 派单台 as well.
	best := -1
	for i := range pg.Nav {
		if isCurrent(r.URL.Path, pg.Nav[i].Href) && (best < 0 || len(pg.Nav[i].Href) > len(pg.Nav[best].Href)) {
			best = i
		}
	}
	if best >= 0 {
		pg.Nav[best].Current = true
	}
	if p != nil {
		pg.NavGroups, pg.NavNow = groupNav(pg.Nav, lang), navCurrentLabel(pg.Nav)
	}
	return pg
}

func isCurrent(path, href string) bool {
	if href == "/" || href == "/home" {
		return path == href
	}
	return path == href || len(path) > len(href) && path[:len(href)] == href && path[len(href)] == '/'
}

func (u *UI) viewUser(r *http.Request, usr auth.User, lang Lang) *userView {
	v := &userView{Username: usr.Username, DisplayName: usr.DisplayName, Role: usr.Role,
		RoleLabel: lang.T("role." + usr.Role), IsAdmin: auth.CanAdminister(usr.Role)}
	ctx := r.Context()
	if usr.NodeCode != "" {
		if reg, err := org.GetRegion(ctx, u.o.DB, usr.NodeCode); err == nil {
			v.Place = reg.Name
		}
	} else if usr.DepartmentCode != "" {
		if d, err := org.GetDepartment(ctx, u.o.DB, usr.DepartmentCode); err == nil {
			v.Place = d.Name
		}
	}
	return v
}
