package calendar_test

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/calendar"
)

// FuzzParseNotice: the parser never panics; what it accepts is valid
// (real dates in range, named, no date twice); and writing the accepted
// entries back out as CSV parses to the same entries.
func FuzzParseNotice(f *testing.F) {
	for _, seed := range []string{
		"2027-01-01,off,元旦\n2027-02-07,work,春节调休\n",
		"date,kind,name,name_en\n2027-10-01,off,国庆节,National Day\n",
		"\uFEFF日期,类型,名称\r\n2027-05-01,休,劳动节\r\n2027-04-25,班,劳动节调休\r\n",
		"# comment\n\n2027-01-01,OFF,\"元旦, 新年\"\n",
		"2027-02-30,off,x\n2027-01-01,rest,y\n2027-01-01,off\n",
		"\"unterminated\n",
		"2027-01-01,off,元旦\n2027-01-01,work,元旦\n",
		"\xff\xfe",
		",,,\n",
	} {
		f.Add(seed)
	}
	// The head of the shipped data: real lines, but small, since the
	// fuzzer minimises large inputs slowly.
	head := strings.SplitAfterN(string(mustRead(f, "data/holidays.csv")), "\n", 41)
	f.Add(strings.Join(head[:40], ""))
	f.Fuzz(func(t *testing.T, in string) {
		entries, err := calendar.ParseNotice(strings.NewReader(in))
		if err != nil {
			if entries != nil {
				t.Fatalf("entries returned with error %v", err)
			}
			return
		}
		if len(entries) == 0 {
			t.Fatal("accepted a notice with no days")
		}
		seen := map[string]bool{}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		for _, e := range entries {
			d, err := time.Parse("2006-01-02", e.Date)
			if err != nil || d.Year() < calendar.MinYear || d.Year() > calendar.MaxYear {
				t.Fatalf("accepted date %q", e.Date)
			}
			if seen[e.Date] || strings.TrimSpace(e.Name) == "" {
				t.Fatalf("accepted duplicate or unnamed %+v", e)
			}
			seen[e.Date] = true
			kind := "off"
			if e.Workday {
				kind = "work"
			}
			_ = w.Write([]string{e.Date, kind, e.Name, e.NameEn})
		}
		w.Flush()
		again, err := calendar.ParseNotice(&buf)
		if err != nil {
			t.Fatalf("re-parse of accepted entries failed: %v", err)
		}
		if !reflect.DeepEqual(again, entries) {
			t.Fatalf("round trip changed entries:\n%+v\n%+v", entries, again)
		}
		// Whatever is accepted builds a calendar.
		if _, err := calendar.New(nil, nil, entries); err != nil {
			t.Fatalf("New rejected parsed entries: %v", err)
		}
	})
}

func mustRead(f *testing.F, path string) []byte {
	b, err := readFile(path)
	if err != nil {
		f.Fatal(err)
	}
	return b
}
