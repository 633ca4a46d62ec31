package ui

import (
	"net/http"
	"slices"
	"strings"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/sheet"
	"civicgrid/internal/supervision"
)

// supervisionExport is GET /supervision/cases/export.{xlsx,csv}[?status=]:
// the supervision ledger (督办台账), every case in the user's scope the
// list shows, with the answer, the outcome and the accountability.
func (u *UI) supervisionExport(w http.ResponseWriter, r *http.Request, p *httpx.Principal, format string) {
	ctx := r.Context()
	lang := langOf(w, r)
	status := supervision.Status(r.URL.Query().Get("status"))
	if !slices.Contains(supStatuses, status) {
		status = ""
	}
	const batch = 500
	var cases []supervision.Case
	for offset := 0; ; offset += batch {
		page, err := u.o.Supervision.List(ctx, staffActor(r, p), supervision.Filter{Status: status, Limit: batch, Offset: offset})
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		cases = append(cases, page.Cases...)
		if len(page.Cases) < batch {
			break
		}
	}
	names, err := u.orderNames(ctx, lang)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	keys := []struct {
		key   string
		kind  sheet.Kind
		width float64
	}{{"id", sheet.Int, 8}, {"number", sheet.Text, 15}, {"reason", sheet.Text, 12}, {"status", sheet.Text, 8},
		{"handler", sheet.Text, 18}, {"demand", sheet.Text, 40}, {"due", sheet.DateTime, 0}, {"overdue", sheet.Text, 8},
		{"opened_by", sheet.Text, 10}, {"opened", sheet.DateTime, 0}, {"answer", sheet.Text, 40},
		{"answered_by", sheet.Text, 10}, {"answered", sheet.DateTime, 0}, {"outcome", sheet.Text, 40},
		{"closed_by", sheet.Text, 10}, {"closed", sheet.DateTime, 0}, {"accountability", sheet.Text, 40}}
	t := table{Name: lang.T("sup.ledger.sheet")}
	for _, k := range keys {
		t.Cols = append(t.Cols, sheet.Column{Title: lang.T("sup.ledger.col." + k.key), Kind: k.kind, Width: k.width})
	}
	now := u.now()
	t.Rows = func(emit func(...any) error) error {
		for _, c := range cases {
			var acc []string
			for _, e := range c.Accountability {
				line := lang.T("sup.subject."+e.SubjectKind) + " " + e.Subject + "：" + lang.T("sup.measure."+string(e.Measure))
				if e.Note != "" {
					line += "（" + e.Note + "）"
				}
				acc = append(acc, line)
			}
			overdue := lang.T("order.ledger.no")
			if c.Overdue(now) {
				overdue = lang.T("order.ledger.yes")
			}
			if err := emit(c.ID, c.Number, lang.T("sup.reason."+string(c.Reason)), lang.T("sup.status."+string(c.Status)),
				names.handler(ctx, u, lang, c.Level, c.Handler), c.Demand, c.DueAt, overdue, c.OpenedBy, c.OpenedAt,
				c.Answer, c.AnsweredBy, c.AnsweredAt, c.Outcome, c.ClosedBy, c.ClosedAt, strings.Join(acc, "；")); err != nil {
				return err
			}
		}
		return nil
	}
	u.download(w, r, p, format, "supervision-"+now.In(shanghaiLocation()).Format("20060102-1504"), t)
}
