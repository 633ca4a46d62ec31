package ui

import (
	"net/http"
	"strconv"
	"strings"

	"civicgrid/internal/errs"
	"civicgrid/internal/facility"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/orgunit"
)

// registerRegistersEdit adds editing to /registers: a unit's kind, name,
// credit code, address, staff and state (the sealed contact is replaced
// only when typed again), and a facility's name, point and owner.
func (u *UI) registerRegistersEdit(mux *http.ServeMux) {
	mux.HandleFunc("POST /registers/units/{id}", u.signedIn(u.registersEditUnit))
	mux.HandleFunc("POST /registers/facilities/{code}/edit", u.signedIn(u.registersEditFacility))
	mux.HandleFunc("POST /registers/units/{id}/reveal", u.signedIn(u.registersRevealUnit))
}

// registersRevealUnit shows a unit's sealed contact in full for a stated
// purpose; orgunit.RevealContact decides who may and audits the reveal.
func (u *UI) registersRevealUnit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	un, err := u.o.Units.RevealContact(r.Context(), u.editor(r, p), id, r.FormValue("purpose"))
	if errs.KindOf(err) == errs.Invalid {
		u.renderRegisters(w, r, p, http.StatusBadRequest, "reg.err.purpose", nil, nil)
		return
	}
	if err != nil {
		u.registersRefused(w, r, p, err, nil, nil)
		return
	}
	u.renderRegistersShowing(w, r, p, http.StatusOK, "", nil, nil, &un)
}

func (u *UI) registersEditUnit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	f := formOf(r, "kind", "name", "credit_code", "address", "contact_name", "contact_phone", "staff_count", "state")
	staff, err := strconv.Atoi(strings.TrimSpace(f["staff_count"]))
	if s := strings.TrimSpace(f["staff_count"]); s == "" {
		staff, err = 0, nil
	}
	if err != nil || staff < 0 {
		u.renderRegisters(w, r, p, http.StatusBadRequest, "reg.err.invalid", nil, nil)
		return
	}
	in := orgunit.Input{Kind: f["kind"], Name: f["name"], CreditCode: f["credit_code"], Address: f["address"],
		ContactName: f["contact_name"], ContactPhone: f["contact_phone"], StaffCount: staff, State: f["state"]}
	in.KeepContact = strings.TrimSpace(in.ContactName) == "" && strings.TrimSpace(in.ContactPhone) == ""
	if _, err := u.o.Units.Update(r.Context(), u.editor(r, p), id, formVersion(r), in); err != nil {
		u.registersRefused(w, r, p, err, nil, nil)
		return
	}
	u.registersBack(w, r, "reg.done.saved")
}

func (u *UI) registersEditFacility(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	f, err := facility.GetByCode(ctx, u.o.DB, p.Scope, r.PathValue("code"))
	if err != nil {
		u.notFound(w, r)
		return
	}
	lng, err1 := strconv.ParseFloat(strings.TrimSpace(r.FormValue("lng")), 64)
	lat, err2 := strconv.ParseFloat(strings.TrimSpace(r.FormValue("lat")), 64)
	if err1 != nil || err2 != nil {
		u.renderRegisters(w, r, p, http.StatusBadRequest, "reg.err.point", nil, nil)
		return
	}
	owner, _ := strconv.ParseInt(r.FormValue("owner_unit"), 10, 64)
	e := facility.Edit{Name: r.FormValue("name"), Lng: lng, Lat: lat, OwnerUnitID: owner}
	if owner == 0 {
		e.OwnerDeptCode = f.OwnerDeptCode // a department owner is kept; the page offers units only
	}
	if _, err := u.o.Facilities.Update(ctx, u.editor(r, p), f.ID, formVersion(r), e); err != nil {
		u.registersRefused(w, r, p, err, nil, nil)
		return
	}
	u.registersBack(w, r, "reg.done.saved")
}
