package ui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/care"
	"civicgrid/internal/grid"
	"civicgrid/internal/people"

	"github.com/chromedp/chromedp"
)

// careMembers enrols the two people demoHouses registers (an elder living
// alone, a 低保 member) and puts the demo grid worker on their grid too.
func careMembers(t *testing.T, e *env) {
	t.Helper()
	ctx := context.Background()
	demoHouses(t, e)
	comm, err := auth.GetUserByUsername(ctx, e.db, "community")
	if err != nil {
		t.Fatal(err)
	}
	scope, err := auth.ScopeForUser(ctx, e.db, comm)
	if err != nil {
		t.Fatal(err)
	}
	a := care.Actor{User: comm, Scope: scope, IP: "127.0.0.1"}
	var ids []int64
	var gridCode string
	rows, err := e.db.QueryContext(ctx, `SELECT id, grid_code FROM people ORDER BY id DESC LIMIT 2`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id, &gridCode); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	for i, g := range []string{"elder_alone", "dibao"} {
		if _, err := e.app.Care.Enroll(ctx, a, g, ids[i], ""); err != nil {
			t.Fatal(err)
		}
	}
	worker, err := auth.GetUserByUsername(ctx, e.db, "grid")
	if err != nil {
		t.Fatal(err)
	}
	_ = grid.AddMember(ctx, e.db, gridCode, worker.ID, "worker") // already there is fine
}

