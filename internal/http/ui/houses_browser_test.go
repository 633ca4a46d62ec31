package ui_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"civicgrid/internal/people"

	"github.com/chromedp/chromedp"
)

// TestBrowserHouses: the community, on a phone, adds a building, a unit
// and a rented room with its house; a zero area is refused in words and
// the form keeps what was typed. Screenshots of the three pages.
func TestBrowserHouses(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	b := newBrowser(t, exe, e.srv.URL, shots)
	b.viewport(375, 812)
	signInAs(t, b, "community", e.creds["community"])
	if status := b.open("/houses"); status != 200 {
		t.Fatalf("/houses answered %d", status)
	}
	if w := peopleLatinWord.FindString(b.text(".houses")); w != "" {
		t.Errorf("English word %q on the Chinese houses page", w)
	}
	b.screenshot("houses-phone")
	b.do("open the building form", chromedp.Click(chromedp.CSS("#building-add summary")))
	b.typeInto("#b-name", "21号楼")
	if status := b.submit("#building-form button[type=submit]"); status != 200 {
		t.Fatalf("adding a building answered %d", status)
	}
	if !strings.HasPrefix(b.location(), "/buildings/") {
		t.Fatalf("after adding a building: %s", b.location())
	}
	b.typeInto("#u-name", "1单元")
	b.submit("#unit-form button[type=submit]")
	if got := b.text("#houses-done"); !strings.Contains(got, "单元已登记") {
		t.Fatalf("after adding a unit: %q", got)
	}
	b.do("open the room form", chromedp.Click(chromedp.CSS("#room-add summary")))
	b.typeInto("#r-road", "翠园路")
	b.typeInto("#r-door", "21")
	b.typeInto("#r-room", "301")
	b.do("rented", chromedp.SetValue(chromedp.CSS("#r-use"), "rent"))
	evalIn[bool](b, `document.querySelector('#r-unit').selectedIndex = 1, true`)
	b.typeInto("#r-area", "0")
	b.typeInto("#r-tenants", "2")
	if status := b.submit("#room-form button[type=submit]"); status != 400 {
		t.Fatalf("a zero area answered %d", status)
	}
	if got := b.text("#houses-error"); !strings.Contains(got, "建筑面积须大于0") {
		t.Fatalf("refusal: %q", got)
	}
	if b.value("#r-room") != "301" || b.value("#r-road") != "翠园路" {
		t.Errorf("the form lost what was typed: room %q road %q", b.value("#r-room"), b.value("#r-road"))
	}
	b.screenshot("houses-building-refused-phone")
	b.typeInto("#r-area", "76.3")
	if status := b.submit("#room-form button[type=submit]"); status != 200 {
		t.Fatalf("adding the room answered %d", status)
	}
	if got := b.text("#house-title"); !strings.Contains(got, "翠园路21号21栋1单元301室") {
		t.Fatalf("house page title %q", got)
	}
	if b.value("#h-area") != "76.30" || b.value("#h-tenants") != "2" {
		t.Errorf("house area %q tenants %q", b.value("#h-area"), b.value("#h-tenants"))
	}
	if w := peopleLatinWord.FindString(b.text(".houses")); w != "" {
		t.Errorf("English word %q on the Chinese house page", w)
	}
	b.screenshot("houses-house-phone")

	// Two people move in; the community makes them a household on the
	// phone: the first row is the 户主, the second the spouse.
	houseID, err := strconv.ParseInt(strings.Split(strings.TrimPrefix(b.location(), "/houses/"), "?")[0], 10, 64)
	if err != nil {
		t.Fatalf("house page at %s", b.location())
	}
	var ids []int64
	for i, name := range []string{"宋建平", "许秀兰"} {
		first := fmt.Sprintf("21050419780415%03d", 301+i)
		p, err := e.app.People.Create(context.Background(), people.CommandLine("21"), people.Input{Name: name,
			DocNumber: first + string(people.CheckChar(first)), HouseID: houseID, Residence: "floating", Hukou: "other"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	b.open(fmt.Sprintf("/houses/%d", houseID))
	b.do("open the household form", chromedp.Click(chromedp.CSS("#household-new summary")))
	b.do("choose the members",
		chromedp.SetValue(chromedp.CSS("#hp-0"), fmt.Sprint(ids[0])),
		chromedp.SetValue(chromedp.CSS("#hp-1"), fmt.Sprint(ids[1])),
		chromedp.SetValue(chromedp.CSS("#hrel-1"), "spouse"))
	b.screenshot("houses-household-form-phone")
	if status := b.submit("#household-form button[type=submit]"); status != 200 {
		t.Fatalf("registering the household answered %d", status)
	}
	if got := b.text("#households"); !strings.Contains(got, "宋**") || !strings.Contains(got, "户主") || !strings.Contains(got, "配偶") || strings.Contains(got, "宋建平") {
		t.Fatalf("households: %q", got)
	}
	b.screenshot("houses-household-phone")

	// The same building in English at desk width.
	b.viewport(1280, 900)
	b.open(fmt.Sprintf("/houses/%d?lang=en", houseID))
	if got := b.text("#households"); !strings.Contains(got, "Households") || !strings.Contains(got, "head") {
		t.Errorf("English house page: %q", got)
	}
	b.screenshot("houses-house-en")
	b.checkConsole("houses", "status of 400") // the refused zero area
}
