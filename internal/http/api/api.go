// Package api translates the JSON API under /api/v1 to domain calls. It
// holds no rules: scope and validation live in the domain packages; this
// package only picks the caller's scope and maps errors to status codes.
package api

import (
	"civicgrid/internal/care"
	"errors"
	"net/http"
	"strconv"
	"time"

	"civicgrid/internal/address"
	"civicgrid/internal/auth"
	"civicgrid/internal/bulletin"
	"civicgrid/internal/calendar"
	"civicgrid/internal/classify"
	"civicgrid/internal/communitylife"
	"civicgrid/internal/consultation"
	"civicgrid/internal/facility"
	"civicgrid/internal/grid"
	"civicgrid/internal/gridtask"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/knowledge"
	"civicgrid/internal/order"
	"civicgrid/internal/orgunit"
	"civicgrid/internal/people"
	"civicgrid/internal/project"
	"civicgrid/internal/replycheck"
	"civicgrid/internal/report"
	"civicgrid/internal/store"
	"civicgrid/internal/supervision"
	"civicgrid/internal/zone"
)

// API serves /api/v1.
type API struct {
	DB          *store.DB
	Locator     *grid.Locator
	Calendar    *calendar.Holder
	Orders      *order.Service
	Supervision *supervision.Service
	Reports     *report.Reporter
	Tasks       *gridtask.Service
	// Classifier suggests categories and demand types from text.
	Classifier *classify.Service
	// Knowledge is the knowledge base (知识库).
	Knowledge *knowledge.Service
	// Bulletins are the 周报/月报 and their recipients.
	Bulletins *bulletin.Service
	// Replies checks the replies of resolved orders.
	Replies *replycheck.Service
	// Addresses searches and keeps the standard addresses.
	Addresses *address.Service
	// Units and Facilities keep the 实有单位 and 部件 registers.
	Units      *orgunit.Service
	Facilities *facility.Service
	// People keeps the 实有人口 register.
	People *people.Service
	// Care keeps care groups, members and visits.
	Care   *care.Service
	Policy auth.Policy
	Now    func() time.Time
	// SMSReplySecret verifies forwarded SMS replies; nil refuses them.
	SMSReplySecret []byte
	// Throttle holds the per-address limits on anonymous requests; nil
	// limits nothing.
	Throttle *httpx.Throttle
	// Uploads is where progress photos of renovation sections are kept.
	Uploads project.Uploads
	// Life holds the community-life services (人民调解 …).
	Life *communitylife.Services
	// Codes is how 征询 codes reach the owners (SMS or print).
	Codes consultation.Delivery
}

