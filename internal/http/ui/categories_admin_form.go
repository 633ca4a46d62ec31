package ui

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/http/httpx"
)

// catForm is a category as typed: strings, so a wrong number comes back
// as typed with its error.
type catForm struct {
	Code, Parent, NameZh, NameEn, Kind, Route, Urgency string
	Reply, ResolveDays, ResolveMinutes, SortOrder      string
	Fields, Keywords                                   string
	Active                                             bool
	Version                                            int
	Errors                                             map[string]string
}

// catOptions are the choices of the form's selects.
type catOptions struct {
	Parents, Kinds, Urgencies, Routes []option
}

type catEditData struct {
	Form    catForm
	Path    []string // the names from the top class down to the parent
	Leaf    bool
	Alert   string
	Stale   *catRow // what is stored now, when the save met a newer version
	Options catOptions
	Inputs  []catInput
}

// catNewForm is the add form's starting point: an ordinary matter with
// the default limits (2 hours, 3 working days).
func catNewForm() catForm {
	l := category.DefaultLimits(category.UrgencyNormal)
	return catForm{Kind: category.KindEvent, Route: category.LevelCentre, Urgency: category.UrgencyNormal,
		Reply: strconv.Itoa(int(l.Reply / time.Minute)), ResolveDays: strconv.Itoa(l.ResolveWorkingDays), Fields: "[]", Active: true}
}

func catFormOf(c category.Category) catForm {
	fields, _ := json.MarshalIndent(c.Fields, "", "  ")
	if len(c.Fields) == 0 {
		fields = []byte("[]")
	}
	f := catForm{Code: c.Code, Parent: c.ParentCode, NameZh: c.NameZh, NameEn: c.NameEn, Kind: c.Kind,
		Route: c.Route.String(), Urgency: c.Urgency, Reply: strconv.Itoa(int(c.Limits.Reply / time.Minute)),
		SortOrder: strconv.Itoa(c.SortOrder), Fields: string(fields), Keywords: strings.Join(c.Keywords, " "),
		Active: c.Active, Version: c.Version}
	if c.Limits.ResolveWorkingDays > 0 {
		f.ResolveDays = strconv.Itoa(c.Limits.ResolveWorkingDays)
	}
	if c.Limits.ResolveWithin > 0 {
		f.ResolveMinutes = strconv.Itoa(int(c.Limits.ResolveWithin / time.Minute))
	}
	return f
}

func catReadForm(r *http.Request) catForm {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	version, _ := strconv.Atoi(v("version"))
	return catForm{Code: v("code"), Parent: v("parent_code"), NameZh: v("name_zh"), NameEn: v("name_en"), Kind: v("kind"),
		Route: v("route"), Urgency: v("urgency"), Reply: v("reply_minutes"), ResolveDays: v("resolve_days"),
		ResolveMinutes: v("resolve_minutes"), SortOrder: v("sort_order"), Fields: v("fields"), Keywords: v("keywords"),
		Active: r.PostFormValue("active") == "1", Version: version, Errors: map[string]string{}}
}

// category turns the form into the catalogue's type. It checks only that
// numbers are numbers and the fields are JSON; the rules are
// category.Create's and Update's.
func (f *catForm) category(lang Lang) (category.Category, bool) {
	c := category.Category{Code: f.Code, ParentCode: f.Parent, NameZh: f.NameZh, NameEn: f.NameEn, Kind: f.Kind,
		Urgency: f.Urgency, Keywords: strings.Fields(f.Keywords), Active: f.Active, Version: f.Version}
	num := func(field, s string) int {
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			f.Errors[field] = lang.T("cat.err.int")
		}
		return n
	}
	c.Limits.Reply = time.Duration(num("reply", f.Reply)) * time.Minute
	c.Limits.ResolveWorkingDays = num("resolve", f.ResolveDays)
	c.Limits.ResolveWithin = time.Duration(num("resolve", f.ResolveMinutes)) * time.Minute
	c.SortOrder = num("sort_order", f.SortOrder)
	route, err := category.ParseRoute(f.Route)
	if err != nil {
		f.Errors["route"] = lang.T("cat.err.route")
	}
	c.Route = route
	if strings.TrimSpace(f.Fields) != "" {
		if err := json.Unmarshal([]byte(f.Fields), &c.Fields); err != nil {
			f.Errors["fields"] = lang.T("cat.err.fieldsjson")
		}
	}
	return c, len(f.Errors) == 0
}

// catErrorField maps a catalogue field to the form field showing it.
func catErrorField(field string) string {
	switch {
	case strings.HasPrefix(field, "fields"):
		return "fields"
	case field == "limits.reply":
		return "reply"
	case strings.HasPrefix(field, "limits.resolve"):
		return "resolve"
	case field == "parent_code":
		return "parent_code"
	}
	return field
}

