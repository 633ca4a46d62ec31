package ui_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestBrowserVolunteers: the community registers a volunteer (a bad phone
// refused, nothing written), hands over the card link and publishes an
// activity under way with one place; on a phone the volunteer signs up
// (a second sign-up is refused), checks in by GPS — refused 1 km away,
// accepted on the spot — and checks out with the hours credited; then
// checks in to the demo's current activity by scanning the organiser's
// QR code. The public list shows places left and no person.
func TestBrowserVolunteers(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	ctx := t.Context()
	var comm string
	if err := db.QueryRowContext(ctx, `SELECT node_code FROM users WHERE username = 'community'`).Scan(&comm); err != nil {
		t.Fatal(err)
	}
	var lng, lat float64
	if err := db.QueryRowContext(ctx, `SELECT (min_lng + max_lng) / 2, (min_lat + max_lat) / 2 FROM grids WHERE community_code = ? ORDER BY seq LIMIT 1`,
		comm).Scan(&lng, &lat); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, exe, e.srv.URL, shots)
	b.viewport(phoneW, phoneH)
	signInAs(t, b, "community", e.creds["community"])
	if st := b.open("/volunteers"); st != 200 {
		t.Fatalf("/volunteers answered %d", st)
	}
	before := count(t, db, "volunteers")
	b.do("open the form", chromedp.Click(chromedp.CSS("#vol-register summary")))
	b.typeInto("#vr-name", "韩晓东")
	b.typeInto("#vr-phone", "1390000")
	b.do("skill", chromedp.Click(chromedp.CSS(`#vol-register-form input[value="medical"]`)))
	if st := b.submit("#vol-register-form button[type=submit]"); st != 400 {
		t.Fatalf("a bad phone answered %d", st)
	}
	if got := b.text("#vol-error"); !strings.Contains(got, "手机号格式不对") {
		t.Fatalf("error says %q", got)
	}
	if n := count(t, db, "volunteers"); n != before {
		t.Fatalf("a refused registration was written (%d → %d)", before, n)
	}
	b.typeInto("#vr-phone", "13912345678")
	if st := b.submit("#vol-register-form button[type=submit]"); st != 200 {
		t.Fatalf("register answered %d", st)
	}
	var vid string
	if err := db.QueryRowContext(ctx, `SELECT CAST(MAX(id) AS TEXT) FROM volunteers`).Scan(&vid); err != nil {
		t.Fatal(err)
	}
	b.open("/volunteers?phone=13912345678")
	if got := b.text("#vol-" + vid); !strings.Contains(got, "韩**") || !strings.Contains(got, "医疗救护") || strings.Contains(got, "13912345678") {
		t.Fatalf("the new volunteer's row: %q", got)
	}
	evalIn[bool](b, `document.querySelector('#vol-`+vid+` details').open = true`)
	b.typeInto(`form[action="/volunteers/`+vid+`/reveal"] input[name=purpose]`, "发放志愿者证")
	if st := b.submit(`form[action="/volunteers/` + vid + `/reveal"] button`); st != 200 {
		t.Fatalf("reveal answered %d", st)
	}
	if !evalIn[bool](b, `!!document.querySelector('#vol-card svg.vol-qr path')`) {
		t.Fatal("the card has no QR code")
	}
	card := b.text("#vol-card-link")
	if !strings.Contains(b.text("#vol-card"), "13912345678") || !strings.Contains(card, "/public/volunteer/me/"+vid+"-") {
		t.Fatalf("the card shows %q", b.text("#vol-card"))
	}
	b.screenshot("volunteer-card-phone")

	// Two activities under way: one with a single place, one for the QR code.
	local := func(t time.Time) string { return t.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02T15:04") }
	now := time.Now()
	publish := func(title, capacity string) string {
		t.Helper()
		b.open("/volunteers?tab=activities")
		b.do("open the form", chromedp.Click(chromedp.CSS("#vol-publish summary")))
		b.typeInto("#va-title", title)
		b.typeInto("#va-place", "社区党群服务中心")
		b.typeInto("#va-lng", strconv.FormatFloat(lng, 'f', 6, 64))
		b.typeInto("#va-lat", strconv.FormatFloat(lat, 'f', 6, 64))
		b.typeInto("#va-radius", "300")
		b.typeInto("#va-cap", capacity)
		b.do("times", chromedp.SetValue(chromedp.CSS("#va-start"), local(now.Add(-time.Hour))), chromedp.SetValue(chromedp.CSS("#va-end"), local(now.Add(time.Hour))))
		if st := b.submit("#vol-publish-form button[type=submit]"); st != 200 {
			t.Fatalf("publish answered %d: %s", st, b.text("main"))
		}
		var id string
		if err := db.QueryRowContext(ctx, `SELECT CAST(id AS TEXT) FROM volunteer_activities WHERE title = ?`, title).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	aid := publish("社区义务理发", "1")
	did := publish("敬老院陪伴", "5")
	b.screenshot("volunteer-activities-staff")
	b.submit(`form[action="/signout"] button`)

	// The volunteer's phone: their page, sign up, GPS check-in.
	path := strings.TrimPrefix(card, e.srv.URL)
	if st := b.open(path); st != 200 {
		t.Fatalf("own page answered %d", st)
	}
	if got := b.text("#me-who"); !strings.Contains(got, "韩**") {
		t.Fatalf("own page says %q", got)
	}
	if st := b.submit("#signup-" + aid + " button"); st != 200 {
		t.Fatalf("sign-up answered %d", st)
	}
	if got := b.text("#vol-done"); !strings.Contains(got, "报名成功") {
		t.Fatalf("sign-up says %q", got)
	}
	other := e.client(t)
	other.get(path)
	if r := other.post(path+"/signup/"+aid, url.Values{}); r.Status != 409 || !strings.Contains(r.Body, "已报名") {
		t.Fatalf("second sign-up answered %d", r.Status)
	}
	pub := e.client(t)
	if r := pub.get("/public/volunteer?community=" + comm); r.Status != 200 || !strings.Contains(r.Body, "社区义务理发") ||
		strings.Contains(r.Body, "韩晓东") || strings.Contains(r.Body, "韩**") || !strings.Contains(r.Body, "名额已满") {
		t.Fatalf("public list answered %d", r.Status)
	}
	setGeo := func(lat, lng float64) {
		t.Helper()
		if _, err := chromedp.CallBrowser(b.ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
			Permission: &cdpbrowser.PermissionDescriptor{Name: "geolocation"}, Setting: cdpbrowser.PermissionSettingGranted, Origin: e.srv.URL,
			// The test's own browser context (newBrowser), not the shared process's default.
			BrowserContextID: chromedp.FromContext(b.ctx).BrowserContextID}); err != nil {
			t.Fatal(err)
		}
		acc := 10.0
		if _, err := chromedp.Call(b.ctx, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{
			Latitude: &lat, Longitude: &lng, Accuracy: &acc}); err != nil {
			t.Fatal(err)
		}
	}
	setGeo(lat, lng+0.012) // about 1 km east
	if st := b.submit("#gps-" + aid + " button"); st != 400 {
		t.Fatalf("a check-in 1 km away answered %d", st)
	}
	if got := b.text("#vol-error"); !strings.Contains(got, "超出300米签到范围") {
		t.Fatalf("far check-in says %q", got)
	}
	setGeo(lat+0.0005, lng)
	if st := b.submit("#gps-" + aid + " button"); st != 200 {
		t.Fatalf("check-in answered %d: %s", st, b.text("main"))
	}
	if got := b.text("#vol-done"); !strings.Contains(got, "签到成功") {
		t.Fatalf("check-in says %q", got)
	}
	noSidewaysScroll(t, b, "volunteer page")
	b.screenshot("volunteer-me-checked-in-phone")
	// An hour at the activity passes (the check-in moves an hour back; the
	// activity began an hour ago, so all of it counts).
	if _, err := db.ExecContext(ctx, `UPDATE volunteer_signups SET checkin_at = checkin_at - 3600000 WHERE activity_id = ?`, aid); err != nil {
		t.Fatal(err)
	}
	if st := b.submit("#out-" + aid + " button"); st != 200 {
		t.Fatalf("check-out answered %d", st)
	}
	if got := b.text("#me-totals"); !strings.Contains(got, "1.0") && !strings.Contains(got, "0.9") {
		t.Fatalf("totals after an hour: %q", got)
	}
	if got := b.text("#me-ledger"); !strings.Contains(got, "社区义务理发") {
		t.Fatalf("ledger %q", got)
	}

	// The second activity: sign up, then scan the organiser's code.
	b.open(path)
	if st := b.submit("#signup-" + did + " button"); st != 200 {
		t.Fatalf("sign-up to the demo activity answered %d", st)
	}
	staff := newBrowser(t, exe, e.srv.URL, shots)
	staff.viewport(phoneW, phoneH)
	signInAs(t, staff, "community", e.creds["community"])
	if st := staff.open("/volunteers/activities/" + did + "/qr"); st != 200 {
		t.Fatalf("QR screen answered %d", st)
	}
	staff.screenshot("volunteer-qr-screen")
	link := strings.TrimSpace(staff.text(".vol-link small"))
	if !strings.Contains(link, "/public/volunteer/checkin?code="+did+".") {
		t.Fatalf("the QR screen links %q", link)
	}
	if st := b.open(strings.TrimPrefix(link, e.srv.URL)); st != 200 {
		t.Fatalf("scanned link answered %d", st)
	}
	if got := b.text("#ci-form"); !strings.Contains(got, "韩**") {
		t.Fatalf("check-in page does not know the phone: %q", got)
	}
	if st := b.submit("#ci-form button[type=submit]"); st != 200 {
		t.Fatalf("QR check-in answered %d", st)
	}
	if got := b.text("#vol-done"); !strings.Contains(got, "签到成功") {
		t.Fatalf("QR check-in says %q", got)
	}
	b.screenshot("volunteer-qr-checked-in-phone")
	forged := e.client(t)
	forged.get("/public/volunteer/checkin")
	if r := forged.post("/public/volunteer/checkin", url.Values{"code": {did + ".1.abc"}, "phone": {"13912345678"}}); r.Status != 400 ||
		!strings.Contains(r.Body, "不是签到二维码") {
		t.Fatalf("a forged code answered %d", r.Status)
	}
	// The organiser's list: who came and how.
	if st := staff.open("/volunteers/activities/" + aid); st != 200 {
		t.Fatalf("activity page answered %d", st)
	}
	if got := staff.text("#act-signups"); !strings.Contains(got, "韩**") || !strings.Contains(got, "定位") {
		t.Fatalf("sign-ups %q", got)
	}
	staff.screenshot("volunteer-activity-staff")
	b.open("/public/volunteer?community=" + comm)
	b.screenshot("volunteer-public-phone")
	b.checkConsole("volunteers", "status of 400")
	staff.checkConsole("volunteers staff")
}
