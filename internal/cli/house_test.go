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

// TestHouseAndHouseholdCommands: a building, a unit, a room with its
// house, an edit, owners and a household from the command line; bad input
// refused.
func TestHouseAndHouseholdCommands(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	t.Setenv("CIVICGRID_DB", "")
	run := func(wantErr bool, args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		n := 2
		if args[0] == "grid" || args[0] == "person" && args[1] == "household" {
			n = 3
		}
		args = append(append(append([]string{}, args[:n]...), "--data", dir), args[n:]...)
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
	run(false, "address", "estate", "--community", "210504002001", "--name", "阳光小区")
	if out := run(false, "address", "estate-rename", "--id", "1", "--name", "阳光花园"); !strings.Contains(out, "is now 阳光花园") {
		t.Errorf("estate rename: %s", out)
	}
	run(true, "address", "estate-rename", "--id", "1", "--name", "")
	run(false, "address", "estate-retire", "--id", "1")
	run(true, "address", "estate-rename", "--id", "1", "--name", "又一名")
	run(false, "grid", "building", "add", "--grid", "210504002001001", "--name", "3号楼")
	if out := run(false, "grid", "building", "edit", "--code", "210504002001001001", "--name", "3号楼", "--address", "胜利路12号"); !strings.Contains(out, "is now 3号楼") {
		t.Errorf("building edit: %s", out)
	}
	run(true, "grid", "building", "edit", "--code", "210504002001001001", "--name", "")
	unitOut := run(false, "grid", "unit", "add", "--building", "210504002001001001", "--name", "1单元")
	unit := strings.Fields(unitOut)[1]
	if out := run(false, "grid", "unit", "rename", "--code", unit, "--name", "一单元"); !strings.Contains(out, "is now 一单元") {
		t.Errorf("unit rename: %s", out)
	}
	run(true, "grid", "unit", "rename", "--code", unit, "--name", " ")
	if msg := run(true, "house", "room", "--building", "210504002001001001", "--room", "502", "--road", "胜利路", "--door", "12",
		"--use", "自住", "--area", "0"); !strings.Contains(msg, "area") {
		t.Errorf("zero area: %s", msg)
	}
	if msg := run(true, "house", "room", "--room", "502", "--road", "胜利路", "--door", "12", "--use", "自住", "--area", "80"); !strings.Contains(msg, "building") {
		t.Errorf("no building: %s", msg)
	}
	out := run(false, "house", "room", "--building", "210504002001001001", "--unit", unit, "--room", "502",
		"--road", "胜利路", "--door", "12", "--use", "出租", "--area", "89.5", "--tenants", "2", "--lease-start", "2026-01-01", "--lease-end", "2026-12-31")
	if !strings.Contains(out, "house 1: 明山区北地街道胜利路12号3栋1单元502室, rent, 89.50 m², 2 tenants") {
		t.Fatalf("house room: %s", out)
	}
	run(true, "house", "edit", "--id", "1", "--use", "自住", "--area", "89.5", "--tenants", "1")
	if out := run(false, "house", "edit", "--id", "1", "--use", "自住", "--area", "90"); !strings.Contains(out, "own, 90.00 m² (version 2)") {
		t.Errorf("house edit: %s", out)
	}
	for _, n := range []string{"210504198001010011", "210504198202020022"} {
		first := n[:17]
		run(false, "person", "add", "--name", "张三", "--id-number", first+string(people.CheckChar(first)), "--house", "1")
	}
	if msg := run(true, "person", "household", "add", "--member", "1:户主", "--member", "1:配偶"); !strings.Contains(msg, "两次") {
		t.Errorf("a person twice: %s", msg)
	}
	out = run(false, "person", "household", "add", "--member", "1:户主", "--member", "2:配偶")
	if !strings.Contains(out, "household 1") || !strings.Contains(out, "户主") || !strings.Contains(out, "张*") {
		t.Errorf("household add: %s", out)
	}
	run(true, "person", "household", "leave", "--household", "1", "--person", "1")
	run(false, "person", "household", "leave", "--household", "1", "--person", "2")
	if out := run(false, "person", "household", "join", "--household", "1", "--person", "2", "--relation", "配偶"); !strings.Contains(out, "配偶") {
		t.Errorf("household join: %s", out)
	}
	if out := run(false, "house", "owners", "--id", "1", "--owner", "1:50", "--owner", "2:50"); !strings.Contains(out, "2 owners") {
		t.Errorf("owners: %s", out)
	}
	run(true, "house", "owners", "--id", "1", "--owner", "1:80", "--owner", "2:50")
	if out := run(false, "house", "retire", "--id", "1"); !strings.Contains(out, "retired") {
		t.Errorf("retire: %s", out)
	}
}
