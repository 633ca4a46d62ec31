package org_test

import (
	"errors"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"civicgrid/internal/org"
)

func codesOf(rs []org.Region) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Code
	}
	return out
}

func TestParseDivisionsFixture(t *testing.T) {
	d, err := org.ParseDivisions(os.DirFS("testdata/divisions"))
	if err != nil {
		t.Fatal(err)
	}
	// 2 provinces + 2 cities + 4 areas + 32 streets + 327 committees.
	if d.Len() != 367 {
		t.Errorf("Len = %d, want 367", d.Len())
	}
	for code, want := range map[string]map[string]int{
		"210504": {org.LevelStreet: 7, org.LevelCommunity: 56, org.LevelVillage: 26},
		"210502": {org.LevelStreet: 7, org.LevelCommunity: 51, org.LevelVillage: 11},
		"110101": {org.LevelStreet: 17, org.LevelCommunity: 169},
		"2105":   {org.LevelDistrict: 3, org.LevelStreet: 15, org.LevelCommunity: 119, org.LevelVillage: 39},
	} {
		if got := d.CountByLevel(code); !maps.Equal(got, want) {
			t.Errorf("CountByLevel(%s) = %v, want %v", code, got, want)
		}
	}
	r, ok := d.Lookup("210504002001")
	want := org.Region{Code: "210504002001", Name: "永光社区", OfficialName: "永光社区居委会",
		Level: org.LevelCommunity, ParentCode: "210504002"}
	if !ok || r != want {
		t.Errorf("Lookup(210504002001) = %+v, %v; want %+v", r, ok, want)
	}
	r, _ = d.Lookup("210504008201")
	if r.Name != "大峪村" || r.OfficialName != "大峪村委会" || r.Level != org.LevelVillage {
		t.Errorf("210504008201 = %+v, want 大峪村 / 大峪村委会 / village", r)
	}
	r, _ = d.Lookup("11")
	if r.Name != "北京市" || r.Level != org.LevelProvince || r.ParentCode != "" {
		t.Errorf("11 = %+v", r)
	}
}

func TestParseDivisionsUnderKeepsSubtreeAndAncestors(t *testing.T) {
	d, err := org.ParseDivisionsUnder(os.DirFS("testdata/divisions"), "210504")
	if err != nil {
		t.Fatal(err)
	}
	want := append([]string{"21", "2105", "210504"}, mingshanStreets...)
	want = append(want, mingshanCommittees...)
	slices.Sort(want)
	if got := codesOf(d.Regions()); !slices.Equal(got, want) {
		t.Fatalf("kept %d codes %v…, want %d (明山区 and its ancestors only)", len(got), got[:min(8, len(got))], len(want))
	}
	if d.Under() != "210504" {
		t.Errorf("Under = %q", d.Under())
	}
	if _, err := d.Scope("210505"); err == nil {
		t.Error("Scope(210505) on divisions read under 210504 succeeded; the subtree would be incomplete")
	}
}

func TestParseDivisionsUnderStillValidatesEveryLine(t *testing.T) {
	fsys := tinyFS()
	// A bad row far outside 210504 must still be refused.
	fsys["villages.csv"].Data = append(fsys["villages.csv"].Data, "110101001001,\"多福巷社区居委会\",110101001,11,1101,110101\n"...)
	_, err := org.ParseDivisionsUnder(fsys, "210504")
	var pe *org.ParseError
	if !errors.As(err, &pe) || pe.File != "villages.csv" || pe.Line != 3 {
		t.Fatalf("err = %v, want villages.csv:3 (parent street missing)", err)
	}
}

func TestParseDivisionsUnderRefusesUnknownAndMalformedScope(t *testing.T) {
	fsys := tinyFS()
	if _, err := org.ParseDivisionsUnder(fsys, "210505"); !errors.Is(err, org.ErrNotFound) {
		t.Errorf("under 210505 (absent): err = %v, want ErrNotFound", err)
	}
	for _, under := range []string{"", "2", "21050", "210504002001", "21x5", "21%"} {
		var ve *org.ValidationError
		if _, err := org.ParseDivisionsUnder(fsys, under); !errors.As(err, &ve) {
			t.Errorf("under %q: err = %v, want *ValidationError", under, err)
		}
	}
}

