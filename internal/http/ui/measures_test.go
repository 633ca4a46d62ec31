package ui_test

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/report"
	"civicgrid/internal/store"
)

// measuresFigure matches a headline figure of the dashboard.
var measuresFigure = regexp.MustCompile(`id="measure-([a-z_]+)" data-measure="[a-z_]+" data-value="([^"]*)"`)

func measuresFigures(t *testing.T, body string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, m := range measuresFigure.FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[2]
	}
	if len(out) < 12 {
		t.Fatalf("the page shows %d figures: %v\n%s", len(out), out, excerpt(body))
	}
	return out
}

func rawRate(r report.Rate) string {
	if !r.Defined {
		return ""
	}
	return strconv.FormatFloat(r.Value, 'f', -1, 64)
}

// TestMeasuresDashboard files orders in two streets, closes some, and
// checks that the dashboard, its CSV and its map show what the report
// computes for the same query, within each viewer's scope.
func TestMeasuresDashboard(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 11, 23, 9, 0, 0, 0, measuresCST) // a Monday
		clk := ordertest.NewNow(now)
		e := newEnv(t, db, clk.Now)
		beidi := demoGrid(t, e, streetAdminNode, 0)
		gaoyu := demoGrid(t, e, otherStreet, 0)
		o1 := fileOrder(t, e, beidi, order.ChannelHotline, "other.request", "测试看板工单：other.request")
		o2 := fileOrder(t, e, beidi, order.ChannelHotline, "other.request", "测试看板工单：other.request")
		o3 := fileOrder(t, e, beidi, order.ChannelHotline, "streetlight.out", "测试看板工单：streetlight.out")
		fileOrder(t, e, gaoyu, order.ChannelHotline, "other.request", "测试看板工单：other.request")
		clk.Set(now.Add(3 * time.Hour))
		measuresClose(t, e, o1, order.RatingSatisfied)
		measuresClose(t, e, o2, order.RatingUnsatisfied)
		measuresClose(t, e, o3, order.RatingBasic)
		clk.Set(now.Add(5 * time.Hour))
		at := clk.Now()

		leader := e.client(t)
		leader.signIn("leader", e.creds["leader"])
		_, leaderScope := measuresActor(t, e, "leader")
		page := leader.get("/measures")
		wantStatus(t, page, http.StatusOK, "leader dashboard")
		want := measuresExpect(t, e, leaderScope, at, "")
		if want.Rates.Received != 4 {
			t.Fatalf("the report counts %d orders received, want 4", want.Rates.Received)
		}
		got := measuresFigures(t, page.Body)
		checks := map[string]string{
			"received":             strconv.FormatInt(want.Rates.Received, 10),
			"valid":                strconv.FormatInt(want.Rates.Valid, 10),
			"satisfaction_rate":    rawRate(want.Rates.Satisfaction),
			"resolve_rate":         rawRate(want.Rates.Resolve),
			"response_rate":        rawRate(want.Rates.Response),
			"on_time_resolve_rate": rawRate(want.Rates.OnTimeResolve),
			"callback_rate":        rawRate(want.Rates.Callback),
			"patrol_share":         rawRate(want.Rates.PatrolShare),
			"score":                strconv.FormatFloat(want.Rates.Score.Value, 'f', -1, 64),
		}
		for id, v := range checks {
			if got[id] != v {
				t.Errorf("figure %s = %q, the report says %q", id, got[id], v)
			}
		}
		if got["satisfaction_rate"] == "" || got["resolve_rate"] != "0.75" {
			t.Errorf("satisfaction %q, resolve %q: want defined, 3 of 4 resolved", got["satisfaction_rate"], got["resolve_rate"])
		}
		// Formulas from the report, beside the figures; the rankings and
		// the charts' data.
		var resolveDef report.Definition
		for _, d := range e.app.Reports.Definitions() {
			if d.ID == "resolve_rate" {
				resolveDef = d
			}
		}
		wantContains(t, page, "leader dashboard", resolveDef.FormulaZh, `id="measures-rank-children"`,
			`id="measures-rank-departments"`, "北地街道", `id="measures-trend"`, `data-trend="`, `id="measures-mix"`,
			`id="measures-map"`, `/measures/grids.geojson?`, `/measures/export.csv?`, "part=ranking",
			// A handful of orders ranks no one: each unit is listed unranked,
			// and the page says why.
			"期内有效工单少于 10 件的单位只列数据、不排名次", `<span class="badge unranked">样本不足</span>`)
		// Drill down: the street's row links to its dashboard.
		if !strings.Contains(page.Body, `data-href="/measures?from=`) || !strings.Contains(page.Body, "node="+streetAdminNode) {
			t.Errorf("the ranking rows do not open the streets' dashboards\n%s", excerpt(page.Body))
		}

		// The street's dashboard, opened by the leader: its figures.
		street := leader.get("/measures?node=" + streetAdminNode)
		wantStatus(t, street, http.StatusOK, "leader on a street")
		if got := measuresFigures(t, street.Body)["received"]; got != "3" {
			t.Errorf("北地街道 received %s, want 3", got)
		}

		// Down to one grid: its figures, the path to it.
		gridPage := leader.get("/measures?node=" + beidi)
		wantStatus(t, gridPage, http.StatusOK, "leader on a grid")
		if got := measuresFigures(t, gridPage.Body)["received"]; got != "3" {
			t.Errorf("grid %s received %s, want 3", beidi, got)
		}
		wantContains(t, gridPage, "grid dashboard", `id="measures-crumbs"`, "北地街道", "node="+beidi[:12])
		wantStatus(t, leader.get("/measures?node=2105"), http.StatusNotFound, "leader above their district")

		// CSV: BOM, header in the page language, the page's numbers.
		csvResp := leader.get("/measures/export.csv?part=measures")
		wantStatus(t, csvResp, http.StatusOK, "export measures")
		if !strings.HasPrefix(csvResp.Body, "\ufeff") || !strings.HasPrefix(csvResp.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("CSV without BOM or type: %q %q", csvResp.Header.Get("Content-Type"), csvResp.Body[:min(40, len(csvResp.Body))])
		}
		rows := measuresCSV(t, csvResp.Body)
		if strings.Join(rows[0][:3], ",") != "指标代码,指标,比率" {
			t.Errorf("CSV header %q", rows[0])
		}
		values := map[string][]string{}
		for _, r := range rows[1:] {
			values[r[0]] = r
		}
		if values["received"][3] != "4" || values["resolve_rate"][2] != "75.0%" || values["resolve_rate"][4] != "3" ||
			values["resolve_rate"][5] != "4" {
			t.Errorf("CSV rows received %q, resolve_rate %q", values["received"], values["resolve_rate"])
		}
		wantSat := strconv.FormatFloat(want.Rates.Satisfaction.Value*100, 'f', 1, 64) + "%"
		if values["satisfaction_rate"][2] != wantSat {
			t.Errorf("CSV satisfaction %q, want %q", values["satisfaction_rate"][2], wantSat)
		}
		measuresWorkbook(t, leader.get("/measures/export.xlsx"), want.Rates.Satisfaction.Value)
		en := leader.get("/measures/export.csv?part=trend&lang=en")
		trend := measuresCSV(t, en.Body)
		if strings.Join(trend[0], ",") != "Date,Received,Resolved" || len(trend) != 31 {
			t.Errorf("English trend CSV: header %q, %d rows (want 30 days)", trend[0], len(trend)-1)
		}
		var sum int
		for _, r := range trend[1:] {
			n, _ := strconv.Atoi(r[1])
			sum += n
		}
		if last := trend[len(trend)-1]; sum != 4 || last[0] != "2026-11-23" || last[2] != "3" {
			t.Errorf("trend: %d received in all, last day %q; want 4, and 3 resolved on 2026-11-23", sum, last)
		}
		leader.get("/measures?lang=zh-CN")
		rk := measuresCSV(t, leader.get("/measures/export.csv?part=ranking").Body)
		if len(rk) < 3 || !strings.Contains(rk[0][0], "排名") {
			t.Errorf("ranking CSV %q", rk)
		}

		mix := map[string][]string{}
		for _, r := range measuresCSV(t, leader.get("/measures/export.csv?part=categories").Body)[1:] {
			mix[r[0]] = r
		}
		if mix["other.request"][2] != "3" || mix["component.utility"][2] != "1" {
			t.Errorf("categories CSV: 其他诉求 %q, 公用设施 %q; want 3 and 1", mix["other.request"], mix["component.utility"])
		}
		gridRows := measuresCSV(t, leader.get("/measures/export.csv?part=grids&node="+streetAdminNode).Body)
		gridReceived := ""
		for _, r := range gridRows[1:] {
			if r[0] == beidi {
				gridReceived = r[2]
			}
		}
		if gridReceived != "3" || len(gridRows) < 3 {
			t.Errorf("grids CSV: grid %s received %q of %d rows, want 3", beidi, gridReceived, len(gridRows)-1)
		}
		wantStatus(t, leader.get("/measures/export.csv?part=everything"), http.StatusBadRequest, "unknown part")
		wantStatus(t, leader.get("/measures/grids.geojson?by=colour"), http.StatusBadRequest, "unknown map measure")

		// The grids GeoJSON has the value of the grid with orders.
		gj := leader.get("/measures/grids.geojson?node=" + streetAdminNode + "&by=load")
		wantStatus(t, gj, http.StatusOK, "grids geojson")
		var fc struct {
			Features []struct {
				Properties struct {
					Code     string   `json:"code"`
					Received int64    `json:"received"`
					Value    *float64 `json:"value"`
				} `json:"properties"`
			} `json:"features"`
		}
		if err := json.Unmarshal([]byte(gj.Body), &fc); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range fc.Features {
			if !strings.HasPrefix(f.Properties.Code, streetAdminNode) {
				t.Errorf("grid %s outside the street", f.Properties.Code)
			}
			if f.Properties.Code == beidi {
				found = f.Properties.Received == 3 && f.Properties.Value != nil && *f.Properties.Value == 3
			}
		}
		if !found || len(fc.Features) < 2 {
			t.Errorf("grids GeoJSON: %d grids, grid %s with 3 orders found %v", len(fc.Features), beidi, found)
		}
		overdue := leader.get("/measures/grids.geojson?node=" + streetAdminNode + "&by=overdue")
		wantContains(t, overdue, "overdue map", `"overdue":0,`, `"value":null`)

		// Bad input: a clear message, what was typed kept.
		bad := leader.get("/measures?from=2026-13-01&to=2026-11-23")
		wantStatus(t, bad, http.StatusBadRequest, "bad date")
		wantContains(t, bad, "bad date", `id="measures-error"`, "起始日期须为", `value="2026-13-01"`)

		// The street user: their street only.
		st := e.client(t)
		st.signIn("street", e.creds["street"])
		own := st.get("/measures")
		wantStatus(t, own, http.StatusOK, "street dashboard")
		if got := measuresFigures(t, own.Body)["received"]; got != "3" {
			t.Errorf("street user's received %s, want 3", got)
		}
		wantContains(t, own, "street dashboard", `id="measures-rank-children"`)
		for _, path := range []string{"/measures?node=" + otherStreet, "/measures?node=210504",
			"/measures/export.csv?part=measures&node=" + otherStreet, "/measures/grids.geojson?node=" + gaoyu} {
			wantStatus(t, st.get(path), http.StatusNotFound, "street user on "+path)
		}

		// A department user: their department's figures, no rankings.
		dep := e.client(t)
		dep.signIn("department", e.creds["department"])
		dp := dep.get("/measures")
		wantStatus(t, dp, http.StatusOK, "department dashboard")
		if got := measuresFigures(t, dp.Body)["received"]; got != "1" {
			t.Errorf("城管 received %s, want 1 (the streetlight)", got)
		}
		wantContains(t, dp, "department dashboard", `id="measures-dept-fixed"`, "城管执法局")
		wantLacks(t, dp, "department dashboard", `id="measures-rank-departments"`, `id="measures-rank-children"`)
		wantStatus(t, dep.get("/measures?department=shuiwu"), http.StatusNotFound, "department user on another department")

		// Operators, grid workers and 楼长 have no dashboard.
		for _, who := range []string{"operator", "grid", "building"} {
			c := e.client(t)
			c.signIn(who, e.creds[who])
			wantStatus(t, c.get("/measures"), http.StatusForbidden, who+" on /measures")
			wantStatus(t, c.get("/measures/export.csv?part=measures"), http.StatusForbidden, who+" export")
		}
		// A visitor is sent to sign in.
		if r := e.client(t).get("/measures"); r.Status != http.StatusSeeOther {
			t.Errorf("visitor: %d, want 303 to sign in", r.Status)
		}
	})
}

