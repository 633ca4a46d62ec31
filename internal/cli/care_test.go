package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCareCommands: care groups|plan|grant|measures|raise end to end on a
// fresh SQLite store; a refused grant changes nothing.
func TestCareCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	t.Setenv("CIVICGRID_DB", "")
	run := func(wantErr bool, args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		args = append(append(append([]string{}, args[:2]...), "--data", dir), args[2:]...)
		err := Run(ctx, Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb}, args)
		if (err != nil) != wantErr {
			t.Fatalf("%v: %v\n%s", args, err, errb.String())
		}
		if err != nil {
			return err.Error()
		}
		return out.String()
	}
	run(false, "import", "divisions", "--from", "../org/testdata/divisions", "--under", "210504")
	geojson := filepath.Join(dir, "grids.geojson")
	if err := os.WriteFile(geojson, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature",
		"properties":{"community_code":"210504002001","name":"一网格","seq":1},
		"geometry":{"type":"Polygon","coordinates":[[[123.8,41.3],[123.801,41.3],[123.801,41.301],[123.8,41.301],[123.8,41.3]]]}}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	run(false, "import", "grids", "--from", geojson)
	if out := run(false, "care", "groups"); !strings.Contains(out, "elder_alone\tcare\t独居老人\tevery 7 days") || !strings.Contains(out, "mental\tspecial\t严重精神障碍患者") {
		t.Fatalf("groups: %s", out)
	}
	if out := run(false, "care", "plan", "--group", "dibao", "--days", "14"); !strings.Contains(out, "dibao\tcare\t低保\tevery 14 days") {
		t.Fatalf("plan: %s", out)
	}
	run(true, "care", "plan", "--group", "dibao", "--days", "0")
	if out := run(false, "care", "grant", "--group", "correction", "--role", "street"); !strings.Contains(out, "granted: [street]") {
		t.Fatalf("grant: %s", out)
	}
	if msg := run(true, "care", "grant", "--group", "correction", "--role", "nobody"); !strings.Contains(msg, "无法授权") {
		t.Fatalf("grant to no role: %s", msg)
	}
	if out := run(false, "care", "groups"); !strings.Contains(out, "dibao\tcare\t低保\tevery 14 days") || strings.Contains(out, "nobody") {
		t.Fatalf("groups after: %s", out)
	}
	if out := run(false, "care", "measures", "--grids"); !strings.Contains(out, "210504002001001\t0\t0\t—") {
		t.Fatalf("measures: %s", out)
	}
	if out := run(false, "care", "raise"); !strings.Contains(out, "0 grid tasks raised") {
		t.Fatalf("raise: %s", out)
	}
}
