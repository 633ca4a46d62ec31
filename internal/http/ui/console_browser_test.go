package ui_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"civicgrid/internal/order"
)

// TestBrowserConsole takes a call in headless Chromium with the keyboard
// only (type, Tab, arrow keys, Enter): the place shows its grid at once,
// a similar open order shows before saving, the number and the row in
// today's queue after. Then the department finds the order in its inbox.
// Screenshots: console-*.png and inbox-*.png in $CIVICGRID_SCREENSHOTS.
func TestBrowserConsole(t *testing.T) {
	exe, shots := browserSetup(t)

	start := time.Now()
	lap := func(what string) { t.Logf("%6.1fs %s", time.Since(start).Seconds(), what) }
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	lap("demo district built")
	b := newBrowser(t, exe, e.srv.URL, shots)
	signInAs(t, b, "operator", e.creds["operator"])

	b.open("/console")
	b.waitVisible("#console-name:focus")
	lap("console open")
	unlabelled := evalIn[int](b, `[...document.querySelectorAll('#console-form input:not([type=hidden]), #console-form select, #console-form textarea')].filter(i => !i.labels || i.labels.length === 0).length`)
	if unlabelled != 0 {
		t.Fatalf("%d console fields without a label", unlabelled)
	}
	key := func(what, keys string) { t.Helper(); b.do(what, chromedp.KeyEvent(keys)) }
	focused := func() string {
		t.Helper()
		return evalIn[string](b, `document.activeElement.id || document.activeElement.className`)
	}
	wantFocus := func(id string) {
		t.Helper()
		if f := focused(); f != id {
			t.Fatalf("focus is on %q, want #%s", f, id)
		}
	}

	// Enter in a field goes to the next one and sends nothing (a nearly
	// empty order reached the server that way, issue 16).
	key("name", "王先生")
	key("enter", "\r")
	wantFocus("console-phone")
	if loc := b.location(); loc != "/console" {
		t.Fatalf("Enter in the name field went to %q", loc)
	}
	key("phone", "13900001234")
	key("tab", kb.Tab)
	wantFocus("console-confidential")
	key("tab", kb.Tab)
	wantFocus("console-notify")
	key("tab", kb.Tab)
	wantFocus("console-address")
	key("address", "幸福小区3号楼门口")
	key("enter", "\r")
	wantFocus("console-community")
	key("first community", kb.ArrowDown)
	consoleWait(t, b, "the grids of the community", `document.querySelectorAll('#console-grid option').length > 1`)
	key("tab", kb.Tab)
	wantFocus("console-grid")
	key("first grid", kb.ArrowDown)
	gridName := evalIn[string](b, `document.getElementById('console-grid').selectedOptions[0].textContent`)
	gridCode := evalIn[string](b, `document.getElementById('console-grid').value`)
	if gridCode == "" {
		t.Fatal("ArrowDown chose no grid")
	}
	// The place is shown at once: grid, community, street.
	consoleWait(t, b, "the grid in the place panel", `(document.getElementById('console-place-grid')||{textContent:''}).textContent.includes(`+jsString(gridName)+`)`)
	if street := b.text("#console-place-street"); strings.TrimSpace(street) == "" {
		t.Fatal("the place panel shows no street")
	}

	// An open order of the same kind in that grid, filed by a colleague.
	existing, _, err := e.app.Orders.Create(context.Background(), e.actor(t, "operator"), order.Input{
		Channel: order.ChannelHotline, Category: "streetlight.out", Description: "幸福小区门口的路灯晚上不亮",
		GridCode: gridCode, Address: "幸福小区门口"})
	if err != nil {
		t.Fatal(err)
	}

	key("tab", kb.Tab)
	wantFocus("console-description")
	key("description", "小区门口路灯不亮已经三天了")
	consoleWait(t, b, "a suggested category", `document.querySelector('.console-suggestion[data-code="streetlight.out"]') !== null`)
	key("tab", kb.Tab)
	if f := focused(); !strings.Contains(f, "console-suggestion") {
		t.Fatalf("Tab after the description goes to %q, not the suggestions", f)
	}
	for i := 0; i < 4 && evalIn[string](b, `document.activeElement.dataset.code || ''`) != "streetlight.out"; i++ {
		key("next suggestion", kb.Tab)
	}
	key("pick suggestion", "\r")
	wantFocus("console-category")
	if v := b.value("#console-category"); v != "streetlight.out" {
		t.Fatalf("the suggestion set the category to %q", v)
	}
	consoleWait(t, b, "the category's fields", `document.getElementById('console-attr-pole_number') !== null`)
	consoleWait(t, b, "the similar open order", `document.querySelector('#console-similar-list [data-number="`+existing.Number+`"]') !== null`)
	lap("form filled")
	b.screenshot("console-before-save")
	key("tab", kb.Tab)
	wantFocus("console-demand-type") // 诉求类型, suggested from the text, confirmed here
	key("tab", kb.Tab)
	wantFocus("console-attr-pole_number")
	key("pole number", "BD-017")
	b.checkConsole("console entry")

	// Ctrl+Enter in a field saves.
	if _, err := chromedp.RunResponse(b.ctx, chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl))); err != nil {
		t.Fatalf("Ctrl+Enter did not send the form: %v", err)
	}
	b.waitVisible("#console-saved")
	number := b.text("#console-saved-number")
	if !strings.HasPrefix(b.location(), "/console?saved="+number) || len(number) != 12 {
		t.Fatalf("after saving the browser is at %q, number %q", b.location(), number)
	}
	b.waitVisible("#console-name:focus")
	if v := b.value("#console-name"); v != "" {
		t.Fatalf("the next call's form holds %q", v)
	}
	row := `#console-today tr[data-number="` + number + `"]`
	b.waitVisible(row)
	if txt := b.text(row); !strings.Contains(txt, gridName) {
		t.Fatalf("today's row shows %q, not the grid %s", txt, gridName)
	}
	lap("saved")
	b.screenshot("console-saved")
	b.checkConsole("console saved")

	// Ctrl+Enter on a nearly empty form: refused with every problem at
	// once, each next to its field, and the cursor on the first to fix.
	key("to the phone", "\r")
	key("a bad phone", "12ab")
	resp, err := chromedp.RunResponse(b.ctx, chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	if err != nil || resp.Status != 400 {
		t.Fatalf("empty form: %v, status %v", err, resp)
	}
	b.waitVisible("#console-errors")
	for _, id := range []string{"console-phone-error", "console-place-error", "console-description-error", "console-category-error"} {
		if !evalIn[bool](b, `!!document.getElementById('`+id+`')`) {
			t.Errorf("the refused form names no problem at #%s: %s", id, b.text("#console-form"))
		}
	}
	if msg := b.text("#console-description-error"); strings.IndexFunc(msg, func(r rune) bool { return r < 0x80 && r|0x20 >= 'a' && r|0x20 <= 'z' }) >= 0 {
		t.Errorf("the Chinese error says %q", msg)
	}
	b.waitVisible("#console-phone:focus")
	b.screenshot("console-refused")
	b.checkConsole("console refused", "status of 400")

	b.viewport(phoneW, phoneH)
	b.open("/console")
	b.waitVisible("#console-name:focus")
	b.screenshot("console-phone")
	b.viewport(desktopW, desktopH)

	// With the mouse, a click on the map places the order instead.
	b.open("/console")
	b.waitVisible("#console-map[data-grids]")
	p := evalIn[*point](b, consoleGridPoint)
	if p == nil {
		t.Fatal("no grid clickable on the console map")
	}
	b.do("click the map", chromedp.MouseClickXY(p.X, p.Y))
	b.waitVisible(`#console-place-grid[data-grid="` + p.Code + `"]`)
	if v := b.value("#console-lat"); v == "" {
		t.Fatal("the map click set no point")
	}
	b.screenshot("console-map-click")
	b.checkConsole("console map")

	lap("phone")
	// The department it went to finds it to sign for.
	b.submit(`form[action="/signout"] button`)
	signInAs(t, b, "department", e.creds["department"])
	b.open("/inbox")
	b.waitVisible(`#inbox-sign tr[data-number="` + number + `"] form button`)
	lap("inbox")
	b.screenshot("inbox-department")
	b.checkConsole("inbox")

	// A street: an order to sign, one its community handles and wants
	// more time for, and a whistle not answered yet.
	ctx := context.Background()
	dispatcher, community := e.actor(t, "dispatcher"), e.actor(t, "community")
	step := inboxStep(t)
	toStreet := fileOrder(t, e, gridCode, order.ChannelHotline, "other.request", "3号楼楼道堆满杂物，有消防隐患")
	step(e.app.Orders.Dispatch(ctx, dispatcher, toStreet.Number, toStreet.Version, order.Target{Level: "street"}, "请街道处理"))
	late := fileOrder(t, e, gridCode, order.ChannelHotline, "other.request", "小区绿地被私人圈占种菜")
	late = step(e.app.Orders.Dispatch(ctx, dispatcher, late.Number, late.Version, order.Target{Level: "grid"}, "网格处理"))
	late = step(e.app.Orders.Sign(ctx, community, late.Number, late.Version))
	step(e.app.Orders.RequestExtension(ctx, community, late.Number, late.Version, 2, "需协调物业和业委会"))
	whistled := fileOrder(t, e, gridCode, order.ChannelHotline, "other.request", "夜市摊贩占道经营，噪音扰民")
	if _, _, err := e.app.Orders.Summon(ctx, community, whistled.Number, whistled.Version,
		order.SummonsInput{Departments: []string{"chengguan", "shuiwu"}, Note: "请城管、水务到场联合处置"}); err != nil {
		t.Fatal(err)
	}
	b.submit(`form[action="/signout"] button`)
	signInAs(t, b, "street", e.creds["street"])
	b.open("/inbox")
	b.waitVisible(`#inbox-awaiting tr[data-number="` + late.Number + `"]`)
	b.waitVisible(`#inbox-sign tr[data-number="` + toStreet.Number + `"]`)
	b.waitVisible(`#inbox-summons li[data-number="` + whistled.Number + `"]`)
	b.screenshot("inbox-street")
	b.checkConsole("street inbox")
}

// consoleGridPoint finds a point on screen where a grid of the console
// map is the topmost element, and that grid's code.
const consoleGridPoint = `(() => {
  document.getElementById('console-map').scrollIntoView({block: 'center'});
  for (const p of document.querySelectorAll('#console-map path.console-grid')) {
    const r = p.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (r.width < 6 || r.height < 6) continue;
    if (document.elementFromPoint(x, y) === p) {
      return {x: x, y: y, code: [...p.classList].find(c => /^grid-\d{15}$/.test(c)).slice(5)};
    }
  }
  return null;
})()`

// consoleWait polls js until it is true, for at most 10 s.
func consoleWait(t *testing.T, b *browser, what, js string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if evalIn[bool](b, js) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.screenshot("console-timeout")
	t.Fatalf("waited in vain for %s", what)
}

// jsString quotes s for a JavaScript expression.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
