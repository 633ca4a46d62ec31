package ui_test

import (
	"civicgrid/internal/imagemeta/imagemetatest"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// orderPNG is a tiny real PNG: the engine checks its structure.
var orderPNG = imagemetatest.PNG(imagemetatest.Halves(6, 3))

// orderNow reads the order as the dispatcher sees it.
func orderNow(t testing.TB, e *env, number string) order.Order {
	t.Helper()
	o, err := e.app.Orders.Get(context.Background(), e.actor(t, "dispatcher"), number)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func orderSignedIn(t testing.TB, e *env, username string) *client {
	c := e.client(t)
	c.signIn(username, e.creds[username])
	return c
}

func orderVersion(o order.Order) string { return strconv.Itoa(o.Version) }

// The street office sees the orders of its street and not those of
// another; the other street's order page is a 404; the channel filter
// finds the Open311 (api) requests.
func TestOrderListScope(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		mine := fileOrder(t, e, demoGrid(t, e, streetAdminNode, 0), order.ChannelHotline, "other.request", "北地街道路面塌陷测试单甲")
		theirs := fileOrder(t, e, demoGrid(t, e, otherStreet, 0), order.ChannelHotline, "other.request", "高峪街道路面塌陷测试单乙")
		api := fileOrder(t, e, demoGrid(t, e, streetAdminNode, 0), order.ChannelAPI, "other.request", "开放接口提交的路面塌陷测试单丙")

		st := orderSignedIn(t, e, "street")
		r := st.get("/orders?q=" + url.QueryEscape("路面塌陷测试单"))
		wantStatus(t, r, http.StatusOK, "street search")
		wantContains(t, r, "street search", mine.Number, api.Number, `id="order-search"`)
		wantLacks(t, r, "street search", theirs.Number, `id="phone"`)
		wantStatus(t, st.get("/orders/"+theirs.Number), http.StatusNotFound, "other street's order")
		r = st.get("/orders/" + mine.Number)
		wantStatus(t, r, http.StatusOK, "own order")
		wantContains(t, r, "own order", "北地街道路面塌陷测试单甲", `id="order-timeline"`, "王*")
		wantLacks(t, r, "own order", "13900001234")
		for _, path := range []string{"/orders/" + mine.Number + "?lang=en", "/orders?lang=en&status=pending"} {
			r = st.get(path)
			wantStatus(t, r, http.StatusOK, path)
			wantLacks(t, r, path, "[order.", "[action.", "[status.", "[channel.", "[level.")
		}
		wantContains(t, r, "English search", "Order search", mine.Number)

		d := orderSignedIn(t, e, "dispatcher")
		r = d.get("/orders?channel=api&q=" + url.QueryEscape("路面塌陷测试单"))
		wantContains(t, r, "api channel", api.Number, `id="phone"`)
		wantLacks(t, r, "api channel", mine.Number, theirs.Number)
		r = d.get("/orders?channel=fax")
		wantStatus(t, r, http.StatusBadRequest, "unknown channel")
		wantContains(t, r, "unknown channel", `id="order-search-error"`)
	})
}

// Every main step through its form: the dispatcher dispatches to the
// department, which signs, replies and resolves with a photo; the
// dispatcher calls back and the order closes.
func TestOrderActionsThroughForms(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		o := fileOrder(t, e, demoGrid(t, e, streetAdminNode, 0), order.ChannelHotline, "other.request", "小区门口占道经营测试单")
		path := "/orders/" + o.Number

		d := orderSignedIn(t, e, "dispatcher")
		r := d.get(path)
		wantContains(t, r, "dispatcher's page", `id="order-action-dispatch"`, `id="order-dispatch-submit"`, `id="order-action-cancel"`)
		if o.DemandType == "" {
			t.Fatal("an order filed without a 诉求类型 got none suggested")
		}
		wantContains(t, r, "dispatcher's page", `<dt>诉求类型</dt><dd id="order-demand-type">`)
		r = d.post(path+"/dispatch", url.Values{"version": {orderVersion(o)}, "level": {"department"}, "code": {"chengguan"},
			"note": {"请城管处理"}})
		wantStatus(t, r, http.StatusSeeOther, "dispatch")
		if loc := r.Header.Get("Location"); loc != path {
			t.Fatalf("after dispatch: Location %q, want %q", loc, path)
		}
		if o = orderNow(t, e, o.Number); o.Status != order.StatusDispatched || o.HandlerCode != "chengguan" {
			t.Fatalf("after dispatch: %s at %s %s", o.Status, o.Level, o.HandlerCode)
		}

		dep := orderSignedIn(t, e, "department")
		r = dep.get(path)
		wantContains(t, r, "department's page", `id="order-action-sign"`, `id="order-sign-submit"`, `id="order-action-return"`)
		wantLacks(t, r, "department's page", `id="order-action-dispatch"`)
		wantStatus(t, dep.post(path+"/sign", url.Values{"version": {orderVersion(o)}, "next": {"/inbox"}}), http.StatusSeeOther, "sign")
		if o = orderNow(t, e, o.Number); o.Status != order.StatusProcessing {
			t.Fatalf("after sign: %s", o.Status)
		}
		wantStatus(t, dep.post(path+"/reply", url.Values{"version": {orderVersion(o)}, "note": {"已联系居民，正在处理"}}), http.StatusSeeOther, "reply")
		if o = orderNow(t, e, o.Number); o.RepliedAt.IsZero() {
			t.Fatal("reply did not record the provisional reply")
		}
		r = dep.upload(path+"/resolve", map[string]string{"version": orderVersion(o), "note": "已清理占道摊点"}, "photo", "after.png", orderPNG)
		wantStatus(t, r, http.StatusSeeOther, "resolve")
		if o = orderNow(t, e, o.Number); o.Status != order.StatusResolved {
			t.Fatalf("after resolve: %s", o.Status)
		}
		r = d.get(path)
		wantContains(t, r, "resolved page", "/api/v1/orders/"+o.Number+"/photos/", `id="order-action-callback"`, "已清理占道摊点")
		r = d.post(path+"/callback", url.Values{"version": {orderVersion(o)}, "rating": {string(order.RatingSatisfied)}, "note": {"居民满意"}})
		wantStatus(t, r, http.StatusSeeOther, "callback")
		if o = orderNow(t, e, o.Number); o.Status != order.StatusClosed || o.Rating != order.RatingSatisfied {
			t.Fatalf("after callback: %s rated %q", o.Status, o.Rating)
		}
	})
}

