package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"civicgrid/internal/orgunit"
)

// TestUnitFacilityCommands: unit add|list and facility add|list|state end
// to end on a fresh SQLite store.
func TestUnitFacilityCommands(t *testing.T) {
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
	run(false, "address", "add", "--road", "胜利路", "--door", "12", "--lng", "123.8005", "--lat", "41.3005")
	c, _ := orgunit.CreditCheckChar("92210504MA0Q1234X")
	code := "92210504MA0Q1234X" + string(c)
	out := run(false, "unit", "add", "--kind", "个体工商户", "--name", "老王修鞋铺", "--credit-code", code, "--address", "胜利路十二号",
		"--contact", "王建国", "--phone", "13812345678", "--staff", "2")
	if !strings.Contains(out, "unit 1: 个体工商户 老王修鞋铺, 胜利路12号 (grid 210504002001001)") {
		t.Fatalf("unit add: %s", out)
	}
	if msg := run(true, "unit", "add", "--kind", "个体工商户", "--name", "坏码", "--credit-code", code[:17]+"0", "--address", "胜利路十二号"); !strings.Contains(msg, "校验码") {
		t.Errorf("wrong check character: %s", msg)
	}
	if out := run(false, "unit", "list"); !strings.Contains(out, "老王修鞋铺") || !strings.Contains(out, "王**") || strings.Contains(out, "13812345678") || !strings.Contains(out, "1 units") {
		t.Errorf("unit list: %s", out)
	}
	out = run(false, "facility", "add", "--kind", "路灯", "--lng", "123.8004", "--lat", "41.3004", "--owner-unit", "1")
	if !strings.Contains(out, "facility 2105040020010109-0001: 路灯 (grid 210504002001001)") {
		t.Fatalf("facility add: %s", out)
	}
	run(true, "facility", "add", "--kind", "路灯", "--lng", "100", "--lat", "30")
	if out := run(false, "facility", "state", "--code", "21050400200101090001", "损坏"); !strings.Contains(out, "损坏") {
		t.Errorf("facility state: %s", out)
	}
	if out := run(false, "facility", "list", "--state", "损坏"); !strings.Contains(out, "2105040020010109-0001\t路灯") || !strings.Contains(out, "老王修鞋铺") {
		t.Errorf("facility list: %s", out)
	}
}
