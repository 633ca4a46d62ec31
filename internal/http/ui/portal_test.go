package ui_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"civicgrid/internal/address"
	"civicgrid/internal/grid"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// TestPortalReport: a resident files a report with a pin and a photo; the
// order is on the web channel in the pin's grid, and the page shows its
// number. Sending the same form again (a double click, a reload) gives
// the same order.
func TestPortalReport(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		c := e.client(t)
		form := c.get("/report")
		wantStatus(t, form, http.StatusOK, "report form")
		wantContains(t, form, "report form", `id="report-form"`, `name="key"`, `id="report-map"`, "我要反映", `name="csrf_token"`)
		lat, lng, gridCode := portalGridPoint(t, e)
		wantContains(t, form, "report form", `id="report-email"`, `id="report-notify"`)
		fields := portalForm("web-test-1", lat, lng)
		fields["email"], fields["notify"] = "lisi@example.com", "1"
		r := portalPost(c, fields, map[string][]byte{"light.png": portalPNG})
		wantStatus(t, r, http.StatusCreated, "report")
		number := portalNumber(t, r)
		wantContains(t, r, "done page", "提交成功", "****5678", "/track?number="+number, "路灯不亮")
		channel, g, status := portalOrderRow(t, db, number)
		if channel != order.ChannelWeb || g != gridCode || status != string(order.StatusNew) {
			t.Fatalf("order %s: channel %q grid %q status %q; want web in %s, new", number, channel, g, status, gridCode)
		}
		if n := count(t, db, "order_photos"); n != 1 {
			t.Fatalf("%d photos stored, want 1", n)
		}
		// Asked to hear back, with an e-mail address: both kept (sealed).
		var id int64
		if err := db.QueryRowContext(context.Background(), `SELECT id FROM orders WHERE number = ?`, number).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if ct, err := e.app.Orders.Contact(context.Background(), id); err != nil || !ct.Notify || ct.Email != "lisi@example.com" {
			t.Fatalf("contact kept: notify %v, e-mail %q (%v)", ct.Notify, ct.Email, err)
		}
		// The same form again: the same order, nothing new.
		again := portalPost(c, fields, map[string][]byte{"light.png": portalPNG})
		if got := portalNumber(t, again); got != number {
			t.Fatalf("double submit gave order %s, then %s", number, got)
		}
		if n := count(t, db, "orders"); n != 1 {
			t.Fatalf("double submit made %d orders", n)
		}
		// A new form has a new key, and makes a new order.
		fields["key"] = "web-test-2"
		if got := portalNumber(t, portalPost(c, fields, nil)); got == number {
			t.Fatal("a second report got the first one's number")
		}
		// In English too.
		en := c.get("/report?lang=en")
		wantContains(t, en, "English form", "Report a problem", "Phone number")
	})
}

// TestPortalReportByAddress: without a pin, an address and a community.
func TestPortalReportByAddress(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		c := e.client(t)
		fields := portalForm("web-addr", "", "")
		fields["address"] = "和平路12号3单元门口"
		fields["community"] = "210504002001"
		r := portalPost(c, fields, nil)
		wantStatus(t, r, http.StatusCreated, "report by address")
		number := portalNumber(t, r)
		var community, address string
		if err := db.QueryRowContext(context.Background(), `SELECT community_code, address FROM orders WHERE number = ?`, number).Scan(&community, &address); err != nil {
			t.Fatal(err)
		}
		if community != "210504002001" || address != "和平路12号3单元门口" {
			t.Fatalf("order at %q %q", community, address)
		}
	})
}

