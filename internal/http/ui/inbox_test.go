package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"civicgrid/internal/grid"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// inboxSection is the HTML of one inbox section (by its id), so a test
// can tell which section shows an order.
func inboxSection(t testing.TB, body, id string) string {
	t.Helper()
	start := strings.Index(body, `<section class="card inbox-section" id="`+id+`"`)
	if start < 0 {
		t.Fatalf("inbox has no section %s\n%s", id, excerpt(body))
	}
	rest := body[start:]
	end := strings.Index(rest, "</section>")
	return rest[:end]
}

func inboxStep(t testing.TB) func(order.Order, error) order.Order {
	return func(o order.Order, err error) order.Order {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
}

func TestInboxOfADepartment(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		step := inboxStep(t)
		g, _ := consoleGrid(t, e)
		dispatcher := e.actor(t, "dispatcher")
		// Routed to 城管 by the catalogue.
		mine := fileOrder(t, e, g.Code, order.ChannelHotline, "streetlight.out", "路灯不亮")
		if mine.Status != order.StatusDispatched || mine.HandlerCode != "chengguan" {
			t.Fatalf("streetlight order is %s at %s:%s", mine.Status, mine.Level, mine.HandlerCode)
		}
		// 水务 leads, 城管 co-handles.
		co := fileOrder(t, e, g.Code, order.ChannelHotline, "other.request", "小区积水，井盖松动")
		co = step(e.app.Orders.Dispatch(ctx, dispatcher, co.Number, co.Version,
			order.Target{Level: "department", Code: "shuiwu", CoHandlers: []string{"chengguan"}}, "水务主办，城管协办"))
		// 水务 alone: not chengguan's business.
		other := fileOrder(t, e, g.Code, order.ChannelHotline, "other.request", "自来水水压太低")
		other = step(e.app.Orders.Dispatch(ctx, dispatcher, other.Number, other.Version,
			order.Target{Level: "department", Code: "shuiwu"}, "水务处理"))
		// Left with the street: not a department's.
		street := fileOrder(t, e, g.Code, order.ChannelHotline, "other.request", "楼道堆物")
		step(e.app.Orders.Dispatch(ctx, dispatcher, street.Number, street.Version, order.Target{Level: "street"}, "街道处理"))
		// The community summons 城管 on an order at the centre.
		whistled := fileOrder(t, e, g.Code, order.ChannelHotline, "other.request", "夜市占道经营")
		_, sm, err := e.app.Orders.Summon(ctx, e.actor(t, "community"), whistled.Number, whistled.Version,
			order.SummonsInput{Departments: []string{"chengguan"}, Note: "请城管到场处置占道"})
		if err != nil {
			t.Fatal(err)
		}

		c := e.client(t)
		c.signIn("department", e.creds["department"])
		r := c.get("/inbox")
		wantStatus(t, r, http.StatusOK, "department inbox")
		wantContains(t, r, "strip", `id="inbox-strip"`, `href="#inbox-sign"`, `href="#inbox-cohandle"`, `href="#inbox-summons"`)
		wantLacks(t, r, "department inbox", `id="inbox-awaiting"`, other.Number, street.Number)

		sign := inboxSection(t, r.Body, "inbox-sign")
		if !strings.Contains(sign, `data-number="`+mine.Number+`"`) || strings.Contains(sign, co.Number) {
			t.Fatalf("待签收 should hold %s only\n%s", mine.Number, sign)
		}
		form := regexp.MustCompile(`(?s)<form method="post" action="/orders/` + mine.Number + `/sign"[^>]*>(.*?)</form>`).FindStringSubmatch(sign)
		if form == nil {
			t.Fatalf("no sign form for %s\n%s", mine.Number, sign)
		}
		for _, field := range []string{`name="csrf_token" value="` + c.csrf + `"`, `name="version" value="` + strconv.Itoa(mine.Version) + `"`,
			`name="next" value="/inbox"`, `type="submit"`} {
			if !strings.Contains(form[1], field) {
				t.Fatalf("sign form lacks %s\n%s", field, form[1])
			}
		}
		if cohandle := inboxSection(t, r.Body, "inbox-cohandle"); !strings.Contains(cohandle, `data-number="`+co.Number+`"`) ||
			!strings.Contains(cohandle, "待协办签收") {
			t.Fatalf("协办 lacks %s\n%s", co.Number, cohandle)
		}
		summons := inboxSection(t, r.Body, "inbox-summons")
		if !strings.Contains(summons, "请城管到场处置占道") || !strings.Contains(summons, `action="/inbox/summons/`+strconv.FormatInt(sm.ID, 10)+`/report-in"`) {
			t.Fatalf("吹哨报到 lacks summons %d\n%s", sm.ID, summons)
		}

		// Reporting in needs a note; then the summons leaves the list.
		path := "/inbox/summons/" + strconv.FormatInt(sm.ID, 10) + "/report-in"
		bad := c.post(path, url.Values{"note": {"  "}})
		wantStatus(t, bad, http.StatusBadRequest, "report-in without a note")
		wantContains(t, bad, "report-in error", `id="report-note-`+strconv.FormatInt(sm.ID, 10)+`-error"`)
		ok := c.post(path, url.Values{"note": {"城管中队两人已到场"}})
		if ok.Status != http.StatusSeeOther || !strings.HasPrefix(ok.Header.Get("Location"), "/inbox?reported=1") {
			t.Fatalf("report-in: %d %q\n%s", ok.Status, ok.Header.Get("Location"), excerpt(ok.Body))
		}
		after := c.get("/inbox?reported=1")
		wantContains(t, after, "after report-in", `id="inbox-flash"`)
		if s := inboxSection(t, after.Body, "inbox-summons"); strings.Contains(s, "请城管到场处置占道") {
			t.Fatalf("the answered summons is still listed\n%s", s)
		}
		wantStatus(t, c.post(path, url.Values{"note": {"再报一次"}}), http.StatusConflict, "second report-in")
	})
}

