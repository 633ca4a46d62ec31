package api

import (
	"net/http"
	"time"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/property"
	"civicgrid/internal/zone"
)

// registerProperty adds the 物业 and 业委会 routes (docs/api.md, "Property
// management").
func (a *API) registerProperty(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/property/companies", httpx.RequireUser(a.propertyCompanies))
	mux.HandleFunc("POST /api/v1/property/companies", httpx.RequireUser(a.addPropertyCompany))
	mux.HandleFunc("GET /api/v1/property/contracts", httpx.RequireUser(a.propertyContracts))
	mux.HandleFunc("POST /api/v1/property/contracts", httpx.RequireUser(a.addPropertyContract))
	mux.HandleFunc("GET /api/v1/property/committees", httpx.RequireUser(a.propertyCommittees))
	mux.HandleFunc("POST /api/v1/property/committees", httpx.RequireUser(a.fileCommittee))
	mux.HandleFunc("POST /api/v1/property/links", httpx.RequireUser(a.linkPropertyOrder))
}

func propertyActor(r *http.Request, p *httpx.Principal) property.Actor {
	return property.Actor{User: p.User, Scope: p.Scope, IP: httpx.ClientIP(r)}
}

// propertyCompanies: GET /api/v1/property/companies?from=&to= — the
// companies with their scores over the period (default the last 90 days).
func (a *API) propertyCompanies(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	to := a.now()
	from := to.AddDate(0, 0, -90)
	for field, dst := range map[string]*time.Time{"from": &from, "to": &to} {
		if s := r.URL.Query().Get(field); s != "" {
			t, err := time.ParseInLocation(time.DateOnly, s, zone.Shanghai())
			if err != nil {
				httpx.WriteError(w, http.StatusBadRequest, "invalid", field+": want YYYY-MM-DD")
				return
			}
			*dst = t
		}
	}
	act := propertyActor(r, p)
	companies, err := a.Life.Property.Companies(r.Context(), act)
	if err != nil {
		fail(w, r, err)
		return
	}
	scores, err := a.Life.Property.Scores(r.Context(), act, from, to)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"companies": companies, "scores": scores})
}

func (a *API) addPropertyCompany(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		District     string `json:"district_code"`
		Name         string `json:"name"`
		CreditCode   string `json:"credit_code"`
		ContactName  string `json:"contact_name"`
		ContactPhone string `json:"contact_phone"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	c, err := a.Life.Property.AddCompany(r.Context(), propertyActor(r, p), property.CompanyInput{DistrictCode: req.District,
		Name: req.Name, CreditCode: req.CreditCode, ContactName: req.ContactName, ContactPhone: req.ContactPhone})
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, c)
}

func (a *API) propertyContracts(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	list, err := a.Life.Property.Contracts(r.Context(), propertyActor(r, p))
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"contracts": list})
}

func (a *API) addPropertyContract(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		CompanyID int64  `json:"company_id"`
		EstateID  int64  `json:"estate_id"`
		StartsOn  string `json:"starts_on"`
		EndsOn    string `json:"ends_on"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	c, err := a.Life.Property.AddContract(r.Context(), propertyActor(r, p), property.ContractInput{CompanyID: req.CompanyID,
		EstateID: req.EstateID, StartsOn: req.StartsOn, EndsOn: req.EndsOn})
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, c)
}

func (a *API) propertyCommittees(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	list, err := a.Life.Property.Committees(r.Context(), propertyActor(r, p))
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"committees": list})
}

func (a *API) fileCommittee(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		EstateID  int64  `json:"estate_id"`
		FiledOn   string `json:"filed_on"`
		TermStart string `json:"term_start"`
		TermEnd   string `json:"term_end"`
		Members   []struct {
			Name string `json:"name"`
			Role string `json:"role"`
		} `json:"members"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	in := property.CommitteeInput{EstateID: req.EstateID, FiledOn: req.FiledOn, TermStart: req.TermStart, TermEnd: req.TermEnd}
	for _, m := range req.Members {
		in.Members = append(in.Members, property.MemberInput{Name: m.Name, Role: m.Role})
	}
	c, err := a.Life.Property.FileCommittee(r.Context(), propertyActor(r, p), in)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, c)
}

func (a *API) linkPropertyOrder(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req struct {
		Number   string `json:"order_number"`
		EstateID int64  `json:"estate_id"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	l, err := a.Life.Property.LinkOrder(r.Context(), propertyActor(r, p), req.Number, req.EstateID)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, l)
}
