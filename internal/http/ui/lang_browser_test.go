package ui_test

import (
	"regexp"
	"sort"
	"strings"
	"testing"
)

// latinAllowed are the Latin words a Chinese page may carry: proper names,
// standards, file formats and units. Anything else is English that slipped
// into the zh-CN UI (issue 16 item 3).
var latinAllowed = map[string]bool{
	"English": true, // the language switch names the other language in itself
	// keys on the keyboard
	"Enter": true, "Tab": true, "Ctrl": true, "Alt": true, "Shift": true, "Esc": true,
	"civicgrid": true, "Open": true, "API": true, "ID": true, "GB": true, "GBT": true,
	"CSV": true, "Excel": true, "xlsx": true, "csv": true, "GeoJSON": true, "JSON": true, "PDF": true,
	"km": true, "KiB": true, "MiB": true, "kB": true, "MB": true, "KB": true, "px": true, "CPU": true, "SQL": true, "URL": true,
	"OpenStreetMap": true, "Leaflet": true, "OSM": true, "WGS": true, "GCJ": true, "EPSG": true,
	"Token": false, // a word with a Chinese name (令牌): not allowed
	"IT":    true, "HMAC": true, "AES": true, "GCM": true, "SMS": true, "APP": true, "App": true,
	"UTF": true, "PNG": true, "JPEG": true, "JPG": true, "WebP": true, "HEIC": true,
}

// pageText is every word a person reads on the page: visible text, and
// placeholders, titles, labels and image descriptions. Codes are left out:
// <code>, class="code", <kbd>, <samp> and anything marked translate="no" (usernames,
// category codes, e-mail addresses).
const pageText = `(() => {
  const skip = el => el.closest('code, .code, kbd, samp, script, style, noscript, [translate=no]');
  const out = [document.title];
  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = w.nextNode(); n; n = w.nextNode()) {
    const el = n.parentElement;
    if (!el || skip(el)) continue;
    if (el.tagName !== 'OPTION' && !el.checkVisibility()) continue;
    out.push(n.textContent);
  }
  for (const el of document.querySelectorAll('[placeholder], [title], [aria-label], img[alt]')) {
    if (skip(el)) continue;
    for (const a of ['placeholder', 'title', 'aria-label', 'alt']) {
      const v = el.getAttribute(a);
      if (v) out.push(v);
    }
  }
  return out.join('\n');
})()`

// A snake_case name is one word: a column's name is no word of a page.
var englishWord = regexp.MustCompile(`[A-Za-z][A-Za-z'’_]*[A-Za-z]`)

// englishIn is the words of text neither Chinese nor allowed, each once,
// with a bit of the text around it.
func englishIn(text string) []string {
	var found []string
	seen := map[string]bool{}
	for _, loc := range englishWord.FindAllStringIndex(text, -1) {
		w := text[loc[0]:loc[1]]
		if latinAllowed[w] || seen[w] {
			continue
		}
		// Part of a URL, an e-mail address, a file name or a dotted code
		// (streetlight.out) is a code.
		if loc[0] > 0 && strings.ContainsAny(text[loc[0]-1:loc[0]], "/@.-:=") ||
			loc[1] < len(text) && strings.ContainsAny(text[loc[1]:loc[1]+1], "/@-:=") ||
			loc[1]+1 < len(text) && text[loc[1]] == '.' && (text[loc[1]+1]|0x20 >= 'a' && text[loc[1]+1]|0x20 <= 'z') {
			continue
		}
		seen[w] = true
		before, after := []rune(text[:loc[0]]), []rune(text[loc[1]:])
		before, after = before[max(0, len(before)-12):], after[:min(len(after), 12)]
		found = append(found, strings.Join(strings.Fields(string(before)+"«"+w+"»"+string(after)), " "))
	}
	return found
}

func TestEnglishIn(t *testing.T) {
	for text, want := range map[string]int{
		"路灯不亮 Streetlight out":       2,
		"（必须填写）":                     0,
		"切换到 English":                0,
		"见 /admin/users 与 a@b.cn":    0,
		"导出 Excel 文件，共 3 km":         0,
		"计算：按 received_at 统计 (must)": 2,
		"如 streetlight.out；":         0,
		"结束。Then":                    1,
	} {
		if got := englishIn(text); len(got) != want {
			t.Errorf("englishIn(%q) = %q, want %d words", text, got, want)
		}
	}
}

// langWalkExtra are pages a role opens that its menu does not list
// directly (an order is found through the lists).
var langWalkExtra = map[string][]string{
	"admin":      {"/admin/calendar", "/admin/categories", "/admin/users", "/admin/departments", "/admin/grids"},
	"dispatcher": {"/dispatch/callbacks"},
	"operator":   {"/console"},
	"community":  {"/volunteers?tab=activities", "/volunteers?tab=teams", "/volunteers?tab=patrols"},
}

// TestBrowserChineseOnly opens every page in every role's menu, an order
// page and the public pages in zh-CN, and fails on any English word a
// person would read there.
func TestBrowserChineseOnly(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	b := newBrowser(t, exe, e.srv.URL, shots)

	found := map[string][]string{} // page → English found
	check := func(who, path string) {
		t.Helper()
		if status := b.open(path); status >= 400 {
			t.Errorf("%s: %s answered %d", who, path, status)
			return
		}
		if words := englishIn(evalIn[string](b, pageText)); len(words) > 0 {
			found[who+" "+path] = words
		}
	}
	for _, path := range []string{"/", "/report", "/track", "/public/measures", "/faq", "/public/deliberation", "/signin", "/public/volunteer"} {
		check("visitor", path)
	}
	roles := []string{"admin", "leader", "dispatcher", "operator", "supervisor", "street", "community",
		"gridhead", "grid", "building", "department"}
	for _, role := range roles {
		switchUser(t, b, role, e.creds[role])
		links := evalIn[[]string](b, `[...document.querySelectorAll('header nav a')].map(a => a.getAttribute('href'))`)
		links = append(links, langWalkExtra[role]...)
		seen := map[string]bool{}
		var order string
		for _, path := range links {
			if seen[path] || !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") {
				continue
			}
			seen[path] = true
			check(role, path)
			if order == "" {
				order = evalIn[string](b, `(document.querySelector('main a[href^="/orders/2"]') || {}).getAttribute?.('href') || ''`)
			}
		}
		if order != "" {
			check(role, order)
		}
	}
	if len(found) > 0 {
		pages := make([]string, 0, len(found))
		for p := range found {
			pages = append(pages, p)
		}
		sort.Strings(pages)
		for _, p := range pages {
			t.Errorf("%s: English on a Chinese page: %q", p, found[p])
		}
	}
}