// TestPortalReportRefusals: what cannot be filed comes back with the
// typed text kept and a message at the input concerned; no order.
func TestPortalReportRefusals(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		c := e.client(t)
		lat, lng, _ := portalGridPoint(t, e)
		oversize := append(append([]byte{}, portalPNG...), bytes.Repeat([]byte{1}, order.DefaultMaxPhotoBytes)...)
		cases := []struct {
			name   string
			edit   func(map[string]string)
			files  map[string][]byte
			status int
			msg    string
			kept   []string
		}{
			{"no description", func(f map[string]string) { f["description"] = "  " }, nil,
				http.StatusBadRequest, "请描述您遇到的问题", []string{`value="139 1234 5678"`, `value="李四"`}},
			{"no phone", func(f map[string]string) { f["phone"] = "" }, nil,
				http.StatusBadRequest, "请填写手机号码", []string{"晚上很黑"}},
			{"no category", func(f map[string]string) { f["category"] = "" }, nil,
				http.StatusBadRequest, "请选择问题分类", []string{"晚上很黑"}},
			{"outside every grid", func(f map[string]string) { f["lat"], f["lng"] = "30.5", "114.3" }, nil,
				http.StatusUnprocessableEntity, "图钉不在本区任何网格内", []string{"晚上很黑", `value="30.5"`}},
			{"no place", func(f map[string]string) { f["lat"], f["lng"] = "", "" }, nil,
				http.StatusBadRequest, "请在地图上放置图钉，或填写地址并选择社区", []string{"晚上很黑"}},
			{"bad phone", func(f map[string]string) { f["phone"] = "12" }, nil,
				http.StatusBadRequest, "手机号码格式不对", []string{"晚上很黑"}},
			{"bad e-mail", func(f map[string]string) { f["email"] = "lisi at example" }, nil,
				http.StatusBadRequest, "电子邮箱格式不对", []string{"晚上很黑", `value="lisi at example"`, `id="report-email-error"`}},
			{"oversize photo", func(map[string]string) {}, map[string][]byte{"big.png": oversize},
				http.StatusRequestEntityTooLarge, "照片太大", []string{"晚上很黑", "请重新选择"}},
			{"not an image", func(map[string]string) {}, map[string][]byte{"notes.txt": []byte("just some text")},
				http.StatusUnsupportedMediaType, "照片格式不支持", []string{"晚上很黑"}},
			{"required field of the category", func(f map[string]string) {
				f["category"], f["description"] = "noise.disturb", "楼上噪音一直到半夜"
			}, nil, http.StatusBadRequest, "请填写或更正“噪音来源”", []string{"楼上噪音一直到半夜", `name="attr.source"`}},
		}
		for i, tc := range cases {
			f := portalForm("web-bad-"+string(rune('a'+i)), lat, lng)
			tc.edit(f)
			r := portalPost(c, f, tc.files)
			if r.Status != tc.status {
				t.Errorf("%s: status %d, want %d\n%s", tc.name, r.Status, tc.status, excerpt(r.Body))
				continue
			}
			wantContains(t, r, tc.name, append([]string{tc.msg, `id="report-alert"`, `value="web-bad-`}, tc.kept...)...)
			wantLacks(t, r, tc.name, `id="report-number"`)
		}
		if n := count(t, db, "orders"); n != 0 {
			t.Fatalf("refused reports made %d orders", n)
		}
		if n := count(t, db, "order_photos"); n != 0 {
			t.Fatalf("refused reports stored %d photos", n)
		}
	})
}

// TestPortalFragments: the suggestions as the resident types, the extra
// fields of a category, and the grid under a pin.
func TestPortalFragments(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		c := e.client(t)
		r := c.get("/report/suggest?description=" + url.QueryEscape("楼上噪音"))
		wantStatus(t, r, http.StatusOK, "suggest")
		noise, building := strings.Index(r.Body, `value="noise.disturb"`), strings.Index(r.Body, `value="construction.noise"`)
		if noise < 0 || building < 0 || noise > building {
			t.Fatalf("楼上噪音 suggests noise.disturb at %d, construction.noise at %d\n%s", noise, building, r.Body)
		}
		wantLacks(t, r, "suggest fragment", "<html")
		// Nothing matches: the whole catalogue by class, no suggestions.
		r = c.get("/report/suggest?description=" + url.QueryEscape("今天天气不错"))
		wantContains(t, r, "no suggestion", `id="report-category-all"`, "<optgroup", `value="gas.leak"`)
		wantLacks(t, r, "no suggestion", `type="radio"`)
		// The choice is kept even when the words no longer suggest it.
		r = c.get("/report/suggest?description=" + url.QueryEscape("路灯") + "&category=gas.leak")
		wantContains(t, r, "kept choice", `value="gas.leak" selected`, `id="report-cat-other" value="" checked`)

		r = c.get("/report/fields?category=noise.disturb")
		wantContains(t, r, "fields", `name="attr.source"`, "噪音来源", `name="attr.period"`)
		if r = c.get("/report/fields?category=component"); strings.Contains(r.Body, "attr.") {
			t.Fatal("a class shows fields")
		}

		lat, lng, code := portalGridPoint(t, e)
		r = c.get("/report/place?lat=" + lat + "&lng=" + lng)
		wantContains(t, r, "place", `data-grid="`+code+`"`)
		r = c.get("/report/place?lat=30.5&lng=114.3")
		wantContains(t, r, "outside", "不在本区任何网格内")
		r = c.get("/report/place?lat=91&lng=0")
		wantContains(t, r, "invalid", "位置坐标无效")
	})
}