// A form drawn from an old version says so, keeps what was typed and
// changes nothing; bad input marks the field; a step the status no longer
// allows says why.
func TestOrderActionErrors(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		o := fileOrder(t, e, demoGrid(t, e, streetAdminNode, 0), order.ChannelHotline, "other.request", "井盖缺失测试单")
		path := "/orders/" + o.Number
		d := orderSignedIn(t, e, "dispatcher")
		wantStatus(t, d.post(path+"/reply", url.Values{"version": {orderVersion(o)}, "note": {"第一次答复"}}), http.StatusSeeOther, "reply")
		events := count(t, e.db, "order_events")

		r := d.post(path+"/reply", url.Values{"version": {orderVersion(o)}, "note": {"过时的答复内容"}})
		wantStatus(t, r, http.StatusConflict, "stale reply")
		wantContains(t, r, "stale reply", "此工单已被他人更新，请刷新后重试", `id="order-reload"`, "过时的答复内容")
		if n := count(t, e.db, "order_events"); n != events {
			t.Fatalf("a stale form wrote %d events", n-events)
		}

		o = orderNow(t, e, o.Number)
		r = d.post(path+"/cancel", url.Values{"version": {orderVersion(o)}, "reason": {"  "}})
		wantStatus(t, r, http.StatusBadRequest, "cancel without reason")
		wantContains(t, r, "cancel without reason", `class="field-error"`, "请填写理由", `id="order-action-cancel"`)
		r = d.post(path+"/cancel", url.Values{"version": {orderVersion(o)}, "reason": {""}, "next": {"/dispatch"}})
		wantContains(t, r, "failed form from a list", `name="next" value="/dispatch"`)

		r = d.post(path+"/callback", url.Values{"version": {orderVersion(o)}, "rating": {"satisfied"}})
		wantStatus(t, r, http.StatusConflict, "callback before resolution")
		wantContains(t, r, "callback before resolution", "工单当前状态不允许此操作")
		if got := orderNow(t, e, o.Number); got.Version != o.Version || got.Status != order.StatusPending {
			t.Fatalf("refused steps changed the order: v%d %s", got.Version, got.Status)
		}
		r = d.upload(path+"/resolve", map[string]string{"version": orderVersion(o), "note": "附件不是照片"}, "photo", "notes.txt", []byte("plain text"))
		wantStatus(t, r, http.StatusUnsupportedMediaType, "resolve with a text file")
		wantContains(t, r, "resolve with a text file", `id="order-resolve-photo-error"`, "附件不是照片")
		wantStatus(t, d.post("/orders/000000000000/reply", url.Values{"version": {"1"}, "note": {"x"}}), http.StatusNotFound, "no such order")
		st := orderSignedIn(t, e, "street")
		other := fileOrder(t, e, demoGrid(t, e, otherStreet, 0), order.ChannelHotline, "other.request", "他街测试单")
		wantStatus(t, st.post("/orders/"+other.Number+"/reply", url.Values{"version": {"1"}, "note": {"越权"}}), http.StatusNotFound, "outside scope")

		// next must stay on this site.
		r = d.post(path+"/reply", url.Values{"version": {orderVersion(o)}, "note": {"再次答复"}, "next": {"//evil.example/x"}})
		if loc := r.Header.Get("Location"); r.Status != http.StatusSeeOther || strings.HasPrefix(loc, "//") {
			t.Fatalf("foreign next: %d to %q", r.Status, loc)
		}
	})
}

// A browser form post with a wrong CSRF token gets the HTML page; an API
// client still gets JSON.
func TestOrderCSRFPage(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		o := fileOrder(t, e, demoGrid(t, e, streetAdminNode, 0), order.ChannelHotline, "other.request", "路灯不亮测试单")
		d := orderSignedIn(t, e, "dispatcher")
		send := func(path, accept string) response {
			form := url.Values{"version": {orderVersion(o)}, "note": {"答复"}, "csrf_token": {"wrong"}}
			req, err := http.NewRequest(http.MethodPost, e.srv.URL+path, strings.NewReader(form.Encode()))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Accept", accept)
			return d.do(req)
		}
		r := send("/orders/"+o.Number+"/reply", "text/html,application/xhtml+xml,*/*;q=0.8")
		wantStatus(t, r, http.StatusForbidden, "bad token from a browser")
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("bad token page is %q", r.Header.Get("Content-Type"))
		}
		wantContains(t, r, "bad token page", "页面已过期，请返回刷新后重试", "The page has expired")
		r = send("/api/v1/orders/"+o.Number+"/reply", "text/html")
		wantStatus(t, r, http.StatusForbidden, "bad token to the API")
		if !strings.Contains(r.Header.Get("Content-Type"), "json") {
			t.Fatalf("API bad token answered %q", r.Header.Get("Content-Type"))
		}
		if got := orderNow(t, e, o.Number); got.Version != o.Version {
			t.Fatal("a post with a bad token changed the order")
		}
	})
}
