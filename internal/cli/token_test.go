package cli

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/zone"
)

func TestUserTokenIssueListRevoke(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CIVICGRID_DB", "")
	if out, err := run(t, "", "import", "divisions", "--data", dir, "--from", "../org/testdata/divisions", "--under", "210504"); err != nil {
		t.Fatalf("import divisions: %v\n%s", err, out)
	}
	if out, err := run(t, "s3cret-password-1\n", "user", "add", "--data", dir, "--username", "zhao", "--role", "street", "--node", "210504002"); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	out, err := run(t, "", "user", "token", "--data", dir, "--username", "zhao", "--name", "nightly", "--ttl", "7d")
	if err != nil || !strings.Contains(out, "valid until "+time.Now().Add(7*24*time.Hour).In(zone.Shanghai()).Format("2006-01-02")) {
		t.Fatalf("token --ttl 7d: %v\n%s", err, out)
	}
	for _, bad := range []string{"0d", "30m", "400d", "soon"} {
		if out, err := run(t, "", "user", "token", "--data", dir, "--username", "zhao", "--ttl", bad); err == nil {
			t.Errorf("--ttl %s accepted:\n%s", bad, out)
		}
	}
	out, err = run(t, "", "user", "tokens", "--data", dir, "--username", "zhao")
	if err != nil {
		t.Fatalf("tokens: %v\n%s", err, out)
	}
	row := regexp.MustCompile(`(?m)^(\d+)\s+nightly\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+-\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+valid$`).FindStringSubmatch(out)
	if row == nil || !strings.HasPrefix(out, "id  name") {
		t.Fatalf("token list lacks the token as id, name, created, last used, expires, state:\n%s", out)
	}
	if out, err := run(t, "", "user", "token", "--data", dir, "--revoke", row[1]); err != nil || !strings.Contains(out, "revoked") {
		t.Fatalf("revoke: %v\n%s", err, out)
	}
	if out, _ := run(t, "", "user", "tokens", "--data", dir, "--username", "zhao"); !strings.Contains(out, "revoked 20") {
		t.Fatalf("list after revoke:\n%s", out)
	}
	if _, err := run(t, "", "user", "token", "--data", dir, "--revoke", "9999"); err == nil {
		t.Fatal("revoking an unknown id succeeded")
	}
	if _, err := run(t, "", "user", "token", "--data", dir, "--username", "zhao", "--revoke", row[1]); !errors.Is(err, ErrUsage) {
		t.Fatalf("--username with --revoke: %v, want a usage error", err)
	}
}

func TestParseDays(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{"90d": 90 * 24 * time.Hour, "12h": 12 * time.Hour, "1d12h": 36 * time.Hour} {
		if got, err := parseDays(in); err != nil || got != want {
			t.Errorf("parseDays(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "d", "xd", "-1d", "1d2", "ninety"} {
		if _, err := parseDays(bad); err == nil {
			t.Errorf("parseDays(%q) accepted", bad)
		}
	}
}