// TestPortalTrackAndRate: the reporter tracks the order by number and the
// last 4 digits; wrong digits and an unknown number get the same page;
// once resolved, the reporter rates it, which closes it and shows on the
// timeline.
func TestPortalTrackAndRate(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		c := e.client(t)
		lat, lng, _ := portalGridPoint(t, e)
		number := portalNumber(t, portalPost(c, portalForm("web-track", lat, lng), nil))

		wantStatus(t, c.get("/track"), http.StatusOK, "track form")
		r := c.get("/track?number=" + number + "&last4=5678")
		wantStatus(t, r, http.StatusOK, "track")
		wantContains(t, r, "track", `id="track-result"`, `data-status="new"`, "待受理", "提交诉求", "路灯不亮", " 24:00</time>")
		wantLacks(t, r, "track", "李四", "13912345678", `id="rate-form"`)

		// Wrong digits and an unknown number: one neutral answer.
		wrong := c.get("/track?number=" + number + "&last4=0000")
		unknown := c.get("/track?number=209901019999&last4=0000")
		wantStatus(t, wrong, http.StatusNotFound, "wrong digits")
		wantStatus(t, unknown, http.StatusNotFound, "unknown number")
		wantContains(t, wrong, "wrong digits", "未找到匹配的工单")
		if strings.ReplaceAll(wrong.Body, number, "N") != strings.ReplaceAll(unknown.Body, "209901019999", "N") {
			t.Fatal("wrong digits and an unknown number give different pages")
		}
		wantLacks(t, wrong, "wrong digits", "track-result", "待受理")
		r = c.get("/track?number=abc&last4=12")
		wantStatus(t, r, http.StatusBadRequest, "malformed")
		wantContains(t, r, "malformed", "工单编号为 8 到 20 位数字", "请输入 4 位数字")

		// Rating before resolution: the lookup gave no token, so a post
		// is refused and the form does not show.
		r = c.post("/track/rate", url.Values{"number": {number}, "last4": {"5678"}, "rating": {"satisfied"}})
		wantStatus(t, r, http.StatusForbidden, "rate too early")
		wantLacks(t, r, "rate too early", `id="rate-form"`)

		portalResolve(t, e, number)
		r = c.get("/track?number=" + number + "&last4=5678")
		wantContains(t, r, "resolved", `data-status="resolved"`, "已更换灯泡", `id="rate-form"`, `id="rate-satisfied"`)
		// Staff notes for staff stay inside: the operator's accept note, the
		// catalogue's routing remark; steps are named by the unit.
		wantLacks(t, r, "resolved", "内部备注", "按派单目录", "routed by", `<span class="meta">工作人员`, `<span class="meta">系统`)
		wantContains(t, r, "resolved", `<span class="meta">12345热线</span>`)
		token := portalRatingToken(t, r)
		// The digits alone, or a made-up token, rate nothing (a forged
		// rating from anyone who guessed the digits); the page comes back
		// with a fresh form.
		for _, tok := range []string{"", "cgr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"} {
			r = c.post("/track/rate", url.Values{"number": {number}, "last4": {"5678"}, "rating_token": {tok}, "rating": {"unsatisfied"}})
			wantStatus(t, r, http.StatusForbidden, "rate without a token")
			wantContains(t, r, "rate without a token", "评价凭证已失效或已使用", `id="rate-form"`)
		}
		if _, _, status := portalOrderRow(t, db, number); status != string(order.StatusResolved) {
			t.Fatalf("a forged rating changed the order: %s", status)
		}
		// No rating chosen: the form comes back with the comment kept.
		r = c.post("/track/rate", url.Values{"number": {number}, "last4": {"5678"}, "rating_token": {token}, "note": {"修得很快"}})
		wantStatus(t, r, http.StatusBadRequest, "no rating")
		wantContains(t, r, "no rating", "请选择一项评价", "修得很快")

		r = c.post("/track/rate", url.Values{"number": {number}, "last4": {"5678"}, "rating_token": {token}, "rating": {"satisfied"}, "note": {"修得很快，谢谢"}})
		wantStatus(t, r, http.StatusSeeOther, "rate")
		r = c.get(r.Header.Get("Location"))
		wantContains(t, r, "after rating", "感谢您的评价", `data-status="closed"`, "回访评价", "满意", "修得很快，谢谢")
		wantLacks(t, r, "after rating", `id="rate-form"`)
		if _, _, status := portalOrderRow(t, db, number); status != string(order.StatusClosed) {
			t.Fatalf("rated order is %s", status)
		}
		// The token was spent.
		r = c.post("/track/rate", url.Values{"number": {number}, "last4": {"5678"}, "rating_token": {token}, "rating": {"unsatisfied"}})
		wantStatus(t, r, http.StatusForbidden, "token reused")

		// Guessing digits is cut short for this order from any address:
		// the 5th wrong answer locks its lookup, the right digits included.
		for i := 0; i < 4; i++ {
			wantStatus(t, c.get(fmt.Sprintf("/track?number=%s&last4=%04d", number, 9000+i)), http.StatusNotFound, "a wrong guess")
		}
		r = c.get("/track?number=" + number + "&last4=9004")
		wantStatus(t, r, http.StatusTooManyRequests, "the 5th wrong guess")
		r = c.get("/track?number=" + number + "&last4=5678")
		wantStatus(t, r, http.StatusTooManyRequests, "right digits while locked")
		wantContains(t, r, "locked", "该工单查询错误次数过多")
		if r.Header.Get("Retry-After") == "" {
			t.Error("the locked lookup has no Retry-After")
		}
		wantLacks(t, r, "locked", "track-result")
	})
}

