package ui_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserServicePoints: the community registers its 警务室 (a phone
// that is no phone is refused), puts the community policeman on duty and
// lists a service; a resident on a phone finds whom to call.
func TestBrowserServicePoints(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	b := newBrowser(t, exe, e.srv.URL, shots)
	signInAs(t, b, "community", e.creds["community"])
	if st := b.open("/service-points"); st != 200 {
		t.Fatalf("/service-points answered %d", st)
	}
	b.do("open form", chromedp.Click(chromedp.CSS("#sp-new summary")))
	b.do("kind", chromedp.SetValue(chromedp.CSS("#sn-kind"), "police"))
	b.typeInto("#sn-name", "永光社区警务室")
	b.typeInto("#sn-addr", "永光社区居委会一楼")
	b.typeInto("#sn-phone", "报警电话")
	b.typeInto("#sn-hours", "周一至周日 8:00-20:00")
	if st := b.submit("#sp-new-form button[type=submit]"); st != 400 {
		t.Fatalf("a bad phone answered %d", st)
	}
	if got := b.text("#sp-error"); !strings.Contains(got, "联系电话格式不对") {
		t.Fatalf("error says %q", got)
	}
	b.typeInto("#sn-phone", "024-42812110")
	if st := b.submit("#sp-new-form button[type=submit]"); st != 200 {
		t.Fatalf("create answered %d", st)
	}
	var id string
	if err := db.QueryRowContext(t.Context(), `SELECT CAST(id AS TEXT) FROM service_points`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	form := "form[action='/service-points/" + id + "/staff']"
	evalIn[bool](b, `document.querySelector("`+form+`").closest('details').open = true`)
	b.typeInto("#st-n-"+id, "王立新")
	b.typeInto("#st-p-"+id, "社区民警")
	b.typeInto("#st-t-"+id, "13904140110")
	b.typeInto("#st-d-"+id, "周一至周五")
	if st := b.submit(form + " button"); st != 200 {
		t.Fatalf("staff answered %d", st)
	}
	item := "form[action='/service-points/" + id + "/item']"
	evalIn[bool](b, `document.querySelector("`+item+`").closest('details').open = true`)
	b.typeInto("#it-n-"+id, "居住证申领")
	b.typeInto("#it-o-"+id, "带身份证和租房合同")
	if st := b.submit(item + " button"); st != 200 {
		t.Fatalf("item answered %d", st)
	}
	b.submit(`form[action="/signout"] button`)
	b.viewport(375, 812)
	if st := b.open("/public/service-points?community=210504002001"); st != 200 {
		t.Fatalf("public page answered %d", st)
	}
	if got := b.text("#point-" + id); !strings.Contains(got, "社区民警 王立新") || !strings.Contains(got, "13904140110") {
		t.Fatalf("public card %q", got)
	}
	evalIn[bool](b, `document.querySelector('#point-`+id+` details').open = true`)
	b.screenshot("servicepoints-public-phone")
	b.checkConsole("service points", "status of 400")
}
