package ui_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserKnowledge: while the operator types a question the console
// offers the knowledge base's answer; the button answers from it. The
// public FAQ on a phone. Screenshots: kb-*.png in $CIVICGRID_SCREENSHOTS.
func TestBrowserKnowledge(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	b := newBrowser(t, exe, e.srv.URL, shots)
	signInAs(t, b, "operator", e.creds["operator"])
	b.open("/console")
	b.waitVisible("#console-name:focus")
	b.do("focus the description", chromedp.Focus(chromedp.CSS("#console-description")))
	b.do("type the question", chromedp.KeyEvent("请问家里燃气表坏了不走字，找谁来修"))
	b.waitVisible(".kb-match")
	first := evalIn[string](b, `document.querySelector('.kb-match summary strong').textContent`)
	if !strings.Contains(first, "燃气表") {
		t.Fatalf("first match %q", first)
	}
	b.screenshot("kb-console")
	b.checkConsole("console")

	b.viewport(390, 844)
	b.open("/faq?q=" + "停电了找谁")
	b.waitVisible("#faq-results details[open]")
	if got := b.text("#faq-results details[open] summary"); !strings.Contains(got, "停电") {
		t.Fatalf("FAQ best answer %q", got)
	}
	b.screenshot("kb-faq-phone")
	b.checkConsole("faq")
}