// TestPortalUnsatisfiedHeadsTheCallbacks: a resident's 不满意 puts the
// order at the head of the centre's callback list, flagged.
func TestPortalUnsatisfiedHeadsTheCallbacks(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		c := e.client(t)
		lat, lng, _ := portalGridPoint(t, e)
		first := portalNumber(t, portalPost(c, portalForm("web-cb1", lat, lng), nil))
		number := portalNumber(t, portalPost(c, portalForm("web-cb2", lat, lng), nil))
		portalResolve(t, e, first)
		portalResolve(t, e, number)
		r := c.get("/track?number=" + number + "&last4=5678")
		r = c.post("/track/rate", url.Values{"number": {number}, "last4": {"5678"}, "rating_token": {portalRatingToken(t, r)},
			"rating": {"unsatisfied"}, "note": {"灯还是不亮"}})
		wantStatus(t, r, http.StatusSeeOther, "rate unsatisfied")
		if _, _, status := portalOrderRow(t, db, number); status != string(order.StatusResolved) {
			t.Fatalf("unsatisfied order is %s", status)
		}
		d := e.client(t)
		d.signIn("dispatcher", e.creds["dispatcher"])
		r = d.get("/dispatch/callbacks")
		wantStatus(t, r, http.StatusOK, "callbacks")
		wantContains(t, r, "callbacks", `id="cb-unsatisfied-`+number+`"`, "不满意·待重办")
		wantLacks(t, r, "callbacks", `id="cb-unsatisfied-`+first+`"`)
		if i, j := strings.Index(r.Body, `id="cb-`+number+`"`), strings.Index(r.Body, `id="cb-`+first+`"`); i < 0 || j < 0 || i > j {
			t.Fatalf("the unsatisfied order is not first (%d, %d)", i, j)
		}
	})
}

