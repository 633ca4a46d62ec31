package ui

import (
	"net/http"
	"strconv"
	"time"

	"civicgrid/internal/gridtask"

	"civicgrid/internal/care"
	"civicgrid/internal/http/httpx"
)

type gridLogEntry struct {
	care.LogEntry
	Time, KindLabel, GroupName, CategoryName, StatusLabel string
}

type gridLogData struct {
	Date, Prev, Next string
	UserID           int64
	Workers          []option
	Log              care.Log
	Entries          []gridLogEntry
}

// gridLogPage is a worker's day (网格日志): visits, patrol finds, other
// reports and grid tasks closed, in time order, on the phone.
func (u *UI) gridLogPage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	if !care.MayOpenLog(p.User.Role) {
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		return
	}
	ctx := r.Context()
	pg := u.newPage(w, r, p, "care.log.title")
	a := careActorOf(r, p)
	loc := shanghaiLocation()
	q := r.URL.Query()
	d := gridLogData{Date: q.Get("date"), UserID: p.User.ID}
	day, err := time.ParseInLocation("2006-01-02", d.Date, loc)
	if err != nil {
		day = u.now().In(loc)
		d.Date = day.Format("2006-01-02")
	}
	d.Prev, d.Next = day.AddDate(0, 0, -1).Format("2006-01-02"), day.AddDate(0, 0, 1).Format("2006-01-02")
	if s := q.Get("user"); s != "" {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			d.UserID = id
		}
	}
	workers, err := u.o.Care.Workers(ctx, a)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, wk := range workers {
		d.Workers = append(d.Workers, option{Value: strconv.FormatInt(wk.ID, 10), Label: wk.Name, Selected: wk.ID == d.UserID})
	}
	if d.Log, err = u.o.Care.DayLog(ctx, a, d.UserID, d.Date); err != nil {
		u.fail(w, r, p, err)
		return
	}
	groups, err := u.o.Care.Groups(ctx)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	names, err := u.orderNames(ctx, pg.Lang)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, e := range d.Log.Entries {
		v := gridLogEntry{LogEntry: e, Time: e.At.In(loc).Format("15:04"), KindLabel: pg.T("care.log.kind." + e.Kind)}
		for _, g := range groups {
			if g.Code == e.GroupCode {
				v.GroupName = g.Name(string(pg.Lang))
			}
		}
		if e.Category != "" {
			v.CategoryName = names.category(e.Category)
			if e.Kind == "task" {
				v.CategoryName = gridTaskCategoryName(pg.Lang, names.category(e.Category), e.Category)
			}
		}
		if e.Status != "" {
			v.StatusLabel = pg.T("status." + e.Status)
		}
		d.Entries = append(d.Entries, v)
	}
	pg.D = d
	u.render(w, r, http.StatusOK, "care_log", pg)
}

// gridTaskCategoryName names a grid task's kind: a hot spot's category,
// or the care-visit task's own name.
func gridTaskCategoryName(lang Lang, fromCatalogue, code string) string {
	if code == gridtask.CategoryCareVisit {
		return lang.T("care.task.category")
	}
	return fromCatalogue
}
