package ui_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserMediation: a community worker on a phone opens a 邻里纠纷 case
// with two parties (shown masked), is refused closing it without an
// outcome (nothing changes), records a sitting, escalates it to the
// street; the street settles it with the agreement, and the desk shows the
// year's 调解成功率. Screenshots at each step.
func TestBrowserMediation(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	before := count(t, db, "mediation_cases")

	b := newBrowser(t, exe, e.srv.URL, shots)
	b.viewport(375, 812)
	signInAs(t, b, "community", e.creds["community"])
	if st := b.open("/mediation"); st != 200 {
		t.Fatalf("/mediation answered %d", st)
	}
	b.screenshot("mediation-list-phone")
	b.do("open form", chromedp.Click(chromedp.CSS("#med-open summary")))
	b.do("type", chromedp.SetValue(chromedp.CSS("#m-type"), "neighbour"))
	b.do("type into #m-summary", chromedp.SendKeys(chromedp.CSS("#m-summary"), "楼上住户夜间拖动家具，楼下住户多次交涉未果，双方发生口角。"))
	b.typeInto("#m-mediator", "李桂兰")
	b.typeInto("#m-an", "张秀英")
	b.typeInto("#m-ap", "13812345678")
	b.typeInto("#m-rn", "王建国")
	if st := b.submit("#med-open-form button[type=submit]"); st != 200 {
		t.Fatalf("open answered %d", st)
	}
	if got := b.text("#med-parties"); !strings.Contains(got, "张*") || strings.Contains(got, "张秀英") || strings.Contains(got, "13812345678") {
		t.Fatalf("parties show %q", got)
	}
	if n := count(t, db, "mediation_cases"); n != before+1 {
		t.Fatalf("%d cases after opening one (had %d)", n, before)
	}
	caseURL := b.location()
	if i := strings.Index(caseURL, "?"); i > 0 {
		caseURL = caseURL[:i]
	}

	// Closing without an outcome: refused, said in Chinese, nothing changed.
	if st := b.submit("#med-close-form button[type=submit]"); st != 400 {
		t.Fatalf("close without outcome answered %d", st)
	}
	if got := b.text("#med-error"); !strings.Contains(got, "结案须选择调解结果") {
		t.Fatalf("error says %q", got)
	}
	if got := b.text("#med-status"); got != "调解中" {
		t.Fatalf("status after a refused close %q", got)
	}
	b.screenshot("mediation-close-refused-phone")

	evalIn[bool](b, `document.querySelector('#med-session-form').closest('details').open = true`)
	b.typeInto("#s-place", "社区调解室")
	b.do("type into #s-note", chromedp.SendKeys(chromedp.CSS("#s-note"), "双方到场陈述，楼上同意晚十点后不再挪动家具，楼下要求书面保证。"))
	if st := b.submit("#med-session-form button[type=submit]"); st != 200 {
		t.Fatalf("session answered %d", st)
	}
	evalIn[bool](b, `document.querySelector('#med-escalate').open = true`)
	b.do("type into #e-reason", chromedp.SendKeys(chromedp.CSS("#e-reason"), "楼下坚持索赔，社区调解未果"))
	if st := b.submit("#med-escalate-form button[type=submit]"); st != 200 {
		t.Fatalf("escalate answered %d", st)
	}
	if got := b.text("#med-level"); got != "街道综治中心" {
		t.Fatalf("level after escalation %q", got)
	}
	if evalIn[bool](b, `!!document.querySelector('#med-close-form')`) {
		t.Fatal("the community may still close a street case")
	}

	switchUser(t, b, "street", e.creds["street"])
	if st := b.open(caseURL); st != 200 {
		t.Fatalf("street at %s: %d", caseURL, st)
	}
	b.do("outcome", chromedp.SetValue(chromedp.CSS("#c-outcome"), "success"))
	b.do("type into #c-agreement", chromedp.SendKeys(chromedp.CSS("#c-agreement"), "楼上住户铺设地垫并书面保证夜间不再挪动家具，楼下住户放弃索赔。"))
	if st := b.submit("#med-close-form button[type=submit]"); st != 200 {
		t.Fatalf("close answered %d", st)
	}
	if got := b.text("#med-status"); got != "调解成功" {
		t.Fatalf("status after closing %q", got)
	}
	b.screenshot("mediation-closed-phone")
	b.do("reveal purpose", chromedp.SetValue(chromedp.CSS("#m-purpose"), "电话回访当事人"))
	if st := b.submit("#med-reveal button[type=submit]"); st != 200 {
		t.Fatalf("reveal answered %d", st)
	}
	if got := b.text("#med-parties"); !strings.Contains(got, "张秀英") {
		t.Fatalf("revealed parties %q", got)
	}
	b.viewport(1280, 900)
	if st := b.open("/home"); st != 200 {
		t.Fatalf("/home answered %d", st)
	}
	if got := b.text("#dash-med-rate"); !strings.Contains(got, "%") || !strings.Contains(got, "调解成功率") {
		t.Fatalf("desk shows %q", got)
	}
	b.screenshot("mediation-desk")
	b.checkConsole("mediation", "status of 400")
}
