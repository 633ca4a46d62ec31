package ui_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserProjectForms: on a phone, staff add a 标段 to the project on
// the 小区's page and report its progress with a site photo; progress over
// 100 % is refused with the reason. Screenshot project-forms.png.
func TestBrowserProjectForms(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	w := seedProjectWorld(t, db, e.dataDir)
	photo := filepath.Join(t.TempDir(), "site.jpg")
	if err := os.WriteFile(photo, sitePhoto(t), 0o644); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, exe, e.srv.URL, shots)
	b.viewport(phoneW, phoneH)
	signInAs(t, b, "admin", e.creds["admin"])
	page := fmt.Sprintf("/public/projects/estates/%d", w.estate)
	b.open(page)
	card := fmt.Sprintf("#project-%d", w.project)
	b.do("open the section form", chromedp.Click(chromedp.CSS(card+" .section-form summary")))
	form := card + " .section-form form"
	b.typeInto(form+" input[name=name]", "配套设施二标段")
	b.typeInto(form+" input[name=contractor]", "本溪市政建设工程有限公司")
	b.typeInto(form+" input[name=supervisor]", "本溪建设工程监理有限公司")
	b.typeInto(form+" input[name=contract]", "1420")
	for sel, v := range map[string]string{"planned_start": "2022-05-20", "planned_end": "2022-10-31", "m_start": "2022-05-20", "m_finish": "2022-10-31"} {
		b.do("date "+sel, chromedp.SetValue(chromedp.CSS(form+" input[name="+sel+"]"), v))
	}
	b.screenshot("project-forms")
	if st := b.submit(form + " button[type=submit]"); st != 200 {
		t.Fatalf("new section: %d", st)
	}
	sec := card + ` .section-box:last-of-type`
	if got := b.text(card); !strings.Contains(got, "配套设施二标段") || !strings.Contains(got, "1420.00") {
		t.Fatalf("the new section is not on the page:\n%s", got)
	}
	report := func(pct string) int64 {
		b.do("open the progress form", chromedp.Click(chromedp.CSS(sec+" .progress-form summary")))
		b.do("progress", chromedp.SetValue(chromedp.CSS(sec+" .progress-form input[name=progress]"), pct))
		b.do("photo", chromedp.SetUploadFiles(chromedp.CSS(sec+" .progress-form input[name=photo]"), []string{photo}))
		return b.submit(sec + " .progress-form button[type=submit]")
	}
	// The field's max stops a browser; the server must refuse too.
	evalIn[bool](b, `(() => { document.querySelectorAll('input[name=progress]').forEach(i => i.removeAttribute('max')); return true })()`)
	if st := report("101"); st != 400 || !strings.Contains(b.text("#project-alert"), "0 至 100") {
		t.Fatalf("progress 101: %d", st)
	}
	if st := report("80"); st != 200 {
		t.Fatalf("progress 80: %d", st)
	}
	if n := evalIn[int](b, `document.querySelectorAll('.project-photos img').length`); n != 2 {
		t.Fatalf("%d site photos, want the seeded one and the new one", n)
	}
	noSidewaysScroll(t, b, "project forms")
}
