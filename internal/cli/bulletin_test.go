package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestBulletinCommands: list a recipient, show the district's weekly
// bulletin and write its workbook, on a fresh SQLite store.
func TestBulletinCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	t.Setenv("CIVICGRID_DB", "")
	t.Setenv("CIVICGRID_SMTP_ADDR", "")
	run := func(args ...string) (string, error) {
		t.Helper()
		var out, errb bytes.Buffer
		n := 2
		if args[0] == "bulletin" && args[1] == "recipient" {
			n = 3
		}
		args = append(append(append([]string{}, args[:n]...), "--data", dir), args[n:]...)
		err := Run(ctx, Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb}, args)
		return out.String() + errb.String(), err
	}
	must := func(args ...string) string {
		t.Helper()
		out, err := run(args...)
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		return out
	}
	must("import", "divisions", "--from", "../org/testdata/divisions", "--under", "210504")
	if out := must("bulletin", "recipient", "add", "--node", "210504", "--kind", "month", "--name", "区长", "--email", "quzhang@example.gov.cn"); !strings.Contains(out, "receives the month bulletin") || strings.Contains(out, "quzhang@") {
		t.Errorf("recipient add: %s", out)
	}
	if out := must("bulletin", "recipient", "list"); !strings.Contains(out, "区长") || !strings.Contains(out, "210504") {
		t.Errorf("recipient list: %s", out)
	}
	if out, err := run("bulletin", "recipient", "add", "--node", "210504", "--name", "x", "--email", "not-an-address"); err == nil {
		t.Errorf("a bad address was taken: %s", out)
	}
	if out := must("bulletin", "show", "--node", "210504", "--date", "2026-03-11"); !strings.Contains(out, "周报 2026-03-02 — 2026-03-08") || !strings.Contains(out, "受理量: 0") {
		t.Errorf("show: %s", out)
	}
	book := filepath.Join(dir, "week.xlsx")
	must("bulletin", "show", "--node", "210504", "--date", "2026-03-11", "--xlsx", book)
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("概况", "A2"); v != "受理量" {
		t.Errorf("workbook A2 %q", v)
	}
	if _, err := run("bulletin", "send"); err == nil || !strings.Contains(err.Error(), "CIVICGRID_SMTP_ADDR") {
		t.Errorf("send without a relay: %v", err)
	}
	if out := must("bulletin", "recipient", "remove", "--id", "1"); !strings.Contains(out, "removed") {
		t.Errorf("remove: %s", out)
	}
	_ = os.Remove(book)
}