// portalRatingToken is the one-time token in a tracking page's rating form.
func portalRatingToken(t *testing.T, r response) string {
	t.Helper()
	m := regexp.MustCompile(`name="rating_token" value="(cgr_[A-Za-z0-9_-]{43})"`).FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatal("no rating token in the form")
	}
	return m[1]
}

// TestPortalMeasures: the public figures of the district and a street,
// aggregates only.
func TestPortalMeasures(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		c := e.client(t)
		lat, lng, _ := portalGridPoint(t, e)
		portalNumber(t, portalPost(c, portalForm("web-m", lat, lng), nil))

		r := c.get("/public/measures")
		wantStatus(t, r, http.StatusOK, "district measures")
		wantContains(t, r, "district measures", `data-node="210504"`, `id="measures-last30"`, `id="measures-year"`,
			"响应率", "按期办结率", "满意率", "三率综合得分",
			`href="/public/measures?node=210504002"`, "指标口径与计算公式")
		portalFigure(t, r, "district", "received", "1")
		wantLacks(t, r, "district measures", "李四", "5678", "路灯不亮了")

		r = c.get("/public/measures?node=210504002")
		wantStatus(t, r, http.StatusOK, "street measures")
		portalFigure(t, r, "street", "received", "1")
		wantContains(t, r, "street measures", `data-node="210504002"`,
			`href="/public/measures?node=210504002001"`, `href="/public/measures?node=210504"`)
		r = c.get("/public/measures?node=210504004")
		portalFigure(t, r, "other street", "received", "0")

		for _, bad := range []string{"999999", "210505", "abc", "210504002001001"} {
			wantStatus(t, c.get("/public/measures?node="+bad), http.StatusNotFound, "node "+bad)
		}
	})
}

// portalFigure checks the first (last 30 days) value of a figure.
func portalFigure(t *testing.T, r response, what, id, want string) {
	t.Helper()
	m := regexp.MustCompile(`data-figure="` + id + `"[^>]*>\s*<strong>([^<]*)</strong>`).FindStringSubmatch(r.Body)
	if m == nil || m[1] != want {
		t.Errorf("%s: figure %s is %v, want %s", what, id, m, want)
	}
}

// TestPortalReportByStandardAddress: a resident types an address and no
// community; the order lands in the grid of the standard address it
// names, and an address that names none is refused with the closest.
func TestPortalReportByStandardAddress(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		grids, err := grid.List(ctx, db, "210504002001", 1, 0)
		if err != nil || len(grids) == 0 {
			t.Fatalf("no demo grid: %v", err)
		}
		g := grids[0].Code
		if _, err := e.app.Addresses.Create(ctx, grid.CommandLine(g), address.Input{Road: "胜利路", DoorNo: "12", GridCode: g}); err != nil {
			t.Fatal(err)
		}
		c := e.client(t)
		fields := portalForm("web-std-addr", "", "")
		fields["address"] = "胜利路十二号"
		r := portalPost(c, fields, nil)
		wantStatus(t, r, http.StatusCreated, "report by standard address")
		var gridCode string
		if err := db.QueryRowContext(ctx, `SELECT grid_code FROM orders WHERE number = ?`, portalNumber(t, r)).Scan(&gridCode); err != nil {
			t.Fatal(err)
		}
		if gridCode != g {
			t.Fatalf("order in grid %q, want %s", gridCode, g)
		}
		before := count(t, db, "orders")
		fields = portalForm("web-std-addr-2", "", "")
		fields["address"] = "胜利路99号"
		r = portalPost(c, fields, nil)
		wantStatus(t, r, http.StatusBadRequest, "unknown standard address")
		wantContains(t, r, "unknown standard address", "没有找到这个地址", "胜利路12号")
		if after := count(t, db, "orders"); after != before {
			t.Fatalf("a refused report filed %d orders", after-before)
		}
	})
}
