package ui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"civicgrid/internal/grid"
	"civicgrid/internal/project"
)

// TestBrowserConsultationSuggestionOrder: staff file an owner's suggestion
// typed on a ballot as a work order in one step from the desk; the order
// is linked to the ballot (the desk names its number) and to the 小区's
// project (it shows among the project's orders); a second filing is
// refused and files nothing. Screenshot consult-suggestion-order.png.
func TestBrowserConsultationSuggestionOrder(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	w := seedProjectWorld(t, db, e.dataDir)
	seedConsultations(t, db, e.dataDir, w)
	ctx := context.Background()
	var id int64
	if err := db.QueryRowContext(ctx, `SELECT id FROM consultations WHERE estate_id = ? AND stage = 'whether'`, w.estate).Scan(&id); err != nil {
		t.Fatal(err)
	}
	orders := func() int {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := orders()
	b := newBrowser(t, exe, e.srv.URL, shots)
	signInAs(t, b, "admin", e.creds["admin"])
	desk := fmt.Sprintf("/consultations/%d", id)
	if st := b.open(desk); st != 200 {
		t.Fatalf("desk answered %d", st)
	}
	if got := b.value(`#consult-suggestions .suggestion-order select[name=category]`); got == "" {
		t.Fatal("no category preselected for the suggestion")
	}
	elementShot(b, "#consult-suggestions", "consult-suggestion-form")
	if st := b.submit(`#consult-suggestions .suggestion-order button`); st != 200 || !strings.Contains(b.text("#consult-done"), "已立为工单") {
		t.Fatalf("file the suggestion: %d at %s: %q", st, b.location(), b.text("body"))
	}
	number := b.text(`#consult-suggestions .order-filed a`)
	if len(number) < 10 {
		t.Fatalf("the desk names no order: %q", b.text("#consult-suggestions"))
	}
	if got := orders(); got != before+1 {
		t.Fatalf("%d orders filed, want 1", got-before)
	}
	// The suggestion stays a work item too (无障碍), and no second form.
	if got := b.text("#consult-suggestions"); !strings.Contains(got, "无障碍") {
		t.Errorf("after filing: %q", got)
	}
	if n := evalIn[int](b, `document.querySelectorAll('#consult-suggestions .suggestion-order').length`); n != 0 {
		t.Errorf("%d filing forms left after filing", n)
	}
	linked, err := project.LinkedOrders(ctx, db, grid.CommandLine("210504").Scope, w.estate)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, l := range linked {
		if l.Number == number && l.ProjectID == w.project {
			found = true
		}
	}
	if !found {
		t.Errorf("order %s is not among the project's orders %v", number, linked)
	}
	var desc string
	if err := db.QueryRowContext(ctx, `SELECT description FROM orders WHERE number = ?`, number).Scan(&desc); err != nil || !strings.Contains(desc, "台阶和道路坡度") {
		t.Errorf("order text %q %v", desc, err)
	}
	b.screenshot("consult-suggestion-order")
	// Filing again (a stale page, a second click) is refused, nothing new.
	var ballot int64
	if err := db.QueryRowContext(ctx, `SELECT id FROM consultation_ballots WHERE consultation_id = ? AND suggestion <> ''`, id).Scan(&ballot); err != nil {
		t.Fatal(err)
	}
	evalIn[bool](b, fmt.Sprintf(`(() => { const f = document.createElement('form'); f.method = 'post'; f.id = 'again';
		f.action = '%s/suggestions/%d/order'; f.innerHTML = '<input name="category" value="x"><button type="submit">again</button>';
		f.appendChild(document.querySelector('input[name=csrf_token]').cloneNode()); document.body.appendChild(f); return true })()`, desk, ballot))
	st := b.submit("#again button")
	if st != 400 || !strings.Contains(b.text("#consult-alert"), "已立为工单") {
		t.Errorf("second filing answered %d", st)
	}
	if got := orders(); got != before+1 {
		t.Errorf("a second filing made %d orders", got-before)
	}
	b.checkConsole("suggestion order", "status of 4")
}