func TestInboxOfAStreet(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		step := inboxStep(t)
		g, _ := consoleGrid(t, e)
		far, err := grid.List(ctx, db, otherStreet, 1, 0)
		if err != nil || len(far) == 0 {
			t.Fatalf("a grid of %s: %v", otherStreet, err)
		}
		dispatcher := e.actor(t, "dispatcher")
		community := e.actor(t, "community")

		toStreet := fileOrder(t, e, g.Code, order.ChannelHotline, "other.request", "楼道堆物")
		toStreet = step(e.app.Orders.Dispatch(ctx, dispatcher, toStreet.Number, toStreet.Version, order.Target{Level: "street"}, "街道处理"))
		otherStreetOrder := fileOrder(t, e, far[0].Code, order.ChannelHotline, "other.request", "高峪街道楼道堆物")
		step(e.app.Orders.Dispatch(ctx, dispatcher, otherStreetOrder.Number, otherStreetOrder.Version, order.Target{Level: "street"}, "街道处理"))
		// A community handles one and asks for more time.
		late := fileOrder(t, e, g.Code, order.ChannelHotline, "other.request", "小区绿地被占用")
		late = step(e.app.Orders.Dispatch(ctx, dispatcher, late.Number, late.Version, order.Target{Level: "grid"}, "网格处理"))
		late = step(e.app.Orders.Sign(ctx, community, late.Number, late.Version))
		step(e.app.Orders.RequestExtension(ctx, community, late.Number, late.Version, 2, "需协调物业和业委会"))

		c := e.client(t)
		c.signIn("street", e.creds["street"])
		r := c.get("/inbox")
		wantStatus(t, r, http.StatusOK, "street inbox")
		wantLacks(t, r, "street inbox", otherStreetOrder.Number, `id="inbox-cohandle"`)
		if s := inboxSection(t, r.Body, "inbox-sign"); !strings.Contains(s, `data-number="`+toStreet.Number+`"`) {
			t.Fatalf("待签收 lacks %s\n%s", toStreet.Number, s)
		}
		awaiting := inboxSection(t, r.Body, "inbox-awaiting")
		if !strings.Contains(awaiting, `data-number="`+late.Number+`"`) || !strings.Contains(awaiting, "需协调物业和业委会") ||
			!strings.Contains(awaiting, "延期") {
			t.Fatalf("待审批 lacks the extension request of %s\n%s", late.Number, awaiting)
		}
		// The community sees the order it handles in 办理中, not the street's.
		cc := e.client(t)
		cc.signIn("community", e.creds["community"])
		cr := cc.get("/inbox")
		wantStatus(t, cr, http.StatusOK, "community inbox")
		if s := inboxSection(t, cr.Body, "inbox-doing"); !strings.Contains(s, `data-number="`+late.Number+`"`) {
			t.Fatalf("办理中 lacks %s\n%s", late.Number, s)
		}
		if s := inboxSection(t, cr.Body, "inbox-sign"); strings.Contains(s, toStreet.Number) {
			t.Fatalf("the community may sign the street's order\n%s", s)
		}
		wantLacks(t, cr, "community inbox", `id="inbox-awaiting"`)

		o := e.client(t)
		o.signIn("operator", e.creds["operator"])
		wantStatus(t, o.get("/inbox"), http.StatusForbidden, "operator opens the inbox")
	})
}
