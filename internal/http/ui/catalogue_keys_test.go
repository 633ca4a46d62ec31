package ui

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/org"
	"civicgrid/web"
)

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// Every label exists in both languages, with the same format verbs in the
// same order, so Tf fills both alike.
func TestCatalogueHasBothLanguages(t *testing.T) {
	if len(catalogue) < 100 {
		t.Fatalf("catalogue has only %d keys", len(catalogue))
	}
	for key, m := range catalogue {
		if strings.TrimSpace(m.zh) == "" || strings.TrimSpace(m.en) == "" {
			t.Errorf("%s: zh %q, en %q: both languages are required", key, m.zh, m.en)
		}
		zv, ev := verb.FindAllString(m.zh, -1), verb.FindAllString(m.en, -1)
		if strings.Join(zv, " ") != strings.Join(ev, " ") {
			t.Errorf("%s: format verbs differ: zh %v, en %v", key, zv, ev)
		}
		if m.zh == m.en {
			t.Errorf("%s: the Chinese text is the English one (%q)", key, m.zh)
		}
	}
}

// usedKey finds the keys the templates and the Go code look up literally.
// Keys have at least one dot; a prefix that code completes ("role." +
// role) ends with one and is checked below by listing the codes.
var usedKey = regexp.MustCompile(`\.Tf?\(?\s*"([a-z0-9_]+(?:\.[a-z0-9_]+)+)"`)

// Every key the templates and handlers name is in the catalogue, and so
// are the keys built from codes (roles, levels, grid roles, weekdays…).
func TestEveryUsedKeyIsInTheCatalogue(t *testing.T) {
	used := map[string]string{}
	err := fs.WalkDir(web.Files, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(web.Files, p)
		for _, m := range usedKey.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = p
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	goFiles, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range goFiles {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range usedKey.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = f
		}
	}
	if len(used) < 80 {
		t.Fatalf("found only %d keys in use; is the pattern still right?", len(used))
	}
	for _, role := range auth.Roles() {
		used["role."+role] = "auth.Roles"
		used["duty."+role] = "auth.Roles"
	}
	for _, l := range []string{org.LevelProvince, org.LevelCity, org.LevelDistrict, org.LevelStreet, org.LevelCommunity, org.LevelVillage} {
		used["level."+l] = "org levels"
	}
	for _, r := range []string{grid.RoleHead, grid.RoleWorker} {
		used["gridrole."+r] = "grid roles"
	}
	// The desk links every role's nav item with a note (deskLinks).
	for _, role := range auth.Roles() {
		for _, it := range navFor(role, LangZH) {
			if it.Href != "/home" {
				used["dashboard.link."+it.Key] = "deskLinks"
			}
		}
	}
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		used["weekday."+d] = "calendar"
	}
	for m := 1; m <= 12; m++ {
		used["month."+strconv.Itoa(m)] = "calendar"
	}
	for _, k := range []string{"cat.kind.event", "cat.kind.component", "cat.kind.consult", "cat.urgency.normal", "cat.urgency.urgent", "cat.urgency.emergency", "cat.route.centre", "cat.route.grid", "cat.route.street", "cat.forbidden.title"} {
		used[k] = "categories_admin (built from codes)"
	}
	for _, k := range []string{"error.notfound", "error.forbidden", "error.internal", "calendar.noedit",
		"error.invalid", "error.conflict", "error.stale", "error.toomany", "error.unauthenticated", "error.toolarge", "error.unsupported"} {
		used[k+".title"] = "errorPage"
	}
	for key, where := range used {
		if _, ok := catalogue[key]; !ok {
			t.Errorf("%s uses %q, which is not in the catalogue", where, key)
		}
	}
}

func TestLangFallsBackVisibly(t *testing.T) {
	if got := LangEN.T("no.such.key"); got != "[no.such.key]" {
		t.Fatalf("missing key shows %q", got)
	}
	if LangZH.T("nav.signin") == LangEN.T("nav.signin") {
		t.Fatal("the two languages give the same sign-in label")
	}
	if got := LangEN.Tf("pager.page", 3); got != "Page 3" {
		t.Fatalf("Tf = %q", got)
	}
}