func catOptionsFor(cats []category.Category, depts map[string]string, lang Lang, f catForm) catOptions {
	var o catOptions
	// A class is named by its path (事件 › 市容环境), which tells the two
	// 市容环境 apart in the page's language alone.
	labels := map[string]string{}
	for _, c := range cats {
		if c.Leaf {
			continue
		}
		label := categoryName(c, lang)
		if up, ok := labels[c.ParentCode]; ok {
			label = up + " › " + label
		}
		labels[c.Code] = label
		o.Parents = append(o.Parents, option{Value: c.Code, Label: label, Selected: c.Code == f.Parent})
	}
	for _, k := range []string{category.KindEvent, category.KindComponent, category.KindConsult} {
		o.Kinds = append(o.Kinds, option{Value: k, Label: lang.T("cat.kind." + k), Selected: k == f.Kind})
	}
	for _, k := range []string{category.UrgencyNormal, category.UrgencyUrgent, category.UrgencyEmergency} {
		o.Urgencies = append(o.Urgencies, option{Value: k, Label: lang.T("cat.urgency." + k), Selected: k == f.Urgency})
	}
	for _, l := range []string{category.LevelCentre, category.LevelGrid, category.LevelStreet} {
		o.Routes = append(o.Routes, option{Value: l, Label: lang.T("cat.route." + l), Selected: l == f.Route})
	}
	codes := make([]string, 0, len(depts))
	for code := range depts {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	found := !strings.HasPrefix(f.Route, category.LevelDepartment+":")
	for _, code := range codes {
		v := category.LevelDepartment + ":" + code
		o.Routes = append(o.Routes, option{Value: v, Label: lang.Tf("cat.route.dept", depts[code]), Selected: v == f.Route})
		found = found || v == f.Route
	}
	if !found {
		// A route to a department this deployment has not created yet
		// (the seed names them all): kept, and said so.
		code := strings.TrimPrefix(f.Route, category.LevelDepartment+":")
		o.Routes = append(o.Routes, option{Value: f.Route, Label: lang.Tf("cat.route.missing", code), Selected: true})
	}
	return o
}

func (u *UI) catEdit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	c, err := category.Get(r.Context(), u.o.DB, r.PathValue("code"))
	if errors.Is(err, category.ErrNotFound) {
		u.notFound(w, r)
		return
	}
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	u.renderCatEdit(w, r, p, http.StatusOK, &catEditData{Form: catFormOf(c), Leaf: c.Leaf})
}

func (u *UI) renderCatEdit(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, d *catEditData) {
	ctx := r.Context()
	pg := u.newPage(w, r, p, "cat.edit.title")
	cats, err := category.ListFor(ctx, u.o.DB, category.ActorOf(p.User, p.Scope), true)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	depts, err := u.catDepartments(ctx, p)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	if d.Form.Parent != "" {
		if path, err := category.Path(ctx, u.o.DB, d.Form.Parent); err == nil {
			for _, c := range path {
				d.Path = append(d.Path, categoryName(c, pg.Lang))
			}
		}
	}
	d.Options = catOptionsFor(cats, depts, pg.Lang, d.Form)
	d.Inputs = catInputs(d.Form, d.Options, pg.Lang, "cat-edit", true)
	if d.Stale != nil {
		*d.Stale = catRowOf(d.Stale.Category, 0, pg.Lang, depts)
	}
	pg.D = catPage{Edit: d}
	u.render(w, r, status, "categories", pg)
}

// catSave saves the edit form with the version it was read at: if someone
// saved in between, nothing changes and the page shows both what was
// typed and what is stored now.
func (u *UI) catSave(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	lang := langOf(w, r)
	old, err := category.Get(ctx, u.o.DB, r.PathValue("code"))
	if errors.Is(err, category.ErrNotFound) {
		u.notFound(w, r)
		return
	}
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	f := catReadForm(r)
	f.Code, f.Parent = old.Code, old.ParentCode // neither is edited here
	d := &catEditData{Form: f, Leaf: old.Leaf}
	c, ok := d.Form.category(lang)
	if !ok {
		d.Alert = lang.T("form.fix")
		u.renderCatEdit(w, r, p, http.StatusBadRequest, d)
		return
	}
	_, err = category.Update(ctx, u.o.DB, c, auth.ActorOf(p.User, httpx.ClientIP(r)))
	var verr *category.ValidationError
	switch {
	case err == nil:
		http.Redirect(w, r, "/admin/categories?saved="+url.QueryEscape(old.Code)+"#cat-"+old.Code, http.StatusSeeOther)
	case errors.Is(err, category.ErrStaleVersion):
		now, gerr := category.Get(ctx, u.o.DB, old.Code)
		if gerr != nil {
			u.fail(w, r, p, gerr)
			return
		}
		// Saving again now overwrites the newer version knowingly.
		d.Form.Version = now.Version
		d.Stale = &catRow{Category: now}
		d.Alert = lang.T("cat.stale")
		u.renderCatEdit(w, r, p, http.StatusConflict, d)
	case errors.As(err, &verr):
		field := catErrorField(verr.Field)
		d.Form.Errors[field] = fieldError(lang, "cat.err.", field, verr.Msg)
		d.Alert = lang.T("form.fix")
		u.renderCatEdit(w, r, p, http.StatusBadRequest, d)
	case errors.Is(err, category.ErrNotFound):
		u.notFound(w, r)
	default:
		u.fail(w, r, p, err)
	}
}

