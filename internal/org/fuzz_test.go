package org_test

import (
	"errors"
	"slices"
	"testing"
	"testing/fstest"

	"civicgrid/internal/org"
)

// FuzzParseDivisions feeds arbitrary bytes as the five files. The parser
// must never panic; it must refuse with a *ParseError or return divisions
// in which every row is well formed and hangs from a parent that is there.
func FuzzParseDivisions(f *testing.F) {
	add := func(fsys fstest.MapFS) {
		f.Add(fsys["provinces.csv"].Data, fsys["cities.csv"].Data, fsys["areas.csv"].Data,
			fsys["streets.csv"].Data, fsys["villages.csv"].Data)
	}
	add(fixtureFS(f))
	add(tinyFS())
	for _, bad := range []struct{ file, line string }{
		{"streets.csv", `999999001,"某街道",999999,99,9999`},
		{"streets.csv", `210504099,"某街道",210505,21,2105`},
		{"villages.csv", `21050400200A,"某社区居委会",210504002,21,2105,210504`},
		{"villages.csv", `210504002001,"永光社区居委会",210504002,21,2105,210504`},
		{"cities.csv", `2106,"",21`},
		{"cities.csv", "2106,\"丹东市,21"},
		{"areas.csv", `210599,"某区",2105`},
		{"provinces.csv", "22,\"吉\x00林省\""},
	} {
		fsys := tinyFS()
		fsys[bad.file].Data = append(fsys[bad.file].Data, bad.line+"\n"...)
		add(fsys)
	}
	wrongHeader := tinyFS()
	wrongHeader["areas.csv"].Data = []byte("code,name,cityCode\n210504,\"明山区\",2105\n")
	add(wrongHeader)

	f.Fuzz(func(t *testing.T, provinces, cities, areas, streets, villages []byte) {
		fsys := fstest.MapFS{
			"provinces.csv": {Data: provinces},
			"cities.csv":    {Data: cities},
			"areas.csv":     {Data: areas},
			"streets.csv":   {Data: streets},
			"villages.csv":  {Data: villages},
		}
		d, err := org.ParseDivisions(fsys)
		if err != nil {
			var pe *org.ParseError
			if !errors.As(err, &pe) || pe.File == "" || pe.Line < 0 {
				t.Fatalf("error %v is not a ParseError with a file", err)
			}
			return
		}
		levels := []string{org.LevelProvince, org.LevelCity, org.LevelDistrict, org.LevelStreet, org.LevelCommunity, org.LevelVillage}
		regions := d.Regions()
		for _, r := range regions {
			if r.Name == "" || r.OfficialName == "" || !slices.Contains(levels, r.Level) {
				t.Fatalf("bad row %+v", r)
			}
			if r.Level == org.LevelProvince {
				if r.ParentCode != "" || len(r.Code) != 2 {
					t.Fatalf("bad province %+v", r)
				}
				continue
			}
			if _, ok := d.Lookup(r.ParentCode); !ok || !org.Covers(r.ParentCode, r.Code) || r.ParentCode == r.Code {
				t.Fatalf("row %+v: parent missing or not its prefix", r)
			}
		}
		// Filtering by the deepest non-leaf row keeps exactly its scope.
		under := ""
		for _, r := range regions {
			if len(r.Code) < 12 {
				under = r.Code
			}
		}
		if under == "" {
			return
		}
		sub, err := org.ParseDivisionsUnder(fsys, under)
		if err != nil {
			t.Fatalf("ParseDivisionsUnder(%s) after ParseDivisions succeeded: %v", under, err)
		}
		want, err := d.Scope(under)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(sub.Regions(), want) {
			t.Fatalf("ParseDivisionsUnder(%s) kept %d rows, Scope has %d", under, sub.Len(), len(want))
		}
	})
}
