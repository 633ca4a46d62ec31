package org_test

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// The fixture in testdata/divisions is cut from the real NBS 2023 files
// (see its README). The literals below were derived from those files with
// awk when the fixture was cut.

// mingshanStreets are the 7 streets of 210504 明山区.
var mingshanStreets = []string{
	"210504002", "210504004", "210504005", "210504008", "210504009", "210504010", "210504011",
}

// mingshanCommittees are the 82 communities and villages of 210504 明山区
// (56 communities, 26 villages).
var mingshanCommittees = []string{
	"210504002001", "210504002002", "210504002003", "210504002004", "210504002005", "210504002006", "210504002007",
	"210504002008", "210504002009", "210504002010", "210504002011", "210504002012", "210504002013", "210504002014",
	"210504004002", "210504004003", "210504004004", "210504004005", "210504004006",
	"210504005001", "210504005002", "210504005003", "210504005004", "210504005005", "210504005006", "210504005007",
	"210504005008", "210504005009", "210504005010",
	"210504008001", "210504008002", "210504008003", "210504008004", "210504008005", "210504008006", "210504008007",
	"210504008008", "210504008009", "210504008010", "210504008011", "210504008012", "210504008013", "210504008014",
	"210504008015", "210504008016", "210504008201",
	"210504009001", "210504009002", "210504009003", "210504009004", "210504009201", "210504009202", "210504009203",
	"210504010001", "210504010002", "210504010003", "210504010004", "210504010201", "210504010202", "210504010203",
	"210504010204", "210504010205", "210504010206", "210504010207", "210504010208", "210504010400",
	"210504011001", "210504011002", "210504011201", "210504011202", "210504011204", "210504011205", "210504011209",
	"210504011210", "210504011211", "210504011213", "210504011215", "210504011217", "210504011218", "210504011219",
	"210504011220", "210504011221",
}

var divisionFileNames = []string{"provinces.csv", "cities.csv", "areas.csv", "streets.csv", "villages.csv"}

// fixtureFS returns the real fixture as an editable in-memory FS.
func fixtureFS(t testing.TB) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, name := range divisionFileNames {
		b, err := os.ReadFile("testdata/divisions/" + name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: b}
	}
	return fsys
}

// tinyFS is one real chain 辽宁省 › 本溪市 › 明山区 › 北地街道 › 永光社区:
// every file has its header on line 1 and one row on line 2, so a row
// appended by a test is line 3.
func tinyFS() fstest.MapFS {
	return fstest.MapFS{
		"provinces.csv": {Data: []byte("code,name\n21,\"辽宁省\"\n")},
		"cities.csv":    {Data: []byte("code,name,provinceCode\n2105,\"本溪市\",21\n")},
		"areas.csv":     {Data: []byte("code,name,cityCode,provinceCode\n210504,\"明山区\",2105,21\n")},
		"streets.csv":   {Data: []byte("code,name,areaCode,provinceCode,cityCode\n210504002,\"北地街道\",210504,21,2105\n")},
		"villages.csv":  {Data: []byte("code,name,streetCode,provinceCode,cityCode,areaCode\n210504002001,\"永光社区居委会\",210504002,21,2105,210504\n")},
	}
}

// edit replaces old with new in one file of fsys, failing if old is absent.
func edit(t testing.TB, fsys fstest.MapFS, file, old, new string) {
	t.Helper()
	s := string(fsys[file].Data)
	if !strings.Contains(s, old) {
		t.Fatalf("%s has no %q", file, old)
	}
	fsys[file] = &fstest.MapFile{Data: []byte(strings.Replace(s, old, new, 1))}
}
