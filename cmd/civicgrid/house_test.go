package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// House rules of the product code (issue 17), checked over the source so
// a new package cannot quietly break them: configuration is read by the
// command line only and passed in; logs go through injected loggers (the
// request's carries its id and route); China Standard Time is defined once.

// calls lists the package-level calls pkg.Name(…) in the non-test Go files
// under the repository, as "path: pkg.Name", skipping the allowed paths.
func calls(t *testing.T, want map[string]map[string]bool, allowed func(path string) bool) []string {
	t.Helper()
	var found []string
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); n == ".git" || n == "testdata" || n == "web" {
				return filepath.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") || allowed(rel) {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		imported := map[string]string{} // local name → import path
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			name := p[strings.LastIndex(p, "/")+1:]
			if im.Name != nil {
				name = im.Name.Name
			}
			imported[name] = p
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			id, ok := sel.X.(*ast.Ident)
			if !ok {
				return true
			}
			if names, ok := want[imported[id.Name]]; ok && names[sel.Sel.Name] {
				found = append(found, rel+": "+imported[id.Name]+"."+sel.Sel.Name)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func set(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

func under(path string, dirs ...string) bool {
	for _, d := range dirs {
		if strings.HasPrefix(path, d+"/") {
			return true
		}
	}
	return false
}

func TestOnlyTheCommandLineReadsTheEnvironment(t *testing.T) {
	t.Parallel()
	got := calls(t, map[string]map[string]bool{"os": set("Getenv", "LookupEnv", "Environ")}, func(p string) bool {
		return under(p, "cmd", "internal/cli",
			"internal/bench",             // the bench command's own settings (CIVICGRID_BENCH_*)
			"internal/store/storetest",   // tests' CIVICGRID_TEST_PG
			"internal/notice/noticetest") // fakes for tests
	})
	for _, g := range got {
		t.Errorf("%s: read the setting in internal/cli and pass it in", g)
	}
}

func TestProductCodeLogsThroughInjectedLoggers(t *testing.T) {
	t.Parallel()
	got := calls(t, map[string]map[string]bool{"log/slog": set("Debug", "Info", "Warn", "Error", "Log", "LogAttrs",
		"DebugContext", "InfoContext", "WarnContext", "ErrorContext")}, func(p string) bool {
		return under(p, "cmd", "internal/cli", "internal/bench") ||
			p == "internal/http/ui/i18n.go" || // a missing message key: a programming error, no request at hand (a test keeps the catalogue whole)
			p == "internal/store/migrate.go" // migrations applied, at debug, before any logger is built
	})
	for _, g := range got {
		t.Errorf("%s: log through the logger you were given (httpx.Log(r) in HTTP code)", g)
	}
}

func TestChinaStandardTimeIsDefinedOnce(t *testing.T) {
	t.Parallel()
	got := calls(t, map[string]map[string]bool{"time": set("FixedZone", "LoadLocation")}, func(p string) bool {
		return p == "internal/zone/zone.go"
	})
	for _, g := range got {
		t.Errorf("%s: use zone.Shanghai()", g)
	}
}

// The design the code relies on is docs/design.md; no file cites the
// brief that lived outside the repository.
func TestNothingCitesTheOutsideDesignBrief(t *testing.T) {
	t.Parallel()
	outside := "DESIGN" + ".md"
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			if d != nil && d.Name() == ".git" {
				return filepath.SkipDir
			}
			return err
		}
		switch filepath.Ext(path) {
		case ".go", ".md", ".sql", ".html", ".js", ".css":
		default:
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), outside) {
			t.Errorf("%s cites %s: cite docs/design.md", path, outside)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// wallClockAllowed lists the files of domain packages that may read the
// wall clock, each with why. Everything else takes the clock it is given
// (a service's Now, an Editor's or Admin's At), so tests and the server
// decide what time it is.
var wallClockAllowed = map[string]string{
	// The fallback of a nil clock.
	"internal/grid/editor.go":         "Editor.At without a clock",
	"internal/auth/admin.go":          "Admin.At without a clock",
	"internal/audit/audit.go":         "an entry recorded with no time",
	"internal/care/service.go":        "Service.now without a clock",
	"internal/classify/service.go":    "Service.now without a clock; the catalogue cache's age",
	"internal/facility/facility.go":   "Service.now without a clock",
	"internal/knowledge/service.go":   "Service.now without a clock",
	"internal/ledger/service.go":      "Service.now without a clock",
	"internal/mailbox/mailbox.go":     "Box.now without a clock",
	"internal/orgunit/unit.go":        "Service.now without a clock",
	"internal/grid/unstamped.go":      "buildings and units written without an editor (demo, benchmarks, tests)",
	"internal/org/unstamped.go":       "the divisions import and departments written without an admin (command line, demo, tests)",
	"internal/address/service.go":     "the address index's poll age",
	"internal/knowledge/search.go":    "the search index's age",
	"internal/classify/store.go":      "elapsed time of a model load",
	"internal/classify/evaluate.go":   "elapsed time of an evaluation",
	"internal/notify/notifier.go":     "elapsed time of a delivery round",
	"internal/report/rollup_build.go": "elapsed time of a rollup",
	"internal/sweep/sweeper.go":       "elapsed time of a sweep",
	"internal/sweep/lease.go":         "a lease between app nodes runs on real time",
	// Not yet given a clock: these take an audit.Actor, which carries none
	// (issue 17, item 5, left over). Remove a line when its file is done.
	"internal/auth/session.go":      "todo: clock",
	"internal/auth/token.go":        "todo: clock",
	"internal/auth/token_revoke.go": "todo: clock",
	"internal/auth/user_create.go":  "todo: clock",
	"internal/auth/user_roster.go":  "todo: clock",
	"internal/auth/user_update.go":  "todo: clock",
	"internal/apikey/key.go":        "todo: clock",
	"internal/calendar/import.go":   "todo: clock",
	"internal/calendar/override.go": "todo: clock",
	"internal/category/edit.go":     "todo: clock",
	"internal/category/import.go":   "todo: clock",
	"internal/category/seed.go":     "todo: clock",
}

// TestDomainCodeTakesAClock: domain packages do not call time.Now() past
// wallClockAllowed, and every entry there still needs to. Naming time.Now
// as a value (a nil clock's default: cfg.Now = time.Now) is fine.
func TestDomainCodeTakesAClock(t *testing.T) {
	t.Parallel()
	got := nowCalls(t, func(p string) bool {
		return under(p, "cmd", "internal/cli", "internal/bench", "internal/demo",
			"internal/server", // wiring: the clock is made here
			"internal/http",   // HTTP layers: a nil clock's fallback, request timing
			"internal/testsupport", "internal/store/storetest", "internal/notice/noticetest",
			"internal/order/ordertest", "internal/orgunit/registertest", "internal/imagemeta/imagemetatest",
			"internal/geo/geotest", "internal/errs/errstest") // test code
	})
	used := map[string]bool{}
	for _, g := range got {
		path := g[:strings.Index(g, ": ")]
		if _, ok := wallClockAllowed[path]; ok {
			used[path] = true
			continue
		}
		t.Errorf("%s: take the clock the service, Editor or Admin carries", g)
	}
	for path := range wallClockAllowed {
		if !used[path] {
			t.Errorf("%s no longer reads the wall clock: drop it from wallClockAllowed", path)
		}
	}
}

// nowCalls lists the calls time.Now() in the non-test Go files outside
// the allowed paths, as "path: time.Now".
func nowCalls(t *testing.T, allowed func(path string) bool) []string {
	t.Helper()
	var found []string
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			if d != nil && (d.Name() == ".git" || d.Name() == "testdata" || d.Name() == "web") {
				return filepath.SkipDir
			}
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") || allowed(rel) {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		timeName := ""
		for _, im := range f.Imports {
			if im.Path.Value == `"time"` {
				timeName = "time"
				if im.Name != nil {
					timeName = im.Name.Name
				}
			}
		}
		if timeName == "" {
			return nil
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Now" {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == timeName {
					found = append(found, rel+": time.Now")
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// Who may do what is the domains' rule (docs/design.md §2): HTTP code asks
// them and names no role, except the menus (which pages a role opens,
// checked against the guards by TestPages/menus).
func TestHTTPLayersNameNoRoles(t *testing.T) {
	t.Parallel()
	got := calls(t, map[string]map[string]bool{"civicgrid/internal/auth": set("RoleOperator", "RoleDispatcher", "RoleStreet",
		"RoleCommunity", "RoleGrid", "RoleBuilding", "RoleDepartment", "RoleSupervisor", "RoleLeader", "RoleAdmin")}, func(p string) bool {
		return !under(p, "internal/http") || p == "internal/http/ui/nav.go"
	})
	for _, g := range got {
		t.Errorf("%s: ask the domain what the user may do (an Actor method, a May… function)", g)
	}
}
