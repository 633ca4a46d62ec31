// Package ui serves the web pages: server-rendered html/template pages
// embedded in the binary (civicgrid/web), with htmx, Leaflet and ECharts
// vendored under web/vendor and served at content-hash URLs. Like the JSON
// API it holds no rules: it reads the caller from the request (httpx
// Authenticator), checks role and scope, and calls the domain packages.
package ui

import (
	"net/http"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/bulletin"
	"civicgrid/internal/calendar"
	"civicgrid/internal/care"
	"civicgrid/internal/classify"
	"civicgrid/internal/communitylife"
	"civicgrid/internal/consultation"
	"civicgrid/internal/exchange"
	"civicgrid/internal/facility"
	"civicgrid/internal/grid"
	"civicgrid/internal/gridtask"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/knowledge"
	"civicgrid/internal/mailbox"
	"civicgrid/internal/order"
	"civicgrid/internal/orgunit"
	"civicgrid/internal/people"
	"civicgrid/internal/project"
	"civicgrid/internal/replycheck"
	"civicgrid/internal/report"
	"civicgrid/internal/store"
	"civicgrid/internal/supervision"
	"civicgrid/web"
)

// Options are what the pages are built from.
type Options struct {
	DB       *store.DB
	Locator  *grid.Locator
	Calendar *calendar.Holder
	Policy   auth.Policy
	// Orders, Supervision and Reports are the engines the work-order,
	// supervision and dashboard pages call.
	Orders      *order.Service
	Supervision *supervision.Service
	Reports     *report.Reporter
	Tasks       *gridtask.Service
	Mail        *mailbox.Box
	// People keeps the 实有人口 register.
	People *people.Service
	// Care keeps care groups, members and visits.
	Care *care.Service
	// Units and Facilities keep the 实有单位 and 部件 registers.
	Units      *orgunit.Service
	Facilities *facility.Service
	// Classifier proposes categories from a description (nil: keywords).
	Classifier *classify.Service
	// Knowledge is the knowledge base (知识库).
	Knowledge *knowledge.Service
	// Replies checks the replies of resolved orders (nil: no check).
	Replies *replycheck.Service
	// Exchange is the linkage with upstream and district platforms.
	Exchange *exchange.Service
	// Life holds the community-life services (人民调解 …); nil serves none.
	Life *communitylife.Services
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Throttle holds the per-address limits on anonymous requests, shared
	// with the JSON API and Open311; nil limits nothing.
	Throttle *httpx.Throttle
	// Bulletins are the 周报/月报 and who receives them.
	Bulletins *bulletin.Service
	// ProjectUploads keeps renovation progress photos.
	ProjectUploads project.Uploads
	// Codes is how 征询 codes reach the owners (SMS or print).
	Codes consultation.Delivery
	// BaseURL is the public site (CIVICGRID_NOTICE_BASE_URL) the printed
	// code slips name; blank means the address the page was asked at.
	BaseURL string
	// TileURL is an optional map tile URL template
	// (https://…/{z}/{x}/{y}.png; CIVICGRID_TILE_URL, read by the command
	// line). Without one the maps draw the grid polygons on the base layer
	// embedded in the binary (web/static/basemap), which works offline.
	TileURL string
	// TileAttribution is what the tile provider requires shown in the map
	// corner (CIVICGRID_TILE_ATTRIBUTION).
	TileAttribution string
}

// UI is the set of page handlers.
type UI struct {
	o      Options
	assets *assets
	pages  *pageSet
	area   areaCache
}

// New loads the embedded templates and assets. They are part of the
// binary, so a broken one is a programming error and New panics; every
// test that builds a server finds it at once.
func New(o Options) *UI {
	as, err := loadAssets(web.Files)
	if err != nil {
		panic(err)
	}
	pages, err := loadPages(web.Files, as)
	if err != nil {
		panic(err)
	}
	return &UI{o: o, assets: as, pages: pages}
}

func (u *UI) now() time.Time {
	if u.o.Now != nil {
		return u.o.Now()
	}
	return time.Now()
}