func (a *API) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// Register adds every /api/v1 route to mux.
func (a *API) Register(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/v1/session", a.signIn)
	mux.HandleFunc("DELETE /api/v1/session", a.signOut)
	mux.HandleFunc("GET /api/v1/me", httpx.RequireUser(a.me))
	a.registerCommunityLife(mux)
	a.registerOutbox(mux)

	mux.HandleFunc("GET /api/v1/regions/{code}", httpx.RequireUser(a.region))
	mux.HandleFunc("GET /api/v1/regions/{code}/children", httpx.RequireUser(a.regionChildren))
	mux.HandleFunc("GET /api/v1/locate", a.locate)

	mux.HandleFunc("GET /api/v1/grids", httpx.RequireUser(a.listGrids))
	mux.HandleFunc("GET /api/v1/grids/{code}", httpx.RequireUser(a.getGrid))
	mux.HandleFunc("GET /api/v1/grids/{code}/buildings", httpx.RequireUser(a.gridBuildings))
	mux.HandleFunc("POST /api/v1/grids/import", httpx.RequireRole(adminOnly, a.importGrids))
	mux.HandleFunc("POST /api/v1/grids/{code}/members", httpx.RequireUser(a.addGridMember))
	mux.HandleFunc("DELETE /api/v1/grids/{code}/members/{user}", httpx.RequireUser(a.removeGridMember))
	mux.HandleFunc("POST /api/v1/grids/{code}/buildings", httpx.RequireUser(a.createBuilding))
	mux.HandleFunc("PATCH /api/v1/buildings/{code}", httpx.RequireUser(a.updateBuilding))
	mux.HandleFunc("POST /api/v1/buildings/{code}/retire", httpx.RequireUser(a.retireBuilding))
	mux.HandleFunc("POST /api/v1/buildings/{code}/units", httpx.RequireUser(a.createUnit))
	mux.HandleFunc("POST /api/v1/buildings/{code}/members", httpx.RequireUser(a.addBuildingMember))
	mux.HandleFunc("DELETE /api/v1/buildings/{code}/members/{user}", httpx.RequireUser(a.removeBuildingMember))
	// A building's 单元 lives under its building: /api/v1/units/{id} is a
	// 实有单位 (orgunit), so the old /api/v1/units/{code}/retire clashed.
	mux.HandleFunc("POST /api/v1/buildings/{code}/units/{unit}/retire", httpx.RequireUser(a.retireUnit))
	mux.HandleFunc("PATCH /api/v1/buildings/{code}/units/{unit}", httpx.RequireUser(a.renameUnit))
	mux.HandleFunc("POST /api/v1/buildings/{code}/rooms", httpx.RequireUser(a.addRoom))

	mux.HandleFunc("GET /api/v1/addresses/search", httpx.RequireUser(a.searchAddresses))
	mux.HandleFunc("GET /api/v1/addresses", httpx.RequireUser(a.listAddresses))
	mux.HandleFunc("POST /api/v1/addresses", httpx.RequireUser(a.createAddress))
	mux.HandleFunc("GET /api/v1/addresses/{id}", httpx.RequireUser(a.getAddress))
	mux.HandleFunc("PATCH /api/v1/addresses/{id}", httpx.RequireUser(a.updateAddress))
	mux.HandleFunc("POST /api/v1/addresses/{id}/retire", httpx.RequireUser(a.retireAddress))
	mux.HandleFunc("GET /api/v1/estates", httpx.RequireUser(a.listEstates))
	mux.HandleFunc("POST /api/v1/estates", httpx.RequireUser(a.createEstate))
	mux.HandleFunc("PATCH /api/v1/estates/{id}", httpx.RequireUser(a.updateEstate))
	mux.HandleFunc("POST /api/v1/estates/{id}/retire", httpx.RequireUser(a.retireEstate))
	mux.HandleFunc("GET /api/v1/houses", httpx.RequireUser(a.listHouses))
	mux.HandleFunc("POST /api/v1/houses", httpx.RequireUser(a.createHouse))
	mux.HandleFunc("GET /api/v1/houses/{id}", httpx.RequireUser(a.getHouse))
	mux.HandleFunc("PATCH /api/v1/houses/{id}", httpx.RequireUser(a.updateHouse))
	mux.HandleFunc("POST /api/v1/houses/{id}/retire", httpx.RequireUser(a.retireHouse))

	mux.HandleFunc("GET /api/v1/units", httpx.RequireUser(a.listUnits))
	mux.HandleFunc("POST /api/v1/units", httpx.RequireUser(a.createOrgUnit))
	mux.HandleFunc("GET /api/v1/units/{id}", httpx.RequireUser(a.getOrgUnit))
	mux.HandleFunc("PATCH /api/v1/units/{id}", httpx.RequireUser(a.updateOrgUnit))
	mux.HandleFunc("POST /api/v1/units/{id}/reveal", httpx.RequireUser(a.revealUnitContact))
	mux.HandleFunc("GET /api/v1/facilities", httpx.RequireUser(a.listFacilities))
	mux.HandleFunc("POST /api/v1/facilities", httpx.RequireUser(a.createFacility))
	mux.HandleFunc("GET /api/v1/facilities/{code}", httpx.RequireUser(a.getFacility))
	mux.HandleFunc("PATCH /api/v1/facilities/{code}", httpx.RequireUser(a.patchFacility))
	mux.HandleFunc("GET /api/v1/people", httpx.RequireUser(a.listPeople))
	mux.HandleFunc("POST /api/v1/people", httpx.RequireUser(a.createPerson))
	mux.HandleFunc("GET /api/v1/people/counts", httpx.RequireUser(a.peopleCounts))
	mux.HandleFunc("GET /api/v1/people/changes", httpx.RequireUser(a.listChanges))
	mux.HandleFunc("POST /api/v1/people/changes", httpx.RequireUser(a.reportChange))
	mux.HandleFunc("POST /api/v1/people/changes/{id}/confirm", httpx.RequireUser(a.decideChange(true)))
	mux.HandleFunc("POST /api/v1/people/changes/{id}/reject", httpx.RequireUser(a.decideChange(false)))
	mux.HandleFunc("GET /api/v1/people/{id}", httpx.RequireUser(a.getPerson))
	mux.HandleFunc("PATCH /api/v1/people/{id}", httpx.RequireUser(a.updatePerson))
	mux.HandleFunc("POST /api/v1/people/{id}/reveal", httpx.RequireUser(a.revealPerson))
	mux.HandleFunc("POST /api/v1/households", httpx.RequireUser(a.createHousehold))
	mux.HandleFunc("GET /api/v1/households/{id}", httpx.RequireUser(a.getHousehold))
	mux.HandleFunc("POST /api/v1/households/{id}/members", httpx.RequireUser(a.addHouseholdMember))
	mux.HandleFunc("DELETE /api/v1/households/{id}/members/{person}", httpx.RequireUser(a.removeHouseholdMember))
	mux.HandleFunc("GET /api/v1/houses/{id}/owners", httpx.RequireUser(a.houseOwners))
	mux.HandleFunc("PUT /api/v1/houses/{id}/owners", httpx.RequireUser(a.setHouseOwners))
	a.registerLedgers(mux)

	mux.HandleFunc("GET /api/v1/departments", httpx.RequireUser(a.listDepartments))
	mux.HandleFunc("GET /api/v1/departments/{code}", httpx.RequireUser(a.getDepartment))
	mux.HandleFunc("POST /api/v1/departments", httpx.RequireRole(adminOnly, a.createDepartment))

	mux.HandleFunc("GET /api/v1/users", httpx.RequireUser(a.listUsers))
	mux.HandleFunc("GET /api/v1/users/{id}", httpx.RequireUser(a.getUser))
	mux.HandleFunc("POST /api/v1/users", httpx.RequireRole(adminOnly, a.createUser))
	mux.HandleFunc("PATCH /api/v1/users/{id}", httpx.RequireRole(adminOnly, a.updateUser))
	mux.HandleFunc("GET /api/v1/users/{id}/tokens", httpx.RequireUser(a.userTokens))
	mux.HandleFunc("GET /api/v1/tokens", httpx.RequireUser(a.myTokens))
	mux.HandleFunc("DELETE /api/v1/tokens/{id}", httpx.RequireUser(a.revokeToken))

	mux.HandleFunc("GET /api/v1/calendar/due", CalendarDueHandler(a.Calendar.Calendar))
	mux.HandleFunc("GET /api/v1/calendar/{year}", CalendarYearHandler(a.Calendar.Calendar))

	mux.HandleFunc("POST /api/v1/notice/sms-replies", a.smsReply)

	mux.HandleFunc("GET /api/v1/categories", a.listCategories)
	mux.HandleFunc("GET /api/v1/categories/{code}", a.getCategory)
	mux.HandleFunc("POST /api/v1/classify", httpx.RequireUser(a.classifyText))

	mux.HandleFunc("GET /api/v1/grid-tasks", signedIn(a.listGridTasks))
	mux.HandleFunc("POST /api/v1/grid-tasks/{id}/done", signedIn(a.gridTaskDone))

	mux.HandleFunc("POST /api/v1/orders", a.createOrder)
	mux.HandleFunc("GET /api/v1/orders", signedIn(a.listOrders))
	mux.HandleFunc("GET /api/v1/orders/{number}", signedIn(a.getOrder))
	mux.HandleFunc("GET /api/v1/orders/{number}/timeline", signedIn(a.orderTimeline))
	mux.HandleFunc("GET /api/v1/orders/{number}/actions", signedIn(a.orderActions))
	mux.HandleFunc("GET /api/v1/orders/{number}/photos", signedIn(a.orderPhotos))
	mux.HandleFunc("GET /api/v1/orders/{number}/photos/{sha}", signedIn(a.orderPhoto))
	mux.HandleFunc("POST /api/v1/orders/{number}/reveal", signedIn(a.revealReporter))
	mux.HandleFunc("POST /api/v1/orders/{number}/summon", signedIn(a.summon))
	mux.HandleFunc("GET /api/v1/orders/{number}/summons", signedIn(a.orderSummons))
	mux.HandleFunc("POST /api/v1/summons/{id}/report-in", signedIn(a.reportIn))
	mux.HandleFunc("GET /api/v1/summons/overdue", signedIn(a.overdueSummons))
	mux.HandleFunc("GET /api/v1/orders/{number}/duplicates", signedIn(a.duplicates))
	mux.HandleFunc("POST /api/v1/orders/{number}/merge", signedIn(a.merge))
	mux.HandleFunc("GET /api/v1/decisions", signedIn(a.awaiting))
	mux.HandleFunc("POST /api/v1/orders/{number}/{action}", httpx.RequireUser(a.orderAction))
	mux.HandleFunc("GET /api/v1/track/{number}", a.track)
	mux.HandleFunc("POST /api/v1/track/{number}/rating", a.rateTracked)

	mux.HandleFunc("GET /api/v1/supervision/candidates", signedIn(a.supervisionCandidates))
	mux.HandleFunc("GET /api/v1/supervision/cases", signedIn(a.listCases))
	mux.HandleFunc("GET /api/v1/supervision/cases/overdue", signedIn(a.overdueCases))
	mux.HandleFunc("POST /api/v1/supervision/cases", signedIn(a.openCase))
	mux.HandleFunc("GET /api/v1/supervision/cases/{id}", signedIn(a.getCase))
	mux.HandleFunc("POST /api/v1/supervision/cases/{id}/answer", signedIn(a.answerCase))
	mux.HandleFunc("POST /api/v1/supervision/cases/{id}/close", signedIn(a.closeCase))

	a.registerProjects(mux)
	a.registerBulletins(mux)
	a.registerCare(mux)
	a.registerConsultations(mux)
	a.registerKnowledge(mux)
	a.registerReplyCheck(mux)
	a.registerClassifyAdmin(mux)
	a.registerHotTopics(mux)
	a.registerTopicTasks(mux)

	mux.HandleFunc("GET /api/v1/stats", httpx.RequireUser(a.stats))
	mux.HandleFunc("GET /api/v1/stats/ranking", httpx.RequireUser(a.statsRanking))
	mux.HandleFunc("GET /api/v1/stats/demand-types", httpx.RequireUser(a.statsByDemandType))
	mux.HandleFunc("GET /api/v1/stats/definitions", a.statsDefinitions)

	mux.HandleFunc("GET /api/v1/audit", httpx.RequireUser(a.listAudit))

	mux.HandleFunc("/api/v1/", func(w http.ResponseWriter, r *http.Request) {
		httpx.WriteError(w, http.StatusNotFound, "not_found", "no such endpoint: "+r.Method+" "+r.URL.Path)
	})
}

