package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"civicgrid/internal/people"
)

// TestLedgerCommands: import addresses and people from CSV (a bad file
// first, then a dry run, the import and its rerun), export people masked
// and unmasked, and write a template, on a fresh SQLite store.
func TestLedgerCommands(t *testing.T) {
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
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	run(false, "import", "divisions", "--from", "../org/testdata/divisions", "--under", "210504")
	run(false, "import", "grids", "--from", write("grids.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature",
		"properties":{"community_code":"210504002001","name":"一网格","seq":1},
		"geometry":{"type":"Polygon","coordinates":[[[123.8,41.3],[123.801,41.3],[123.801,41.301],[123.8,41.301],[123.8,41.3]]]}}]}`))
	addrs := write("addresses.csv", "街路巷,门牌号,网格编码,经度,纬度\n胜利路,12,210504002001001,123.8005,41.3005\n胜利路,14,,123.8006,41.3006\n")
	if out := run(false, "import", "addresses", "--from", addrs); !strings.Contains(out, "新增2") {
		t.Fatalf("addresses: %s", out)
	}
	first := "21050419850612201"
	id := first + string(people.CheckChar(first))
	bad := write("bad.csv", "姓名,证件号码,网格编码\n王小明,"+id[:17]+"0,210504002001001\n李四,"+id+",999\n")
	msg := run(true, "import", "people", "--from", bad)
	if !strings.Contains(msg, "第2行 证件号码") || !strings.Contains(msg, "第3行 网格编码") || !strings.Contains(msg, "nothing imported") {
		t.Errorf("bad ledger: %s", msg)
	}
	good := write("good.csv", "姓名,证件号码,联系电话,网格编码\n王小明,"+id+",13812345678,210504002001001\n")
	if out := run(false, "import", "people", "--from", good, "--dry-run"); !strings.Contains(out, "试导入") || !strings.Contains(out, "新增1") {
		t.Errorf("dry run: %s", out)
	}
	if out := run(false, "import", "people", "--from", good); !strings.Contains(out, "新增1，未变0") {
		t.Errorf("import: %s", out)
	}
	if out := run(false, "import", "people", "--from", good); !strings.Contains(out, "新增0，未变1") {
		t.Errorf("rerun: %s", out)
	}
	rows := func(path string) [][]string {
		t.Helper()
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rs, err := f.GetRows(f.GetSheetList()[0])
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	masked := filepath.Join(dir, "people.xlsx")
	run(false, "export", "people", "--to", masked)
	if rs := rows(masked); len(rs) != 2 || rs[1][0] != "王**" || rs[1][2] == id {
		t.Errorf("masked export %v", rs)
	}
	full := filepath.Join(dir, "people-full.xlsx")
	run(false, "export", "people", "--to", full, "--purpose", "年度人口核查")
	if rs := rows(full); rs[1][0] != "王小明" || rs[1][2] != id {
		t.Errorf("unmasked export %v", rs)
	}
	tpl := filepath.Join(dir, "tpl.xlsx")
	run(false, "export", "houses", "--template", "--to", tpl)
	if rs := rows(tpl); len(rs) != 1 || rs[0][0] != "街路巷*" {
		t.Errorf("template %v", rs)
	}
}
