package cli

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// runKey calls the apikey command directly, so the test does not depend
// on its line in commands().
func runKey(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := runAPIKey(context.Background(), Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb}, args)
	return out.String() + errb.String(), err
}

func TestAPIKeyCommands(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CIVICGRID_DB", "")
	if out, err := run(t, "", "import", "divisions", "--data", dir, "--from", "../org/testdata/divisions", "--under", "210504"); err != nil {
		t.Fatalf("import divisions: %v\n%s", err, out)
	}
	out, err := runKey(t, "add", "--data", dir, "--name", "fixmystreet", "--node", "210504002")
	if err != nil {
		t.Fatalf("add: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "o311_") || strings.ContainsAny(last, " \t") {
		t.Fatalf("key is not alone on the last line: %q", last)
	}
	if out, err := runKey(t, "add", "--data", dir, "--name", "fixmystreet"); err == nil {
		t.Fatalf("a second live key of one name was added:\n%s", out)
	}
	if out, err := runKey(t, "add", "--data", dir, "--name", "x", "--node", "110101001"); err == nil {
		t.Fatalf("a key for a node outside the tree was added:\n%s", out)
	}
	if _, err := runKey(t, "add", "--data", dir); !errors.Is(err, ErrUsage) {
		t.Fatalf("add without --name: %v, want a usage error", err)
	}
	out, err = runKey(t, "list", "--data", dir)
	if err != nil || !strings.Contains(out, "fixmystreet") || !strings.Contains(out, "210504002") {
		t.Fatalf("list: %v\n%s", err, out)
	}
	if _, err := runKey(t, "revoke", "--data", dir, "--name", "fixmystreet", "--id", "1"); !errors.Is(err, ErrUsage) {
		t.Fatalf("revoke with both --name and --id: %v, want a usage error", err)
	}
	if out, err := runKey(t, "revoke", "--data", dir, "--name", "fixmystreet"); err != nil || !strings.Contains(out, "revoked") {
		t.Fatalf("revoke: %v\n%s", err, out)
	}
	if out, err := runKey(t, "revoke", "--data", dir, "--name", "fixmystreet"); err == nil {
		t.Fatalf("revoking a name with no live key succeeded:\n%s", out)
	}
	if _, err := runKey(t, "rotate", "--data", dir); !errors.Is(err, ErrUsage) {
		t.Fatalf("unknown subcommand: %v, want a usage error", err)
	}
}
