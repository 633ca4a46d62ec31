package ui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/store"
)

// TestBulletinPage: the leader's weekly bulletin of the district shows the
// dashboard's own figures for the same week, downloads as a workbook, and
// lists who receives it; other roles and places are refused.
func TestBulletinPage(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		gridCode := demoGrid(t, e, "210504", 0)
		fileOrder(t, e, gridCode, "hotline", "streetlight.out", "小区门口路灯不亮三天了")
		fileOrder(t, e, gridCode, "hotline", "streetlight.out", "小区门口路灯不亮三天了，晚上看不见路")
		fileOrder(t, e, gridCode, "hotline", "other.request", "小区门口路灯不亮三天了")
		// The bulletin is of the last complete week before date: next
		// Monday's is this week's, with the two orders just filed.
		today := time.Now().In(shanghai())
		monday := today.AddDate(0, 0, 7-(int(today.Weekday())+6)%7)
		weekFrom, weekTo := monday.AddDate(0, 0, -7).Format(time.DateOnly), monday.AddDate(0, 0, -1).Format(time.DateOnly)
		date := monday.Format(time.DateOnly)

		c := e.client(t)
		c.signIn("leader", e.creds["leader"])
		page := c.get("/bulletin?" + url.Values{"node": {"210504"}, "kind": {"week"}, "date": {date}}.Encode())
		wantStatus(t, page, http.StatusOK, "bulletin")
		wantContains(t, page, "bulletin", "周报", weekFrom+" — "+weekTo, `id="bulletin-received" data-current="3"`, `id="bulletin-topics"`,
			"各街道排名", "各部门排名", `id="recipients"`, "尚未配置邮件服务器")
		dash := c.get("/measures?" + url.Values{"node": {"210504"}, "from": {weekFrom}, "to": {weekTo}}.Encode())
		wantContains(t, dash, "dashboard", `id="measure-received" data-measure="received" data-value="3"`)
		if !strings.Contains(page.Body, `href="/measures?from=`+weekFrom) {
			t.Errorf("no link to the same week on the dashboard")
		}

		book := openWorkbook(t, c.get("/bulletin.xlsx?"+url.Values{"node": {"210504"}, "kind": {"week"}, "date": {date}}.Encode()), "bulletin.xlsx")
		rows := sheetRows(t, book, "概况", true)
		if len(rows) < 2 || rows[1][0] != "受理量" || rows[1][1] != "3" {
			t.Errorf("workbook summary %v, want 受理量 3", rows)
		}
		if topics := sheetRows(t, book, "热点问题", true); len(topics) != 2 || topics[1][1] != "3" {
			t.Errorf("hot topics sheet %v, want one topic of the three 路灯 calls", topics)
		}

		// Recipients: a bad address is refused in Chinese and nothing is
		// added; a good one is listed masked.
		bad := c.post("/bulletin/recipients", url.Values{"node": {"210504"}, "kind": {"week"}, "name": {"区长"}, "email": {"quzhang"}})
		wantStatus(t, bad, http.StatusBadRequest, "bad recipient")
		wantContains(t, bad, "bad recipient", "邮箱格式不对")
		if n := count(t, db, "bulletin_recipients"); n != 0 {
			t.Fatalf("%d recipients after bad input", n)
		}
		added := c.post("/bulletin/recipients", url.Values{"node": {"210504"}, "kind": {"week"}, "name": {"区长"}, "email": {"quzhang@minshan.gov.cn"}})
		wantStatus(t, added, http.StatusSeeOther, "add recipient")
		list := c.get(added.Header.Get("Location"))
		wantContains(t, list, "recipients", "区长", "@minshan.gov.cn")
		wantLacks(t, list, "recipients", "quzhang@")
		dup := c.post("/bulletin/recipients", url.Values{"node": {"210504"}, "kind": {"week"}, "name": {"区长"}, "email": {"QuZhang@minshan.gov.cn"}})
		wantContains(t, dup, "duplicate", "已经在这份简报的接收名单里")

		// A street reads its own street's bulletin, not the district's,
		// and keeps no list; a community has no bulletin page.
		st := e.client(t)
		st.signIn("street", e.creds["street"])
		own := st.get("/bulletin?kind=month")
		wantStatus(t, own, http.StatusOK, "street's own")
		wantContains(t, own, "street's own", "月报", "各社区排名")
		wantLacks(t, own, "street's own", `id="recipients"`)
		wantStatus(t, st.get("/bulletin?node=210504"), http.StatusNotFound, "street at the district")
		wantStatus(t, st.post("/bulletin/recipients", url.Values{"node": {"210504"}, "kind": {"week"}, "name": {"x"},
			"email": {"x@example.gov.cn"}}), http.StatusForbidden, "street adds a recipient")
		cm := e.client(t)
		cm.signIn("community", e.creds["community"])
		wantStatus(t, cm.get("/bulletin"), http.StatusForbidden, "community")
		bad2 := c.get("/bulletin?node=210504002001")
		wantStatus(t, bad2, http.StatusBadRequest, "a community's bulletin")
		wantContains(t, bad2, "a community's bulletin", "简报只按区或街道编制")
	})
}
