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