// Register adds every page route to mux.
func (u *UI) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /static/{hash}/{name...}", u.assets.serve)
	mux.HandleFunc("GET /ui/grids.geojson", u.gridsGeoJSON)

	mux.HandleFunc("GET /{$}", u.home)
	mux.HandleFunc("GET /signin", u.signInForm)
	mux.HandleFunc("POST /signin", u.signIn)
	mux.HandleFunc("GET /login", u.loginAlias)
	mux.HandleFunc("POST /signout", u.signOut)
	mux.HandleFunc("GET /home", u.signedIn(u.dashboard))

	mux.HandleFunc("GET /admin", u.admin(u.adminIndex))
	mux.HandleFunc("GET /admin/regions", u.admin(u.regionsIndex))
	mux.HandleFunc("GET /admin/regions/{code}", u.admin(u.region))
	mux.HandleFunc("GET /admin/grids", u.admin(u.gridMap))
	mux.HandleFunc("GET /admin/grids/{code}", u.admin(u.gridDetail))
	mux.HandleFunc("POST /admin/grids/import", u.admin(u.gridImport))
	mux.HandleFunc("POST /admin/grids/{code}/members", u.admin(u.gridStaff))
	mux.HandleFunc("POST /admin/grids/{code}/members/{user}/remove", u.admin(u.gridStaff))
	mux.HandleFunc("GET /admin/users", u.admin(u.users))
	mux.HandleFunc("POST /admin/users", u.admin(u.addUser))
	mux.HandleFunc("GET /admin/users/{id}", u.admin(u.userPage))
	mux.HandleFunc("POST /admin/users/{id}", u.admin(u.userEdit))
	mux.HandleFunc("POST /admin/users/{id}/password", u.admin(u.userPassword))
	mux.HandleFunc("POST /admin/users/{id}/tokens/{token}/revoke", u.admin(u.revokeUserToken))
	mux.HandleFunc("GET /admin/exchange", u.admin(u.exchangeAdmin))
	mux.HandleFunc("POST /admin/exchange/links", u.admin(u.addExchangeLink))
	mux.HandleFunc("POST /admin/exchange/links/{name}/remove", u.admin(u.removeExchangeLink))
	mux.HandleFunc("POST /admin/exchange/map", u.admin(u.mapExchangeCategory))
	mux.HandleFunc("POST /admin/exchange/forward", u.admin(u.forwardExchangeOrder))
	mux.HandleFunc("GET /admin/outbox", u.admin(u.outboxAdmin))
	mux.HandleFunc("POST /admin/outbox/{id}/retry", u.admin(u.retryOutbox))
	mux.HandleFunc("GET /admin/departments", u.admin(u.departments))
	mux.HandleFunc("POST /admin/departments", u.admin(u.addDepartment))
	mux.HandleFunc("POST /admin/departments/{code}", u.admin(u.editDepartment))
	mux.HandleFunc("POST /admin/departments/{code}/retire", u.admin(u.retireDepartment))
	mux.HandleFunc("GET /admin/calendar", u.admin(u.calendarPage))
	mux.HandleFunc("POST /admin/calendar/import", u.admin(u.calendarImport))
	mux.HandleFunc("POST /admin/calendar/override", u.admin(u.calendarOverride))
	mux.HandleFunc("POST /admin/calendar/override/delete", u.admin(u.calendarOverrideDelete))

	// Work-order pages, one family per file (see each register* function).
	u.registerPortal(mux)
	u.registerProjects(mux)
	u.registerConsultations(mux)
	u.registerProjectForms(mux)
	u.registerProjectNew(mux)
	u.registerOrderPages(mux)
	u.registerConsole(mux)
	u.registerInbox(mux)
	u.registerDispatch(mux)
	u.registerSupervision(mux)
	u.registerMeasures(mux)
	u.registerGridWorker(mux)
	u.registerCategoriesAdmin(mux)
	u.registerGridTasks(mux)
	u.registerMailbox(mux)
	u.registerPeople(mux)
	u.registerRegisters(mux)
	u.registerHouses(mux)
	u.registerCare(mux)
	u.registerKnowledge(mux)
	u.registerMediation(mux)
	u.registerDeliberation(mux)
	u.registerTopicTasks(mux)
	u.registerBulletins(mux)
	u.registerProperty(mux)
	u.registerParty(mux)
	u.registerPartySelf(mux)
	u.registerLedgers(mux)
	u.registerWishes(mux)
	u.registerDisclosures(mux)
	u.registerClassifyAdmin(mux)
	u.registerServicePoints(mux)
	u.registerVolunteers(mux)

	// Everything no other route claims gets the page-style 404.
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		u.notFound(w, r)
	})
}
