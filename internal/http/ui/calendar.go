package ui

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/calendar"
	"civicgrid/internal/http/httpx"
)

// dayCell is one day in a month grid; Day 0 is a blank before the 1st or
// after the last day.
type dayCell struct {
	Day     int
	Date    string
	Classes string // off/work, holiday, makeup, override, today
	Label   string // the holiday or what a make-up day makes up for
}

type monthGrid struct {
	Name  string
	Weeks [][7]dayCell
}

type overrideRow struct {
	Date, Name string
	Workday    bool
	By         string
}

type calendarResult struct {
	Message  string
	Error    string
	Problems []string
}

type calendarData struct {
	Year         int
	Prev, Next   int
	Published    bool
	First, Last  int
	Missing      *missingYears // the current (or, from November, next) year is missing
	Unpublished  *missingYears // the year on screen has no schedule
	Months       []monthGrid
	Weekdays     []string
	Holidays     int // listed days off in the year
	Makeups      int
	Overrides    []overrideRow
	CanEdit      bool
	Result       *calendarResult
	OverrideForm overrideForm
}

type overrideForm struct {
	Date, Kind, Name string
}

// canEditCalendar: the working-day calendar is one for the whole
// deployment, so only admins at district level or above change it.
func canEditCalendar(p *httpx.Principal) bool {
	prefix := p.Scope.RegionPrefix()
	return prefix != "" && len(prefix) <= 6
}

func (u *UI) calendarYear(r *http.Request) int {
	y, err := strconv.Atoi(r.URL.Query().Get("year"))
	if err != nil || y < calendar.MinYear || y > calendar.MaxYear {
		return u.now().In(calendar.DefaultLocation()).Year()
	}
	return y
}

// calendarPage is /admin/calendar?year=: the year month by month with
// holidays and make-up working days marked, the missing-year warning, and
// the forms to import a notice and to change one day.
func (u *UI) calendarPage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var res *calendarResult
	if saved := r.URL.Query().Get("saved"); saved != "" {
		res = &calendarResult{Message: langOf(w, r).Tf("calendar.saved", saved)}
	}
	u.renderCalendar(w, r, p, http.StatusOK, u.calendarYear(r), res, overrideForm{Kind: "off"})
}

func (u *UI) renderCalendar(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status, year int, res *calendarResult, form overrideForm) {
	ctx := r.Context()
	pg := u.newPage(w, r, p, "calendar.title")
	cal := u.o.Calendar.Calendar()
	if cal == nil {
		u.errorPage(w, r, p, http.StatusServiceUnavailable, "error.internal")
		return
	}
	d := calendarData{Year: year, Prev: year - 1, Next: year + 1, Published: cal.HasYear(year),
		Unpublished: missingYearsOf(pg.Lang, cal.UnpublishedYears(year)), CanEdit: canEditCalendar(p), Result: res, OverrideForm: form}
	d.First, d.Last = cal.Published()
	d.Missing = missingYearsOf(pg.Lang, cal.MissingYears(u.now()))
	for _, k := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		d.Weekdays = append(d.Weekdays, pg.T("weekday."+k))
	}
	today := u.now().In(cal.Location()).Format(calendar.DateLayout)
	days := cal.Year(year)
	d.Months = monthGrids(days, today, pg)
	for _, day := range days {
		if day.Holiday() != "" {
			d.Holidays++
		}
		if day.Makeup {
			d.Makeups++
		}
	}
	ovs, err := calendar.ListOverrides(ctx, u.o.DB)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, o := range ovs {
		if strings.HasPrefix(o.Date, strconv.Itoa(year)+"-") {
			d.Overrides = append(d.Overrides, overrideRow{Date: o.Date, Name: o.Name, Workday: o.Workday, By: o.CreatedBy})
		}
	}
	pg.Title = strconv.Itoa(year) + " · " + pg.Title
	pg.D = d
	u.render(w, r, status, "calendar", pg)
}

// monthGrids lays the days of a year out as twelve Monday-first months.
func monthGrids(days []calendar.Day, today string, pg *page) []monthGrid {
	var months []monthGrid
	for _, day := range days {
		t, err := time.Parse(calendar.DateLayout, day.Date)
		if err != nil {
			continue
		}
		if t.Day() == 1 {
			months = append(months, monthGrid{Name: pg.T("month." + strconv.Itoa(int(t.Month())))})
		}
		m := &months[len(months)-1]
		col := (int(t.Weekday()) + 6) % 7 // Monday = 0
		if len(m.Weeks) == 0 || col == 0 {
			m.Weeks = append(m.Weeks, [7]dayCell{})
		}
		m.Weeks[len(m.Weeks)-1][col] = dayCell{Day: t.Day(), Date: day.Date, Classes: dayClasses(day, today),
			Label: dayLabel(day, pg)}
	}
	return months
}

func dayClasses(d calendar.Day, today string) string {
	c := []string{"off"}
	if d.Workday {
		c[0] = "work"
	}
	if d.Holiday() != "" {
		c = append(c, "holiday")
	}
	if d.Makeup {
		c = append(c, "makeup")
	}
	if d.Override {
		c = append(c, "override")
	}
	if d.Date == today {
		c = append(c, "today")
	}
	return strings.Join(c, " ")
}

// dayLabel says in words what a day is, for the tooltip and for screen
// readers (the colours alone say nothing to them).
func dayLabel(d calendar.Day, pg *page) string {
	name := d.Name
	if pg.Lang == LangEN && d.NameEn != "" {
		name = d.NameEn
	}
	switch {
	case d.Holiday() != "":
		return d.Date + " " + pg.T("calendar.holiday") + ": " + name
	case d.Makeup:
		s := d.Date + " " + pg.T("calendar.makeup")
		if name != "" {
			s += " (" + name + ")"
		}
		return s
	case d.Workday:
		return d.Date + " " + pg.T("calendar.workday")
	}
	return d.Date + " " + pg.T("calendar.dayoff")
}

