package ui_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// findChromium is Debian's chromium, or CIVICGRID_CHROMIUM when set.
func findChromium() string {
	if p := os.Getenv("CIVICGRID_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser is one headless Chromium tab on the test server. It records
// every console message and uncaught exception; checkConsole fails the
// test on any error the step did not expect.
type browser struct {
	t     *testing.T
	ctx   context.Context
	base  string
	shots string
	n     int // screenshots taken, for their file names
	// keepShots is false unless CIVICGRID_SCREENSHOTS names a folder:
	// nobody looks at screenshots in a temporary folder, and a full-page
	// capture costs more CPU than loading the page (0.3–0.6 s each, 160
	// of them, on CI's two cores).
	keepShots bool

	mu       sync.Mutex
	messages []chromedp.ConsoleMessage
}

const (
	desktopW, desktopH = 1280, 900
	phoneW, phoneH     = 390, 844
)

func newBrowser(t *testing.T, exe, base, shots string) *browser {
	t.Helper()
	browserCtx, err := sharedChromium(exe)
	if err != nil {
		t.Fatalf("starting chromium (%s): %v", exe, err)
	}
	// A browser context of its own is a fresh profile (no cookies, no
	// storage, no permissions) in the shared process, as a process of the
	// test's own was.
	parent, stop := context.WithTimeout(browserCtx, 3*time.Minute)
	ctx, cancelTab := chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	t.Cleanup(func() { cancelTab(); stop() })
	b := &browser{t: t, ctx: ctx, base: base, shots: shots, keepShots: os.Getenv("CIVICGRID_SCREENSHOTS") != ""}
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting chromium (%s): %v", exe, err)
	}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.messages = append(b.messages, m)
			b.mu.Unlock()
		}
	}()
	// A headless tab is never the focused window unless told so, and
	// without focus the Tab key moves nothing.
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	b.viewport(desktopW, desktopH)
	b.probeConsole()
	return b
}

// probeConsole proves the console is being read: an error written on
// purpose must arrive, or "no console errors" would mean nothing.
func (b *browser) probeConsole() {
	b.t.Helper()
	evalIn[bool](b, `console.error('civicgrid-console-probe'); true`)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		b.mu.Lock()
		for _, m := range b.messages {
			if m.Type == chromedp.ConsoleError && strings.Contains(m.Text, "civicgrid-console-probe") {
				b.messages = nil
				b.mu.Unlock()
				return
			}
		}
		b.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	b.t.Fatal("the console probe never arrived: console errors would go unseen")
}

func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

func (b *browser) viewport(w, h int64) {
	b.t.Helper()
	b.do("viewport", chromedp.EmulateViewport(w, h))
}

// open loads path and returns the HTTP status of the document.
func (b *browser) open(path string) int64 {
	b.t.Helper()
	resp, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(b.base+path))
	if err != nil {
		b.t.Fatalf("open %s: %v", path, err)
	}
	return resp.Status
}

// follow takes the menu to href as a person would: opens the phone's menu
// and the group holding the link, then clicks it and waits for the page.
func (b *browser) follow(href string) int64 {
	b.t.Helper()
	sel := `nav a[href="` + href + `"]`
	found := evalIn[bool](b, `(function () {
		var a = document.querySelector('`+sel+`');
		if (!a) return false;
		var label = document.querySelector('.nav-toggle-label'), toggle = document.getElementById('nav-toggle');
		if (label && toggle && !toggle.checked && getComputedStyle(label).display !== 'none') label.click();
		var group = a.closest('details');
		if (group && !group.open) group.querySelector('summary').click();
		return true;
	})()`)
	if !found {
		b.t.Fatalf("the menu has no link to %s", href)
	}
	return b.submit(sel)
}

// submit clicks a button that sends a form and waits for the next page.
func (b *browser) submit(sel string) int64 {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("submit %s: %v", sel, err)
	}
	return resp.Status
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func (b *browser) value(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("value of %s: %v", sel, err)
	}
	return s
}

func evalIn[T any](b *browser, js string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		b.t.Fatalf("eval %s: %v", js, err)
	}
	return v
}

func (b *browser) location() string {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	return strings.TrimPrefix(loc, b.base)
}

// type fills a field: clears it, then types like a person.
func (b *browser) typeInto(sel, text string) {
	b.t.Helper()
	b.do("type into "+sel, chromedp.Clear(chromedp.CSS(sel)), chromedp.SendKeys(chromedp.CSS(sel), text))
}

func (b *browser) waitVisible(sel string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(sel))); err != nil {
		b.t.Fatalf("waiting for %s: %v", sel, err)
	}
}

// screenshot writes the whole page to the screenshot folder.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	if !b.keepShots {
		b.n++
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	b.n++
	file := filepath.Join(b.shots, fmt.Sprintf("%02d-%s.png", b.n, name))
	if err := os.WriteFile(file, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// checkConsole fails on every console error or uncaught exception since
// the last check, except those containing one of the expected strings
// (a page answered 401 on purpose logs "status of 401").
func (b *browser) checkConsole(page string, expected ...string) {
	b.t.Helper()
	// Messages arrive asynchronously; give the last ones a moment.
	time.Sleep(100 * time.Millisecond)
	b.mu.Lock()
	msgs := b.messages
	b.messages = nil
	b.mu.Unlock()
	for _, m := range msgs {
		if m.Type != chromedp.ConsoleError && !m.IsException() {
			continue
		}
		ok := false
		for _, e := range expected {
			if strings.Contains(m.Text, e) {
				ok = true
			}
		}
		if !ok {
			b.t.Errorf("%s: console %s: %s (%s:%d)", page, m.Type, m.Text, m.URL, m.Line)
		}
	}
}

func shanghai() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}