// catCreate adds a leaf under a class.
func (u *UI) catCreate(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	lang := langOf(w, r)
	f := catReadForm(r)
	f.Active = true
	again := func() {
		u.renderCatList(w, r, p, http.StatusBadRequest, catListData{New: f})
	}
	if f.Fields == "" {
		f.Fields = "[]"
	}
	c, ok := f.category(lang)
	if !ok {
		again()
		return
	}
	if c.ParentCode == "" {
		f.Errors["parent_code"] = lang.T("cat.err.parent_code")
		again()
		return
	}
	created, err := category.Create(r.Context(), u.o.DB, c, auth.ActorOf(p.User, httpx.ClientIP(r)))
	var verr *category.ValidationError
	switch {
	case err == nil:
		http.Redirect(w, r, "/admin/categories?created="+url.QueryEscape(created.Code)+"#cat-"+created.Code, http.StatusSeeOther)
	case errors.Is(err, category.ErrConflict):
		f.Errors["code"] = lang.T("cat.err.taken")
		again()
	case errors.As(err, &verr):
		field := catErrorField(verr.Field)
		f.Errors[field] = fieldError(lang, "cat.err.", field, verr.Msg)
		again()
	default:
		u.fail(w, r, p, err)
	}
}

// catPage is what templates/categories.html gets: the list or one entry's form.
type catPage struct {
	List *catListData
	Edit *catEditData
}

// catInput is one input of the category forms, for the template's one
// field block.
type catInput struct {
	ID, Name, Label, Help, Kind, Value, Error string // Kind: text, number, select, textarea, check
	Example                                   string // shown as code after the help
	Options                                   []option
	Checked, Required                         bool
}

// catInputs lays out the form: prefix keeps the ids of the add form and
// the edit form apart; the edit form has the extra fields, order and
// active switch, the add form the parent and the code.
func catInputs(f catForm, o catOptions, lang Lang, prefix string, edit bool) []catInput {
	in := func(name, kind, label, help, value string) catInput {
		return catInput{ID: prefix + "-" + strings.ReplaceAll(name, "_", "-"), Name: name, Label: lang.T(label), Kind: kind,
			Value: value, Error: f.Errors[catErrorKey(name)], Help: help}
	}
	var out []catInput
	if !edit {
		parent := in("parent_code", "select", "cat.parent", "", f.Parent)
		parent.Options = append([]option{{Value: "", Label: lang.T("cat.choose")}}, o.Parents...)
		parent.Required = true
		code := in("code", "text", "cat.code", lang.T("cat.code.help"), f.Code)
		code.Required, code.Example = true, "streetlight.out"
		out = append(out, parent, code)
	}
	nameZh, nameEn := in("name_zh", "text", "cat.name_zh", "", f.NameZh), in("name_en", "text", "cat.name_en", "", f.NameEn)
	nameZh.Required, nameEn.Required = true, true
	kind := in("kind", "select", "cat.kind", "", f.Kind)
	kind.Options = o.Kinds
	route := in("route", "select", "cat.route", lang.T("cat.route.help"), f.Route)
	route.Options = o.Routes
	urgency := in("urgency", "select", "cat.urgency", "", f.Urgency)
	urgency.Options = o.Urgencies
	out = append(out, nameZh, nameEn, kind, route, urgency,
		in("reply_minutes", "number", "cat.reply", lang.T("cat.reply.help"), f.Reply),
		in("resolve_days", "number", "cat.resolve_days", lang.T("cat.resolve.help"), f.ResolveDays),
		catInput{ID: prefix + "-resolve-minutes", Name: "resolve_minutes", Label: lang.T("cat.resolve_minutes"), Kind: "number",
			Value: f.ResolveMinutes}, // its error shows once, under the working days
		in("keywords", "text", "cat.keywords", lang.T("cat.keywords.help"), f.Keywords))
	if edit {
		out = append(out,
			in("fields", "textarea", "cat.fields", lang.T("cat.fields.help"), f.Fields),
			in("sort_order", "number", "cat.sort_order", "", f.SortOrder))
		active := in("active", "check", "cat.active.label", lang.T("cat.active.help"), "1")
		active.Checked = f.Active
		out = append(out, active)
	}
	return out
}

// catErrorKey is the Errors key of a form input: both resolve inputs share
// one message, as the catalogue judges them together.
func catErrorKey(name string) string {
	switch name {
	case "reply_minutes":
		return "reply"
	case "resolve_days", "resolve_minutes":
		return "resolve"
	}
	return name
}
