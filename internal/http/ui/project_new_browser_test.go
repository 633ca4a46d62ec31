package ui_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserProjectNew: an admin creates a renovation project on the
// page — a 小区 of the chosen community, a work item, the total in 万元 —
// is refused while the funding sources do not add up (nothing written,
// the form kept), and lands on the 小区's page with the project once they
// do. A grid worker may not open the page.
func TestBrowserProjectNew(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	w := seedProjectWorld(t, db, e.dataDir) // 民建小区 with its buildings, a 2022 programme
	estate, community := w.estate, "210504005005"
	before := count(t, db, "projects")

	b := newBrowser(t, exe, e.srv.URL, shots)
	signInAs(t, b, "admin", e.creds["admin"])
	if st := b.open("/projects/overdue"); st != 200 || b.text("#projects-new-link") == "" {
		t.Fatalf("/projects/overdue answered %d without the new-project link", st)
	}
	if st := b.open("/projects/new?community=" + community); st != 200 {
		t.Fatalf("/projects/new answered %d", st)
	}
	b.do("tick the 小区", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#project-new-form input[name=estate][value="%d"]`, estate))))
	b.do("tick a work item", chromedp.Click(chromedp.CSS(`#project-new-form input[name=work_item]`)))
	b.typeInto("#pn-name", "楼本体改造（试点）")
	b.typeInto("#pn-scope", "楼本体")
	b.typeInto("#pn-budget", "120.5")
	b.typeInto("#pn-fund-central", "100")
	b.typeInto("#pn-fund-local", "20")
	if st := b.submit("#pn-submit"); st != 400 || !strings.Contains(b.text("#project-new-alert"), "资金来源合计") {
		t.Fatalf("funding that does not add up answered %d", st)
	}
	if n := count(t, db, "projects"); n != before {
		t.Fatalf("a refused project wrote %d", n-before)
	}
	if got := b.value("#pn-name"); got != "楼本体改造（试点）" {
		t.Fatalf("the form lost the name: %q", got)
	}
	b.screenshot("project-new-refused")
	b.typeInto("#pn-fund-local", "20.5")
	if st := b.submit("#pn-submit"); st != 200 || !strings.HasPrefix(b.location(), fmt.Sprintf("/public/projects/estates/%d", estate)) {
		t.Fatalf("create answered %d at %s: %s", st, b.location(), b.text("#project-new-alert"))
	}
	if got := b.text("main"); !strings.Contains(got, "楼本体改造（试点）") {
		t.Fatalf("the 小区 page lacks the new project: %s", got)
	}
	if n := count(t, db, "projects"); n != before+1 {
		t.Fatalf("%d projects, want %d", n, before+1)
	}
	b.checkConsole("new project", "status of 400")

	switchUser(t, b, "grid", e.creds["grid"])
	if st := b.open("/projects/new"); st != 403 {
		t.Fatalf("a grid worker opened /projects/new: %d", st)
	}
}