var adminOnly = auth.AdminRoles()

// signedIn is for handlers that read the principal themselves (through the
// order actor) but must not run for anonymous callers.
func signedIn(h http.HandlerFunc) http.HandlerFunc {
	return httpx.RequireUser(func(w http.ResponseWriter, r *http.Request, _ *httpx.Principal) { h(w, r) })
}

// notFound is the answer both for what does not exist and for what lies
// outside the caller's scope, so scope never leaks existence.
func notFound(w http.ResponseWriter, what string) {
	httpx.WriteError(w, http.StatusNotFound, "not_found", what+" not found")
}

var shanghai = zone.Shanghai()

// paging reads limit and offset with sane bounds.
func paging(r *http.Request, def, max int) (limit, offset int, err error) {
	limit, offset = def, 0
	if s := r.URL.Query().Get("limit"); s != "" {
		if limit, err = strconv.Atoi(s); err != nil || limit < 1 || limit > max {
			return 0, 0, errors.New("limit must be a whole number from 1 to " + strconv.Itoa(max))
		}
	}
	if s := r.URL.Query().Get("offset"); s != "" {
		if offset, err = strconv.Atoi(s); err != nil || offset < 0 {
			return 0, 0, errors.New("offset must be a whole number ≥ 0")
		}
	}
	return limit, offset, nil
}
