package ui_test

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"civicgrid/internal/imagemeta/imagemetatest"

	"github.com/chromedp/chromedp"
)

// TestBrowserWishes: a resident on a phone sees the wall (no names),
// claims an open wish; claiming it again is refused with 已被认领; the
// community records its fulfilment with a phone photo; the wall shows it.
func TestBrowserWishes(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	community := "210504002001"
	b := newBrowser(t, exe, e.srv.URL, shots)
	b.viewport(375, 812)
	if st := b.open("/public/wishes?community=" + community); st != 200 {
		t.Fatalf("wall answered %d", st)
	}
	// A resident posts a wish; a bad phone first, refused, nothing written.
	b.do("open post form", chromedp.Click(chromedp.CSS("#wish-post summary")))
	b.typeInto("#wp-title", "一台收音机")
	b.do("story", chromedp.SendKeys(chromedp.CSS("#wp-story"), "眼睛不好看不了电视，想听广播。"))
	b.typeInto("#wp-benef", "独居老人")
	b.typeInto("#wp-name", "刘桂芝")
	b.typeInto("#wp-phone", "138abc")
	if st := b.submit("#wish-post-form button[type=submit]"); st != 400 {
		t.Fatalf("a bad phone answered %d", st)
	}
	if got := b.text("#wish-error"); !strings.Contains(got, "联系电话格式不对") {
		t.Fatalf("error says %q", got)
	}
	if n := count(t, db, "wishes"); n != 0 {
		t.Fatalf("a refused wish was written (%d)", n)
	}
	b.typeInto("#wp-phone", "13900001111")
	if st := b.submit("#wish-post-form button[type=submit]"); st != 200 {
		t.Fatalf("post answered %d", st)
	}
	if got := b.text("#wish-done"); !strings.Contains(got, "审核") {
		t.Fatalf("post says %q", got)
	}
	var id string
	if err := db.QueryRowContext(t.Context(), `SELECT CAST(id AS TEXT) FROM wishes WHERE status = 'pending'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	// The community approves it.
	signInAs(t, b, "community", e.creds["community"])
	if st := b.open("/wishes?status=pending"); st != 200 {
		t.Fatalf("/wishes answered %d", st)
	}
	if got := b.text("#wish-" + id); !strings.Contains(got, "刘**") || strings.Contains(got, "13900001111") {
		t.Fatalf("staff see %q", got)
	}
	if st := b.submit("form[action='/wishes/" + id + "/approve'] button"); st != 200 {
		t.Fatalf("approve answered %d", st)
	}
	b.submit(`form[action="/signout"] button`)
	if st := b.open("/public/wishes?community=" + community); st != 200 {
		t.Fatalf("wall answered %d", st)
	}
	wall := b.text("#wish-cards")
	if !strings.Contains(wall, "一台收音机") || strings.Contains(wall, "刘") || strings.Contains(wall, "139") {
		t.Fatalf("the wall shows %q", wall)
	}
	b.screenshot("wishes-wall-phone")
	claim := func() int64 {
		evalIn[bool](b, `document.querySelector('#wish-`+id+` details').open = true`)
		b.do("kind", chromedp.SetValue(chromedp.CSS("#k-"+id), "volunteer"))
		b.typeInto("#n-"+id, "周玉梅")
		b.typeInto("#p-"+id, "13500004444")
		return b.submit("#claim-" + id + " button[type=submit]")
	}
	// Two tabs had the wall open: the second claim arrives after the first.
	if st := claim(); st != 200 {
		t.Fatalf("claim answered %d", st)
	}
	if got := b.text("#wish-done"); !strings.Contains(got, "认领成功") {
		t.Fatalf("claim says %q", got)
	}
	b.open("/public/wishes?community=" + community)
	if evalIn[bool](b, `!!document.querySelector('#claim-`+id+`')`) {
		t.Fatal("a claimed wish still offers the claim form")
	}
	// The form as it was before the first claim: post it again.
	other := e.client(t)
	other.get("/public/wishes")
	r := other.post("/public/wishes/"+id+"/claim", url.Values{"kind": {"member"}, "name": {"孙建军"}, "phone": {"13600003333"}})
	if r.Status != 409 || !strings.Contains(r.Body, "已被认领") {
		t.Fatalf("second claim answered %d", r.Status)
	}

	signInAs(t, b, "community", e.creds["community"])
	if st := b.open("/wishes?status=claimed"); st != 200 {
		t.Fatalf("/wishes answered %d", st)
	}
	photo := filepath.Join(t.TempDir(), "gift.jpg")
	if err := os.WriteFile(photo, imagemetatest.PhoneJPEG(imagemetatest.Halves(64, 48), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	evalIn[bool](b, `document.querySelector('#fulfil-`+id+`').closest('details').open = true`)
	b.do("note", chromedp.SendKeys(chromedp.CSS("#fn-"+id), "志愿者把东西送到老人家中，老人很高兴。"))
	b.do("photo", chromedp.SetUploadFiles(chromedp.CSS("#fp-"+id), []string{photo}))
	if st := b.submit("#fulfil-" + id + " button[type=submit]"); st != 200 {
		t.Fatalf("fulfil answered %d", st)
	}
	if got := b.text("#wish-done"); !strings.Contains(got, "已登记心愿实现") {
		t.Fatalf("fulfil says %q", got)
	}
	b.screenshot("wishes-staff-phone")
	b.open("/public/wishes?status=fulfilled&community=" + community)
	if got := b.text("#wish-" + id); !strings.Contains(got, "已实现") || !strings.Contains(got, "志愿者") {
		t.Fatalf("fulfilled on the wall: %q", got)
	}
	if !evalIn[bool](b, `(() => { const i = document.querySelector('#wish-`+id+` img'); return !!i && i.complete && i.naturalWidth > 0 })()`) {
		t.Fatal("the fulfilment photo does not load")
	}
	b.screenshot("wishes-fulfilled-phone")
	b.checkConsole("wishes", "status of 400")
}
