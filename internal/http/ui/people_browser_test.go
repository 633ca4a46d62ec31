package ui_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"civicgrid/internal/address"
	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/people"

	"github.com/chromedp/chromedp"
)

// demoHouses registers a unit of rooms with houses in the demo 楼长's
// building and a person in each of the first two; it returns the house ids.
func demoHouses(t *testing.T, e *env) []int64 {
	t.Helper()
	ctx := context.Background()
	head, err := auth.GetUserByUsername(ctx, e.db, "building")
	if err != nil {
		t.Fatal(err)
	}
	posts, err := grid.BuildingRolesOfUser(ctx, e.db, head.ID)
	if err != nil || len(posts) == 0 {
		t.Fatalf("posts of the demo 楼长: %v %v", posts, err)
	}
	b := posts[0].BuildingCode
	un, err := grid.CreateUnit(ctx, e.db, b, "9单元")
	if err != nil {
		t.Fatal(err)
	}
	ed := grid.CommandLine("21")
	var ids []int64
	for _, room := range []string{"101", "102", "201"} {
		a, err := e.app.Addresses.Create(ctx, ed, address.Input{Road: "永光路", DoorNo: "1", BuildingCode: b, UnitCode: un.Code, RoomNo: room})
		if err != nil {
			t.Fatal(err)
		}
		h, err := address.CreateHouse(ctx, e.db, ed, address.HouseInput{AddressID: a.ID, Use: "own", AreaDM2: 8800})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, h.ID)
	}
	for i, name := range []string{"赵建国", "钱秀兰"} {
		first := fmt.Sprintf("21050419600%d01%03d", 3+i, 11+i)
		if _, err := e.app.People.Create(ctx, people.CommandLine("21"), people.Input{Name: name, DocNumber: first + string(people.CheckChar(first)),
			Phone: fmt.Sprintf("1390000%04d", i), HouseID: ids[i]}); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

var peopleLatinWord = regexp.MustCompile(`[A-Za-z]{3,}`)

// TestBrowserPeople: a 楼长 reports a move-in on a phone; the community
// confirms it on the register, finds the person and reveals them with a
// purpose. Screenshots at phone size and on a desk.
func TestBrowserPeople(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	houses := demoHouses(t, e)
	b := newBrowser(t, exe, e.srv.URL, shots)
	b.viewport(375, 812)
	signInAs(t, b, "building", e.creds["building"])
	if status := b.open("/people/report"); status != 200 {
		t.Fatalf("report page answered %d", status)
	}
	b.do("fill the move-in",
		chromedp.SetValue(chromedp.CSS("#rp-kind"), "move_in"),
		chromedp.SetValue(chromedp.CSS("#rp-house"), fmt.Sprint(houses[2])),
		chromedp.SetValue(chromedp.CSS("#rp-date"), "2026-11-20"),
		chromedp.SetValue(chromedp.CSS("#rp-res"), "floating"),
		chromedp.SetValue(chromedp.CSS("#rp-hukou"), "other"))
	b.typeInto("#rp-name", "孙丽娜")
	first := "23010319900512022"
	b.typeInto("#rp-id", first+string(people.CheckChar(first)))
	b.typeInto("#rp-phone", "13855556666")
	b.screenshot("people-report-phone-form")
	if bad := evalIn[string](b, `Array.from(document.querySelectorAll('#people-report-form :invalid')).map(e => e.id).join(',')`); bad != "" {
		t.Fatalf("invalid fields before sending: %s", bad)
	}
	evalIn[bool](b, `document.querySelector('#report-send').click(), true`)
	b.waitVisible("#report-sent")
	if got := b.text("#report-sent"); !strings.Contains(got, "等待社区确认") {
		t.Fatalf("after sending: %q", got)
	}
	if got := b.text("#report-mine"); !strings.Contains(got, "孙**") || strings.Contains(got, "孙丽娜") {
		t.Fatalf("my reports: %q", got)
	}
	if w := peopleLatinWord.FindString(b.text(".people")); w != "" {
		t.Errorf("English word %q on the Chinese report page", w)
	}
	b.screenshot("people-report-phone")

	switchUser(t, b, "community", e.creds["community"])
	b.open("/people")
	if got := b.text(".people-changes"); !strings.Contains(got, "迁入") || !strings.Contains(got, "孙**") {
		t.Fatalf("pending changes: %q", got)
	}
	b.screenshot("people-register-phone-pending")
	if status := b.submit(".people-changes button.primary"); status != 200 {
		t.Fatalf("confirm answered %d", status)
	}
	if got := b.text("#people-done"); !strings.Contains(got, "已确认") {
		t.Fatalf("after confirming: %q", got)
	}
	b.open("/people?q=" + "13855556666")
	if got := b.text(".people-house"); !strings.Contains(got, "孙**") || !strings.Contains(got, "138****6666") || !strings.Contains(got, "2301**********") {
		t.Fatalf("search by phone: %q", got)
	}
	if w := peopleLatinWord.FindString(b.text(".people")); w != "" {
		t.Errorf("English word %q on the Chinese register", w)
	}
	b.screenshot("people-register-phone")
	b.submit(".people-house a")
	b.typeInto("#rv-purpose", "核实新迁入人员信息")
	if status := b.submit("#person-reveal"); status != 200 {
		t.Fatalf("reveal answered %d", status)
	}
	if got := b.text("#person-phone"); got != "13855556666" {
		t.Fatalf("revealed phone %q", got)
	}
	b.screenshot("people-person-revealed-phone")

	// A wrong check character: the form says so and keeps what was typed.
	b.viewport(1280, 900)
	b.open("/people")
	b.typeInto("#pa-name", "周八")
	b.typeInto("#pa-id", first+"0")
	b.do("house", chromedp.SetValue(chromedp.CSS("#pa-house"), fmt.Sprint(houses[2])))
	if status := b.submit("#people-add"); status != 400 {
		t.Fatalf("bad id answered %d", status)
	}
	if got := b.text("#people-add-error"); !strings.Contains(got, "身份证号码") {
		t.Fatalf("error says %q", got)
	}
	b.screenshot("people-register-desk")

	// Correcting a phone on the person's page: typed only to correct, the
	// page shows it masked again.
	b.open("/people?q=" + "赵建国")
	b.submit(".people-house a")
	b.typeInto("#ed-phone", "13977778888")
	b.screenshot("people-person-edit-desk")
	if status := b.submit("#person-save"); status != 200 {
		t.Fatalf("correction answered %d", status)
	}
	if got := b.text("#person-phone"); got != "139****8888" {
		t.Fatalf("corrected phone shows %q", got)
	}
	b.checkConsole("people", "status of 400")
}