// calendarImport stores an uploaded State Council notice (CSV). Every line
// is checked first; on any problem nothing is stored and every problem is
// shown with its line number.
func (u *UI) calendarImport(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	lang := langOf(w, r)
	year := u.calendarYear(r)
	if !canEditCalendar(p) {
		u.errorPage(w, r, p, http.StatusForbidden, "calendar.noedit")
		return
	}
	refuse := func(msg string, problems ...string) {
		u.renderCalendar(w, r, p, http.StatusBadRequest, year, &calendarResult{Error: msg, Problems: problems}, overrideForm{Kind: "off"})
	}
	file, hdr, err := r.FormFile("notice")
	if err != nil {
		refuse(lang.T("import.nofile"))
		return
	}
	defer file.Close()
	if hdr.Size > calendar.MaxNoticeBytes {
		refuse(lang.T("calendar.toolarge"))
		return
	}
	got, err := calendar.ImportNotice(r.Context(), u.o.DB, file, actorOf(r, p))
	if err != nil {
		if msg, problems, ok := calendarProblems(lang, err); ok {
			refuse(msg, problems...)
			return
		}
		u.fail(w, r, p, err)
		return
	}
	if err := u.o.Calendar.Reload(r.Context(), u.o.DB); err != nil {
		u.fail(w, r, p, err)
		return
	}
	if len(got.Years) > 0 {
		year = got.Years[0]
	}
	years := make([]string, len(got.Years))
	for i, y := range got.Years {
		years[i] = strconv.Itoa(y)
	}
	msg := lang.Tf("calendar.imported", got.Entries, got.Off, got.Work, strings.Join(years, ", "))
	u.renderCalendar(w, r, p, http.StatusOK, year, &calendarResult{Message: msg}, overrideForm{Kind: "off"})
}

// calendarOverride makes one date a working day or a day off.
func (u *UI) calendarOverride(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	lang := langOf(w, r)
	form := overrideForm{Date: strings.TrimSpace(r.PostFormValue("date")), Kind: r.PostFormValue("kind"),
		Name: strings.TrimSpace(r.PostFormValue("name"))}
	year := u.calendarYear(r)
	if !canEditCalendar(p) {
		u.errorPage(w, r, p, http.StatusForbidden, "calendar.noedit")
		return
	}
	if form.Kind != "work" && form.Kind != "off" {
		u.renderCalendar(w, r, p, http.StatusBadRequest, year, &calendarResult{Error: lang.T("calendar.kind.missing")}, form)
		return
	}
	if t, err := time.Parse(calendar.DateLayout, form.Date); err == nil {
		year = t.Year()
	}
	err := calendar.SetOverride(r.Context(), u.o.DB, form.Date, form.Kind == "work", form.Name, actorOf(r, p))
	if err != nil {
		if msg, problems, ok := calendarProblems(lang, err); ok {
			u.renderCalendar(w, r, p, http.StatusBadRequest, u.calendarYear(r), &calendarResult{Error: msg, Problems: problems}, form)
			return
		}
		u.fail(w, r, p, err)
		return
	}
	if err := u.o.Calendar.Reload(r.Context(), u.o.DB); err != nil {
		u.fail(w, r, p, err)
		return
	}
	http.Redirect(w, r, "/admin/calendar?year="+strconv.Itoa(year)+"&saved="+form.Date, http.StatusSeeOther)
}

// calendarOverrideDelete removes the override of one date, so the shipped
// schedule applies again.
func (u *UI) calendarOverrideDelete(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	lang := langOf(w, r)
	date := r.PostFormValue("date")
	if !canEditCalendar(p) {
		u.errorPage(w, r, p, http.StatusForbidden, "calendar.noedit")
		return
	}
	err := calendar.DeleteOverride(r.Context(), u.o.DB, date, actorOf(r, p))
	if err != nil {
		if msg, problems, ok := calendarProblems(lang, err); ok {
			u.renderCalendar(w, r, p, http.StatusBadRequest, u.calendarYear(r), &calendarResult{Error: msg, Problems: problems}, overrideForm{Kind: "off"})
			return
		}
		if isNotFound(err) {
			u.notFound(w, r)
			return
		}
		u.fail(w, r, p, err)
		return
	}
	if err := u.o.Calendar.Reload(r.Context(), u.o.DB); err != nil {
		u.fail(w, r, p, err)
		return
	}
	year := u.calendarYear(r)
	if t, err := time.Parse(calendar.DateLayout, date); err == nil {
		year = t.Year()
	}
	http.Redirect(w, r, "/admin/calendar?year="+strconv.Itoa(year)+"&saved="+date, http.StatusSeeOther)
}

// missingYears is the warning about missing holiday schedules in the
// page's language: what it means, and example lines of the file to import
// (shown as code).
type missingYears struct {
	Body, Lead string
	Lines      []string
}

// missingYearsOf is nil when no year is missing.
func missingYearsOf(lang Lang, years []int) *missingYears {
	if len(years) == 0 {
		return nil
	}
	parts := make([]string, len(years))
	for i, y := range years {
		parts[i] = strconv.Itoa(y)
	}
	sep := "、"
	if lang == LangEN {
		sep = " and "
	}
	ex := years[len(years)-1]
	return &missingYears{Body: lang.Tf("calendar.missing.body", strings.Join(parts, sep)), Lead: lang.T("calendar.missing.example"),
		Lines: []string{fmt.Sprintf("%d-01-01,off,元旦", ex), fmt.Sprintf("%d-02-07,work,春节调休", ex)}}
}
