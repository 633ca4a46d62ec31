package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"civicgrid/internal/pii"
)

// backup and restore from the command line: a user made before the backup
// signs in to the restored directory's store, with the same PII key.
func TestBackupAndRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CIVICGRID_DB", "")
	t.Setenv("CIVICGRID_PII_KEY", "")
	if out, err := run(t, "", "import", "divisions", "--data", dir, "--from", "../org/testdata/divisions", "--under", "210504"); err != nil {
		t.Fatalf("import divisions: %v\n%s", err, out)
	}
	if _, err := pii.Load(dir, ""); err != nil { // as serve does on its first start
		t.Fatal(err)
	}
	if _, err := run(t, "", "backup", "--data", dir); !errors.Is(err, ErrUsage) {
		t.Fatalf("backup without --to: %v, want a usage error", err)
	}
	file := filepath.Join(t.TempDir(), "cg.tar.gz")
	typo := filepath.Join(t.TempDir(), "no-such-data")
	if _, err := run(t, "", "backup", "--data", typo, "--to", file); err == nil || !strings.Contains(err.Error(), "no civicgrid store") {
		t.Fatalf("backup of a missing data directory: %v", err)
	}
	if _, err := os.Stat(typo); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("backup created the mistyped data directory: %v", err)
	}
	out, err := run(t, "", "backup", "--data", dir, "--to", file)
	if err != nil || !strings.Contains(out, "backup written to") || strings.Contains(out, "warning") {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	if _, err := run(t, "", "restore", "--data", dir, "--from", file); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("restore over the live directory: %v", err)
	}
	to := filepath.Join(t.TempDir(), "restored")
	out, err = run(t, "", "restore", "--data", to, "--from", file)
	if err != nil || !strings.Contains(out, "checksums verified") {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	want, _ := os.ReadFile(filepath.Join(dir, "keys", "pii.key"))
	got, err := os.ReadFile(filepath.Join(to, "keys", "pii.key"))
	if err != nil || len(want) == 0 || string(got) != string(want) {
		t.Fatalf("restored key differs (%v)", err)
	}
	if out, err := run(t, "s3cret-password-1\n", "user", "add", "--data", to, "--username", "zhang", "--role", "street", "--node", "210504002"); err != nil {
		t.Fatalf("the restored store lacks the imported divisions: %v\n%s", err, out)
	}
}