// TestBrowserCare: a grid worker on a phone opens the care list of the
// demo community, records a visit that files an order in the same step,
// and finds both in the day's grid log; the street sees counts and no
// names. Screenshots at phone size.
func TestBrowserCare(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	careMembers(t, e)
	b := newBrowser(t, exe, e.srv.URL, shots)
	b.viewport(375, 812)
	signInAs(t, b, "grid", e.creds["grid"])
	if status := b.open("/care"); status != 200 {
		t.Fatalf("care page answered %d", status)
	}
	cards := evalIn[int](b, `document.querySelectorAll('#care-members li').length`)
	if cards == 0 {
		t.Fatal("no care members for the demo grid worker")
	}
	if got := b.text("#care-members"); !strings.Contains(got, "*") || !strings.Contains(got, "下次应访") {
		t.Fatalf("member cards: %q", got)
	}
	if w := peopleLatinWord.FindString(b.text(".care")); w != "" {
		t.Errorf("English word %q on the Chinese care page", w)
	}
	b.screenshot("care-list-phone")

	b.submit("#care-members li a")
	b.do("findings", chromedp.SendKeys(chromedp.CSS("#visit-findings"), "老人在家，身体尚好；楼道灯不亮，夜间出入不便。"))
	evalIn[bool](b, `document.querySelector('.care-order').open = true, true`)
	b.do("choose the category", chromedp.SetValue(chromedp.CSS("#visit-category"), "hydrant.damaged"))
	b.do("order description", chromedp.SendKeys(chromedp.CSS("#visit-desc"), "走访时发现楼下消火栓漏水，请维修。"))
	if !evalIn[bool](b, `document.querySelector('#visit-file-order').checked`) {
		t.Error("typing the order's description did not tick 同时上报工单")
	}
	b.screenshot("care-visit-form-phone")
	if bad := evalIn[string](b, `Array.from(document.querySelectorAll('#visit-form :invalid')).map(e => e.id || e.name).join(',')`); bad != "" {
		t.Fatalf("invalid fields before sending: %s", bad)
	}
	// A multipart form: click and wait for the next page (as the report form's test does).
	evalIn[bool](b, `document.querySelector('#visit-submit').click(), true`)
	b.waitVisible("#care-recorded")
	got := b.text("#care-recorded")
	if !strings.Contains(got, "已上报工单") {
		t.Fatalf("after the visit: %q", got)
	}
	number := b.text("#care-recorded a")
	if visits := b.text("#care-visits"); !strings.Contains(visits, "楼道灯不亮") || !strings.Contains(visits, number) {
		t.Fatalf("visits: %q", visits)
	}
	if w := peopleLatinWord.FindString(b.text(".care")); w != "" {
		t.Errorf("English word %q on the Chinese member page", w)
	}
	b.screenshot("care-visit-recorded-phone")

	b.open("/grid/log")
	if got := b.text("#log-entries"); !strings.Contains(got, "楼道灯不亮") || !strings.Contains(got, number) {
		t.Fatalf("grid log: %q", got)
	}
	if w := peopleLatinWord.FindString(b.text(".care")); w != "" {
		t.Errorf("English word %q on the Chinese grid log", w)
	}
	b.screenshot("care-grid-log-phone")

	// The 低保 member enrolled 40 days ago and never visited is overdue:
	// the sweep gives the grid a task, which names the kind and counts.
	if _, err := e.db.ExecContext(context.Background(), `UPDATE care_members SET enrolled_at = enrolled_at - 40 * 86400000 WHERE group_code = 'dibao'`); err != nil {
		t.Fatal(err)
	}
	if raised, err := e.app.Care.RaiseOverdue(context.Background()); err != nil || len(raised) != 1 {
		t.Fatalf("raised %v %+v", err, raised)
	}
	b.open("/grid/tasks")
	if got := b.text(".gridtasks"); !strings.Contains(got, "关爱走访逾期") || !strings.Contains(got, "低保1人") || strings.Contains(got, "赵") {
		t.Fatalf("grid tasks: %q", got)
	}
	b.screenshot("care-overdue-task-phone")

	switchUser(t, b, "street", e.creds["street"])
	b.open("/care")
	if n := evalIn[int](b, `document.querySelectorAll('#care-members li').length`); n != 0 {
		t.Errorf("the street sees %d member cards", n)
	}
	if got := b.text("#care-measures"); !strings.Contains(got, "%") {
		t.Errorf("street measures: %q", got)
	}
	b.screenshot("care-counts-street-phone")

	// The dashboard's map coloured by 走访完成率: the grid with members has
	// a colour of the scale.
	b.viewport(1280, 900)
	if status := b.open("/measures"); status != 200 {
		t.Fatalf("dashboard answered %d", status)
	}
	b.do("colour by visits", chromedp.Click(chromedp.CSS("#measures-by-visits")))
	b.waitVisible(`#measures-map[data-drawn][data-by="visits"]`)
	coloured := evalIn[int](b, `[...document.querySelectorAll('#measures-map path.grid')]
		.filter(p => (p.getAttribute('fill') || '').toLowerCase() !== '#dde2e7').length`)
	if coloured == 0 {
		t.Error("no grid coloured by 走访完成率")
	}
	b.screenshot("care-measures-map-visits")
	// 出租房占比: the grid with the registered houses has a share (0%), the rest none.
	b.do("colour by rented", chromedp.Click(chromedp.CSS("#measures-by-rented")))
	b.waitVisible(`#measures-map[data-drawn][data-by="rented"]`)
	if n := evalIn[int](b, `[...document.querySelectorAll('#measures-map path.grid')]
		.filter(p => (p.getAttribute('fill') || '').toLowerCase() !== '#dde2e7').length`); n == 0 {
		t.Error("no grid coloured by 出租房占比")
	}
	if got := b.text("#measures-legend"); !strings.Contains(got, "≤10%") {
		t.Errorf("rented legend: %q", got)
	}

	// The community enrols a person from the form the person page links to.
	var gridCode string
	if err := e.db.QueryRowContext(context.Background(), `SELECT grid_code FROM people ORDER BY id DESC LIMIT 1`).Scan(&gridCode); err != nil {
		t.Fatal(err)
	}
	first := "21050419380217003"
	pe, err := e.app.People.Create(context.Background(), people.CommandLine("21"), people.Input{Name: "周桂芝",
		DocNumber: first + string(people.CheckChar(first)), GridCode: gridCode})
	if err != nil {
		t.Fatal(err)
	}
	switchUser(t, b, "community", e.creds["community"])
	b.viewport(375, 812)
	b.open(fmt.Sprintf("/people/%d", pe.ID))
	if status := b.submit("#person-care"); status != 200 {
		t.Fatalf("enrol link answered %d", status)
	}
	if got := b.value("#enrol-person"); got != fmt.Sprint(pe.ID) {
		t.Fatalf("the form has person %q", got)
	}
	b.do("choose 特困", chromedp.SetValue(chromedp.CSS("#enrol-group"), "tekun"))
	if status := b.submit("#enrol-submit"); status != 200 {
		t.Fatalf("enrol answered %d", status)
	}
	if got := b.text("#care-members"); !strings.Contains(got, "周**") || !strings.Contains(got, "特困") {
		t.Fatalf("after enrolling: %q", got)
	}

	// The admin changes a plan on the same page.
	switchUser(t, b, "admin", e.creds["admin"])
	b.viewport(375, 812)
	b.open("/care")
	b.typeInto("#plan-dibao", "21")
	if status := b.submit("#plan-save-dibao"); status != 200 {
		t.Fatalf("plan answered %d", status)
	}
	if got := b.text("#care-done"); !strings.Contains(got, "走访计划已更新") {
		t.Fatalf("after the plan: %q", got)
	}
	if got := b.text("#care-groups"); !strings.Contains(got, "每21天走访一次") {
		t.Fatalf("plans: %q", got)
	}
	b.screenshot("care-plans-admin-phone")
}
