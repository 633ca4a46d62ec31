package ui

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
	"civicgrid/internal/org"
)

// inboxSummonsRow is a summons (吹哨) still waiting for a report-in. A
// summoned department may not see the order itself (it neither leads nor
// co-handles it), so the row carries what and where, and the report-in
// form.
type inboxSummonsRow struct {
	ID                          int64
	Number, Category, Address   string
	Description, Note, Summoner string
	ReportBy, ReportByISO       string
	Late                        bool
	Departments                 []inboxSummoned
	CanReport                   bool // a department that has not reported in
	Form                        inboxReportForm
}

type inboxSummoned struct {
	Name     string
	Reported bool
	At       string
	Late     bool
}

// inboxReportForm is the report-in note as typed, and its problem.
type inboxReportForm struct {
	Note, Error string
}

func (u *UI) inboxSummons(r *http.Request, a order.Actor, p *httpx.Principal, lang Lang, typed map[int64]inboxReportForm) ([]inboxSummonsRow, error) {
	ctx := r.Context()
	list, err := u.o.Orders.AwaitingReportIn(ctx, a)
	if err != nil {
		return nil, err
	}
	names, err := u.orderNames(ctx, lang)
	if err != nil {
		return nil, err
	}
	depts := map[string]string{}
	deptName := func(code string) string {
		if n, ok := depts[code]; ok {
			return n
		}
		n := code
		if d, err := org.GetDepartment(ctx, u.o.DB, code); err == nil {
			n = d.Name
		}
		depts[code] = n
		return n
	}
	now := u.now()
	loc := shanghaiLocation()
	out := make([]inboxSummonsRow, 0, len(list))
	for _, s := range list {
		row := inboxSummonsRow{ID: s.ID, Number: s.Number, Category: names.category(s.Category), Address: s.Address,
			Description: clip(s.Description, 80), Note: s.Note, Summoner: s.SummonerName,
			ReportBy: s.ReportBy.In(loc).Format("01-02 15:04"), ReportByISO: s.ReportBy.Format("2006-01-02T15:04:05Z07:00"),
			Form: typed[s.ID], CanReport: len(order.AwaitingReportIn(a, []order.Summons{s})) > 0}
		for _, d := range s.Departments {
			sd := inboxSummoned{Name: deptName(d.Department), Reported: !d.ReportedAt.IsZero(), Late: s.Late(d, now)}
			if sd.Reported {
				sd.At = d.ReportedAt.In(loc).Format("01-02 15:04")
			}
			if sd.Late && !sd.Reported {
				row.Late = true
			}
			row.Departments = append(row.Departments, sd)
		}
		out = append(out, row)
	}
	return out, nil
}

// inboxReportIn is a department's report-in (报到) on a summons, from the
// inbox; on a problem the inbox comes back with the note kept.
func (u *UI) inboxReportIn(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		u.notFound(w, r)
		return
	}
	note := strings.TrimSpace(r.PostFormValue("note"))
	a := order.StaffActor(p.User, p.Scope, httpx.ClientIP(r))
	_, err = u.o.Orders.ReportIn(r.Context(), a, id, note)
	var te *order.TransitionError
	var verr *order.ValidationError
	pg := u.newPage(w, r, p, "inbox.title")
	switch {
	case err == nil:
		http.Redirect(w, r, "/inbox?reported=1#inbox-summons", http.StatusSeeOther)
		return
	case errors.Is(err, order.ErrNotFound):
		u.notFound(w, r)
		return
	case errors.Is(err, order.ErrForbidden):
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		return
	case errors.As(err, &verr):
		u.renderInbox(w, r, p, pg, http.StatusBadRequest, &inboxData{
			ReportIn: map[int64]inboxReportForm{id: {Note: note, Error: fieldError(pg.Lang, "inbox.err.", verr.Field, verr.Msg)}}})
	case errors.As(err, &te):
		u.renderInbox(w, r, p, pg, http.StatusConflict, &inboxData{Error: pg.T("inbox.err.reported")})
	default:
		u.fail(w, r, p, err)
	}
}
