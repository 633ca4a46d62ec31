package ui_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserTrackUnsatisfiedAndLock: on a phone the resident rates 不满意
// (the form carries its one-time token), the order heads the dispatcher's
// callback list flagged, and five wrong digits lock the order's lookup.
// Screenshots track-*.png and callbacks-unsatisfied.png.
func TestBrowserTrackUnsatisfiedAndLock(t *testing.T) {
	exe, shots := browserSetup(t)
	fmt.Fprintf(os.Stderr, "tracking browser screenshots: %s\n", shots)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	c := e.client(t)
	lat, lng, _ := portalGridPoint(t, e)
	number := portalNumber(t, portalPost(c, portalForm("web-unsat", lat, lng), nil))
	portalResolve(t, e, number)

	b := newBrowser(t, exe, e.srv.URL, shots)
	b.viewport(phoneW, phoneH)
	b.open("/track?number=" + number + "&last4=5678")
	if help := b.text("#rate-note-help"); !strings.Contains(help, "重新办理") {
		t.Fatalf("the rating help says %q", help)
	}
	b.do("choose 不满意", chromedp.Click(chromedp.CSS(`label[for="rate-unsatisfied"]`)))
	b.do("say why", chromedp.SendKeys(chromedp.CSS("#rate-note"), "路灯还是不亮"))
	noSidewaysScroll(t, b, "rate")
	b.screenshot("track-rate-unsatisfied")
	if status := b.submit("#rate-submit"); status != 200 {
		t.Fatalf("rating answered %d", status)
	}
	if s := b.text("#track-status"); !strings.Contains(s, "已办结") {
		t.Fatalf("after 不满意 the status is %q", s)
	}
	b.screenshot("track-rated-unsatisfied")
	b.checkConsole("rate unsatisfied")

	// Five wrong digits lock the lookup, the right ones included.
	for i := range 5 {
		b.open(fmt.Sprintf("/track?number=%s&last4=%04d", number, 9000+i))
	}
	if status := b.open("/track?number=" + number + "&last4=5678"); status != 429 {
		t.Fatalf("right digits while locked answered %d", status)
	}
	if msg := b.text("#track-alert"); !strings.Contains(msg, "该工单查询错误次数过多") {
		t.Fatalf("the lock says %q", msg)
	}
	noSidewaysScroll(t, b, "locked")
	b.screenshot("track-locked")
	b.checkConsole("locked", "status of 404", "status of 429")

	// The dispatcher sees it first, flagged.
	b.viewport(desktopW, desktopH)
	signInAs(t, b, "dispatcher", e.creds["dispatcher"])
	b.open("/dispatch/callbacks")
	first := b.text("#callbacks-table tbody tr:first-child")
	if !strings.Contains(first, number) || !strings.Contains(first, "不满意·待重办") {
		t.Fatalf("the first callback row is %q", first)
	}
	b.screenshot("callbacks-unsatisfied")
	b.checkConsole("callbacks")
}
