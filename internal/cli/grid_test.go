package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"civicgrid/internal/people"
)

// TestGridAddressHouseCommands runs the structure commands end to end on a
// fresh SQLite store with the test divisions and one imported grid.
func TestGridAddressHouseCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	t.Setenv("CIVICGRID_DB", "")
	stdin := ""
	run := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		n := 2 // the command's words, then --data, then its flags
		if args[0] == "grid" {
			n = 3
		}
		args = append(append(append([]string{}, args[:n]...), "--data", dir), args[n:]...)
		if err := Run(ctx, Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb}, args); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, errb.String())
		}
		return out.String()
	}
	run("import", "divisions", "--from", "../org/testdata/divisions", "--under", "210504")
	geojson := filepath.Join(dir, "grids.geojson")
	if err := os.WriteFile(geojson, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature",
		"properties":{"community_code":"210504002001","name":"一网格","seq":1},
		"geometry":{"type":"Polygon","coordinates":[[[123.8,41.3],[123.801,41.3],[123.801,41.301],[123.8,41.301],[123.8,41.3]]]}}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	run("import", "grids", "--from", geojson)
	stdin = "a long enough passphrase 42\n"
	run("user", "add", "--username", "wang", "--role", "grid", "--node", "210504002001")
	stdin = ""
	if out := run("grid", "member", "add", "--grid", "210504002001001", "--user", "wang", "--role", "worker", "--duty", "兼职"); !strings.Contains(out, "wang is now worker") {
		t.Errorf("member add: %s", out)
	}
	out := run("grid", "building", "add", "--grid", "210504002001001", "--name", "3号楼", "--lng", "123.8005", "--lat", "41.3005")
	if !strings.Contains(out, "building 210504002001001001") {
		t.Fatalf("building add: %s", out)
	}
	run("grid", "unit", "add", "--building", "210504002001001001", "--name", "2单元")
	out = run("address", "add", "--road", "胜利路", "--door", "12", "--building", "210504002001001001", "--unit", "21050400200100100101", "--room", "502")
	if !strings.Contains(out, "胜利路12号3栋2单元502室") {
		t.Fatalf("address add: %s", out)
	}
	if out := run("address", "search", "胜利路十二号3栋2-502"); !strings.Contains(out, "✓") || !strings.Contains(out, "502室") {
		t.Errorf("search: %s", out)
	}
	if out := run("house", "add", "--address", "1", "--use", "出租", "--area", "76.25", "--tenants", "3"); !strings.Contains(out, "76.25 m²") {
		t.Errorf("house add: %s", out)
	}
	// People: a 15-digit ID number is upgraded; found by ID, phone and name, masked.
	if out := run("person", "add", "--name", "刘德", "--id-number", "210504800101123", "--phone", "13812345678", "--house", "1", "--residence", "流动"); !strings.Contains(out, "person 1: 刘* 2105**********") {
		t.Errorf("person add: %s", out)
	}
	for _, q := range []string{"21050419800101123" + string(people.CheckChar("21050419800101123")), "138 1234 5678", "刘德", "刘"} {
		if out := run("person", "search", q); !strings.Contains(out, "刘*") || strings.Contains(out, "13812345678") {
			t.Errorf("person search %q: %s", q, out)
		}
	}
	if out := run("person", "reveal", "--id", "1", "--purpose", "核对登记信息"); !strings.Contains(out, "13812345678") || !strings.Contains(out, "刘德") {
		t.Errorf("person reveal: %s", out)
	}
	if out := run("grid", "member", "remove", "--grid", "210504002001001", "--user", "wang"); !strings.Contains(out, "removed") {
		t.Errorf("member remove: %s", out)
	}
}