func measuresCSV(t *testing.T, body string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("CSV: %v\n%s", err, body)
	}
	return rows
}

// measuresWorkbook checks the dashboard workbook: a sheet per part, the
// headline figures as numbers (the resolve rate the fraction 0.75, shown
// 75.0%), the header frozen.
func measuresWorkbook(t *testing.T, r response, satisfaction float64) {
	t.Helper()
	f := openWorkbook(t, r, "measures workbook")
	want := []string{"核心指标", "每日趋势", "分类构成", "排名", "网格数据"}
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("workbook sheets %q, want %q", got, want)
	}
	frozenHeader(t, f, "核心指标")
	raw, shown := map[string][]string{}, map[string][]string{}
	for _, r := range sheetRows(t, f, "核心指标", true)[1:] {
		raw[r[0]] = r
	}
	for _, r := range sheetRows(t, f, "核心指标", false)[1:] {
		shown[r[0]] = r
	}
	if raw["received"][3] != "4" || raw["resolve_rate"][2] != "0.75" || shown["resolve_rate"][2] != "75.0%" ||
		raw["resolve_rate"][4] != "3" || raw["resolve_rate"][5] != "4" {
		t.Errorf("workbook rows received %q, resolve_rate raw %q shown %q", raw["received"], raw["resolve_rate"], shown["resolve_rate"])
	}
	// Excel keeps 15 significant digits.
	if got, _ := strconv.ParseFloat(raw["satisfaction_rate"][2], 64); math.Abs(got-satisfaction) > 1e-12 {
		t.Errorf("workbook satisfaction %v, want %v", got, satisfaction)
	}
	if typ, _ := f.GetCellType("核心指标", "D2"); typ != excelize.CellTypeUnset { // a number has no t=
		t.Errorf("a count is stored as %v, not a number", typ)
	}
}
