package ui

import (
	"context"
	"net/url"
	"slices"
	"strconv"

	"civicgrid/internal/category"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
	"civicgrid/internal/org"
)

// actionForm is one action form as the user filled it: what they typed
// and what is wrong with each field, kept when the form fails.
type actionForm struct {
	Name   string
	Values url.Values
	Errors map[string]string
}

// orderActionArgs is what an "order-action-<name>" template gets: enough
// to draw the form alone, so another page may include one form.
type orderActionArgs struct {
	Page        *page
	Name        string // the action, also the last path segment
	Number      string
	Version     int
	Next        string // where to go after success; "" is the order page
	Form        actionForm
	Levels      []option // dispatch targets
	Departments []option
	Ratings     []option
	Summons     []option // summons this department may report in to
	Candidates  []option // master orders to merge into
	MaxDays     int
	// Folded: not the likely next step (order.LikelyNext), drawn closed
	// under its name; FirstFolded heads the folded ones.
	Folded, FirstFolded bool
	Open                bool // a folded form that failed: shown open
}

// V is the typed value of field name.
func (a orderActionArgs) V(name string) string { return a.Form.Values.Get(name) }

// Has says whether the multi-valued field name holds v.
func (a orderActionArgs) Has(name, v string) bool { return slices.Contains(a.Form.Values[name], v) }

// Err is the error of field name, "" when fine.
func (a orderActionArgs) Err(name string) string { return a.Form.Errors[name] }

// ID is the id of field name in this form, unique on the page.
func (a orderActionArgs) ID(name string) string { return "order-" + a.Name + "-" + name }

// orderForms lists the forms of the actions the user may take now
// (order.AvailableActions), with what each form offers to choose from.
func (u *UI) orderForms(ctx context.Context, pg *page, p *httpx.Principal, d *orderDetailData, failed *actionForm) ([]orderActionArgs, error) {
	o := &d.O
	a := order.StaffActor(p.User, p.Scope, "")
	var names []string
	acts := order.AvailableActions(a, *o, order.Situation{Requests: d.Adjust.Requests, Summons: d.summons})
	for _, act := range order.NextFirst(*o, acts) {
		names = append(names, string(act))
	}
	var summons []option
	for _, s := range order.AwaitingReportIn(a, d.summons) {
		summons = append(summons, option{Value: strconv.FormatInt(s.ID, 10), Label: s.Note + " · " + clock(s.ReportBy, shanghaiLocation())})
	}
	// A form that failed is shown even if the status no longer offers it,
	// so what was typed is not lost.
	if failed != nil && !slices.Contains(names, failed.Name) {
		names = append(names, failed.Name)
	}
	deps, err := u.orderDepartments(ctx, p)
	if err != nil {
		return nil, err
	}
	out := make([]orderActionArgs, 0, len(names))
	for i, n := range names {
		a := actionArgs(pg, o.Number, o.Version, n, o.GridCode != "", deps)
		a.Summons = summons
		a.Folded, a.FirstFolded = i > 0, i == 1
		if failed != nil && failed.Name == n {
			// Keep where the form came from (a list page), so success
			// after the fix goes back there.
			a.Form, a.Next, a.Open = *failed, failed.Values.Get("next"), true
		}
		for _, c := range d.Candidates {
			a.Candidates = append(a.Candidates, option{Value: c.Row.Number, Label: c.Row.Number + " " + c.Row.Description})
		}
		out = append(out, a)
	}
	return out, nil
}

// actionArgs builds the args of form name for an order, with empty
// values; hasGrid offers the grid as a dispatch target.
func actionArgs(pg *page, number string, version int, name string, hasGrid bool, departments []option) orderActionArgs {
	a := orderActionArgs{Page: pg, Name: name, Number: number, Version: version,
		Form: actionForm{Name: name, Values: url.Values{}, Errors: map[string]string{}}, MaxDays: order.DefaultMaxExtensionDays}
	switch order.Action(name) {
	case order.ActionDispatch, order.ActionRedispatch:
		a.Levels = []option{{Value: category.LevelDepartment, Label: pg.T("level.department")},
			{Value: category.LevelStreet, Label: pg.T("level.street")}}
		if hasGrid {
			a.Levels = append(a.Levels, option{Value: category.LevelGrid, Label: pg.T("level.grid")})
		}
		a.Departments = departments
	case order.ActionSummon:
		a.Departments = departments
	case order.ActionCallback:
		for _, r := range order.CallbackOutcomes() {
			a.Ratings = append(a.Ratings, option{Value: string(r), Label: pg.T("order.rating." + string(r))})
		}
	}
	return a
}

// orderDepartments are the departments of the user's area, for the
// dispatch and summons forms.
func (u *UI) orderDepartments(ctx context.Context, p *httpx.Principal) ([]option, error) {
	deps, err := org.ListDepartments(ctx, u.o.DB, scopeRoot(p))
	if err != nil {
		return nil, err
	}
	out := make([]option, 0, len(deps))
	for _, d := range deps {
		out = append(out, option{Value: d.Code, Label: d.Name})
	}
	return out, nil
}
