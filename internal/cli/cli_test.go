package cli

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

func run(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := Run(context.Background(), Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb}, args)
	return out.String() + errb.String(), err
}

// The CLI is tested on SQLite in a temporary data directory; the store
// tests cover PostgreSQL.
func TestUserCommands(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CIVICGRID_DB", "")
	if out, err := run(t, "", "import", "divisions", "--data", dir, "--from", "../org/testdata/divisions", "--under", "210504"); err != nil {
		t.Fatalf("import divisions: %v\n%s", err, out)
	} else if !strings.Contains(out, "210504") {
		t.Fatalf("import report does not name the district:\n%s", out)
	}
	out, err := run(t, "s3cret-password-1\n", "user", "add", "--data", dir, "--username", "zhang", "--role", "street", "--node", "210504002")
	if err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	// A node outside the imported tree is refused, and says why.
	if out, err := run(t, "s3cret-password-1\n", "user", "add", "--data", dir, "--username", "li", "--role", "street", "--node", "110101001"); err == nil {
		t.Fatalf("user add with an unknown node succeeded:\n%s", out)
	}
	// Missing password on stdin.
	if _, err := run(t, "", "user", "add", "--data", dir, "--username", "wang", "--role", "street", "--node", "210504002"); err == nil {
		t.Fatal("user add without a password succeeded")
	}
	// Both --node and --department: a usage error.
	if _, err := run(t, "pw-long-enough-1\n", "user", "add", "--data", dir, "--username", "wang", "--role", "street", "--node", "210504002", "--department", "x"); !errors.Is(err, ErrUsage) {
		t.Fatalf("node and department together: %v, want a usage error", err)
	}
	if out, err := run(t, "another-password-2\n", "user", "passwd", "--data", dir, "--username", "zhang"); err != nil {
		t.Fatalf("passwd: %v\n%s", err, out)
	}
	out, err = run(t, "", "user", "token", "--data", dir, "--username", "zhang")
	if err != nil {
		t.Fatalf("token: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "cgt_") || strings.Contains(last, " ") {
		t.Fatalf("token is not alone on the last line: %q", last)
	}
	if _, err := run(t, "", "user", "token", "--data", dir, "--username", "nobody"); err == nil {
		t.Fatal("token for an unknown user succeeded")
	}
}

func TestUnknownCommandIsAUsageError(t *testing.T) {
	if _, err := run(t, "", "frobnicate"); !errors.Is(err, ErrUsage) {
		t.Fatalf("got %v, want ErrUsage", err)
	}
	if _, err := run(t, "", "import", "nothing"); !errors.Is(err, ErrUsage) {
		t.Fatalf("got %v, want ErrUsage", err)
	}
}

func TestEnvironmentSuppliesFlags(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CIVICGRID_DATA", dir)
	t.Setenv("CIVICGRID_DB", "")
	out, err := run(t, "", "migrate")
	if err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	if !strings.Contains(out, dir) {
		t.Fatalf("migrate did not use CIVICGRID_DATA=%s:\n%s", dir, out)
	}
}
