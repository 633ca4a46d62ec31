package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/store"
)

func TestSupervisionPages(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		clock := ordertest.NewNow(dispatchMonday)
		e := newEnv(t, db, clock.Now)
		g := demoGrid(t, e, streetAdminNode, 0)
		late := fileOrder(t, e, g, order.ChannelHotline, "other.request", "小区路灯坏了一个月没人修")
		other := fileOrder(t, e, g, order.ChannelHotline, "other.request", "楼道扶手松动")
		clock.Advance(4 * 24 * time.Hour) // Friday: both are past Thursday 24:00
		ctx := context.Background()
		// Someone touches the second order after the page was read.
		if _, err := e.app.Orders.Reply(ctx, e.actor(t, "dispatcher"), other.Number, other.Version, "已转相关单位"); err != nil {
			t.Fatal(err)
		}

		sup := e.client(t)
		sup.signIn("supervisor", e.creds["supervisor"])
		r := sup.get("/supervision")
		wantStatus(t, r, http.StatusOK, "supervision")
		wantContains(t, r, "candidates", `id="c-`+late.Number+`" class="order-row overdue"`, `id="open-`+late.Number+`"`,
			`id="tab-overdue" aria-current="page">`)
		due := clock.Now().In(time.FixedZone("CST", 8*3600)).AddDate(0, 0, 3).Format(time.DateOnly)

		// A missing demand comes back with what was typed.
		form := url.Values{"number": {late.Number}, "order_version": {strconv.Itoa(late.Version)}, "reason": {"overdue"},
			"demand": {"  "}, "due": {due}}
		r = sup.post("/supervision/cases", form)
		wantStatus(t, r, http.StatusUnprocessableEntity, "open without a demand")
		wantContains(t, r, "open without a demand", `id="demand-err-`+late.Number+`"`, `value="`+due+`"`)

		// A stale version says so plainly.
		r = sup.post("/supervision/cases", url.Values{"number": {other.Number}, "order_version": {strconv.Itoa(other.Version)},
			"reason": {"overdue"}, "demand": {"说明超期原因"}, "due": {due}})
		wantStatus(t, r, http.StatusConflict, "stale open")
		wantContains(t, r, "stale open", `id="sup-error"`, "刚被他人更新")

		form.Set("demand", "三日内办结并书面说明超期原因")
		r = sup.post("/supervision/cases", form)
		wantStatus(t, r, http.StatusSeeOther, "open case")
		loc := r.Header.Get("Location")
		m := regexp.MustCompile(`^/supervision/cases/(\d+)\?done=opened$`).FindStringSubmatch(loc)
		if m == nil {
			t.Fatalf("open case: location %q", loc)
		}
		casePath := "/supervision/cases/" + m[1]
		r = sup.get(loc)
		wantStatus(t, r, http.StatusOK, "case page")
		wantContains(t, r, "case page", `id="case-done"`, "三日内办结并书面说明超期原因", `href="/orders/`+late.Number+`"`,
			`id="close-wait"`)
		wantLacks(t, r, "case page before the answer", `id="close-form"`, `id="answer-form"`)
		r = sup.get("/supervision")
		wantContains(t, r, "candidate under supervision", `id="case-link-`+late.Number+`"`)
		r = sup.get("/supervision/cases?status=open")
		wantContains(t, r, "case list", `id="case-`+m[1]+`"`)

		// The order waits at the centre, so the dispatcher answers.
		disp := e.client(t)
		disp.signIn("dispatcher", e.creds["dispatcher"])
		r = disp.get(casePath)
		wantContains(t, r, "dispatcher's case page", `id="answer-form"`)
		version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(r.Body)[1]
		r = disp.post(casePath+"/answer", url.Values{"version": {version}, "answer": {"已派城管执法局，周一前办结"}})
		wantStatus(t, r, http.StatusSeeOther, "answer")

		// The supervisor closes it; a bad entry comes back in its row.
		r = sup.get(casePath)
		wantContains(t, r, "answered case", "已派城管执法局，周一前办结", `id="close-form"`)
		version = regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(r.Body)[1]
		closeForm := url.Values{"version": {version}, "outcome": {"已办结，约谈承办单位负责人"},
			"acc_kind": {"unit", "unit", "unit"}, "acc_subject": {"区指挥中心", "", ""}, "acc_measure": {"scold", "talk", "talk"},
			"acc_note": {"", "", ""}}
		r = sup.post(casePath+"/close", closeForm)
		wantStatus(t, r, http.StatusUnprocessableEntity, "close with a bad measure")
		wantContains(t, r, "close with a bad measure", `value="区指挥中心"`, "已办结，约谈承办单位负责人", "请选择问责方式")
		closeForm["acc_measure"] = []string{"talk", "talk", "talk"}
		r = sup.post(casePath+"/close", closeForm)
		wantStatus(t, r, http.StatusSeeOther, "close")
		r = sup.get(casePath)
		wantContains(t, r, "closed case", `id="case-outcome"`, `id="case-accountability"`, "约谈", "区指挥中心")

		// The supervision ledger has the case from opening to close.
		wantContains(t, sup.get("/supervision/cases"), "case list", `id="cases-export-xlsx"`)
		book := openWorkbook(t, sup.get("/supervision/cases/export.xlsx"), "supervision ledger")
		rows := sheetRows(t, book, "督办台账", false)
		if len(rows) != 2 {
			t.Fatalf("ledger rows %q, want the header and one case", rows)
		}
		want := map[int]string{0: m[1], 1: late.Number, 2: "超期未办结", 3: "已办结", 5: "三日内办结并书面说明超期原因",
			10: "已派城管执法局，周一前办结", 13: "已办结，约谈承办单位负责人", 16: "单位 区指挥中心：约谈"}
		for i, v := range want {
			if rows[1][i] != v {
				t.Errorf("ledger column %s = %q, want %q", rows[0][i], rows[1][i], v)
			}
		}
		for _, cell := range []string{"G2", "J2", "P2"} { // due, opened, closed: dates, stored as numbers
			raw, _ := book.GetCellValue("督办台账", cell, excelize.Options{RawCellValue: true})
			if _, err := strconv.ParseFloat(raw, 64); err != nil {
				t.Errorf("%s holds %q, not a date serial", cell, raw)
			}
		}
		csvRows := measuresCSV(t, sup.get("/supervision/cases/export.csv?status=open").Body)
		if len(csvRows) != 1 || csvRows[0][0] != "督办编号" {
			t.Errorf("open cases CSV %q, want only the header (the case is closed)", csvRows)
		}

		// Leaders look; street staff may not open the candidates.
		lead := e.client(t)
		lead.signIn("leader", e.creds["leader"])
		r = lead.get("/supervision")
		wantStatus(t, r, http.StatusOK, "leader")
		wantContains(t, r, "leader", `id="sup-readonly"`, `id="c-`+other.Number+`"`)
		wantLacks(t, r, "leader", `class="sup-open-form"`)
		st := e.client(t)
		st.signIn("street", e.creds["street"])
		wantStatus(t, st.get("/supervision"), http.StatusForbidden, "street user on /supervision")
		wantStatus(t, st.post("/supervision/cases", url.Values{"number": {other.Number}}), http.StatusForbidden, "street user opens a case")
		wantStatus(t, sup.get("/supervision/cases/99999"), http.StatusNotFound, "no such case")
	})
}
