package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/store"
)

// An upstream export is filed once, however often it is imported, and a
// file with one bad line files nothing.
func TestImportOrders(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CIVICGRID_DB", "")
	// The district and its users are all the import needs: without the
	// grid base (registers) the demo and every server start take a
	// fraction of the time (demo's own tests build the grid base).
	if out, err := run(t, "", "demo", "--data", dir, "--no-serve", "--history-days", "0", "--registers=false"); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	var community string
	if err := db.QueryRowContext(ctx, `SELECT community_code FROM grids ORDER BY code LIMIT 1`).Scan(&community); err != nil {
		t.Fatal(err)
	}
	yesterday := time.Now().Add(-24 * time.Hour).Format("2006-01-02 15:04:05")
	good := "upstream_id,received_at,category,description,address,community_code,reporter_phone\n" +
		"SJ-1," + yesterday + ",streetlight.out,小区门口路灯不亮,东门," + community + ",13900001111\n" +
		"SJ-2," + yesterday + ",garbage.uncollected,垃圾三天没人收,北门," + community + ",\n"
	file := filepath.Join(dir, "upstream.csv")
	if err := os.WriteFile(file, []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	countOrders := func() int {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders WHERE channel = 'import'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if out, err := run(t, "", "import", "orders", "--data", dir, "--from", file, "--as", "operator", "--dry-run"); err != nil ||
		!strings.Contains(out, "2 lines, all fine") || countOrders() != 0 {
		t.Fatalf("dry run: %v, %d orders\n%s", err, countOrders(), out)
	}
	for run1, want := range []string{"2 orders filed, 0 already", "0 orders filed, 2 already"} {
		out, err := run(t, "", "import", "orders", "--data", dir, "--from", file, "--as", "operator")
		if err != nil || !strings.Contains(out, want) {
			t.Fatalf("run %d: %v\n%s", run1+1, err, out)
		}
	}
	if n := countOrders(); n != 2 {
		t.Fatalf("%d imported orders, want 2", n)
	}
	bad := good + "SJ-3," + yesterday + ",no.such,不知道,南门," + community + ",\n"
	if err := os.WriteFile(file, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, "", "import", "orders", "--data", dir, "--from", file, "--as", "operator")
	if err == nil || !strings.Contains(err.Error(), "line 4") || countOrders() != 2 {
		t.Fatalf("bad file: %v, %d orders\n%s", err, countOrders(), out)
	}
	if _, err := run(t, "", "import", "orders", "--data", dir, "--from", file, "--as", "nobody"); err == nil || !strings.Contains(err.Error(), "no such user") {
		t.Fatalf("unknown user: %v", err)
	}
}