func TestParseDivisionsRefusesBadLines(t *testing.T) {
	cases := []struct {
		name, file string
		data       string // replaces the file when set
		add        string // appended as line 3 otherwise
		line       int
		msg        string
	}{
		{name: "missing parent", file: "streets.csv", add: `999999001,"某街道",999999,99,9999`, line: 3,
			msg: "parent area 999999 not found"},
		{name: "parent not the code's prefix", file: "streets.csv", add: `210504099,"某街道",210505,21,2105`, line: 3,
			msg: "areaCode 210505 does not match code 210504099"},
		{name: "ancestor column inconsistent", file: "villages.csv", add: `210504002099,"某社区居委会",210504002,22,2105,210504`, line: 3,
			msg: "provinceCode 22 does not match"},
		{name: "code with a letter", file: "villages.csv", add: `21050400200A,"某社区居委会",210504002,21,2105,210504`, line: 3,
			msg: `code "21050400200A" must be 12 digits`},
		{name: "code too short", file: "cities.csv", add: `210,"某市",21`, line: 3, msg: `code "210" must be 4 digits`},
		{name: "parent code malformed", file: "areas.csv", add: `210599,"某区",21O5,21`, line: 3, msg: `cityCode "21O5" must be 4 digits`},
		{name: "duplicate code", file: "villages.csv", add: `210504002001,"永光社区居委会",210504002,21,2105,210504`, line: 3,
			msg: "duplicate code 210504002001 (first on line 2)"},
		{name: "empty name", file: "cities.csv", add: `2106,"",21`, line: 3, msg: "empty name"},
		{name: "blank name", file: "provinces.csv", add: `22,"   "`, line: 3, msg: "empty name"},
		{name: "control character in name", file: "provinces.csv", add: "22,\"吉\x01林省\"", line: 3, msg: "control characters"},
		{name: "too few fields", file: "streets.csv", add: `210504004,"高峪街道",210504,21`, line: 3, msg: "4 fields, want 5"},
		{name: "too many fields", file: "provinces.csv", add: `22,"吉林省",x`, line: 3, msg: "3 fields, want 2"},
		{name: "wrong header", file: "areas.csv", data: "code,name,cityCode\n210504,\"明山区\",2105\n", line: 1,
			msg: `header is "code,name,cityCode", want "code,name,cityCode,provinceCode"`},
		{name: "columns swapped", file: "streets.csv", data: "code,name,provinceCode,areaCode,cityCode\n210504002,\"北地街道\",21,210504,2105\n", line: 1,
			msg: "header is"},
		{name: "empty file", file: "cities.csv", data: "", line: 1, msg: "empty file"},
		{name: "bad quoting", file: "cities.csv", add: "2106,\"丹东市,21\n", line: 3, msg: "quote"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := tinyFS()
			if c.add != "" {
				fsys[c.file].Data = append(fsys[c.file].Data, c.add+"\n"...)
			} else {
				fsys[c.file] = &fstest.MapFile{Data: []byte(c.data)}
			}
			_, err := org.ParseDivisions(fsys)
			var pe *org.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want *ParseError", err)
			}
			if pe.File != c.file || pe.Line != c.line || !strings.Contains(pe.Msg, c.msg) {
				t.Fatalf("got %q (file %s line %d), want %s:%d: …%s…", err, pe.File, pe.Line, c.file, c.line, c.msg)
			}
			if !strings.HasPrefix(err.Error(), pe.File+":") {
				t.Errorf("message %q does not start with the file name", err)
			}
		})
	}
}

func TestParseDivisionsMissingFile(t *testing.T) {
	fsys := tinyFS()
	delete(fsys, "villages.csv")
	_, err := org.ParseDivisions(fsys)
	var pe *org.ParseError
	if !errors.As(err, &pe) || pe.File != "villages.csv" || pe.Line != 0 {
		t.Fatalf("err = %v, want a ParseError for villages.csv", err)
	}
}

func TestParseDivisionsAcceptsBOMAndCRLF(t *testing.T) {
	fsys := tinyFS()
	for name, f := range fsys {
		fsys[name] = &fstest.MapFile{Data: []byte("\ufeff" + strings.ReplaceAll(string(f.Data), "\n", "\r\n"))}
	}
	d, err := org.ParseDivisions(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := d.Lookup("210504002001"); !ok || r.Name != "永光社区" {
		t.Fatalf("Lookup = %+v, %v", r, ok)
	}
}
