package calendar_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/calendar"
)

func TestParseNoticeAcceptsTheDocumentedForm(t *testing.T) {
	in := "\uFEFFdate,kind,name,name_en\r\n" +
		"# 国务院办公厅关于2027年部分节假日安排的通知（test data）\r\n" +
		"2027-01-01,off,元旦,New Year's Day\r\n" +
		"\r\n" +
		",,,\r\n" +
		"2027-02-07, work ,春节调休\r\n" +
		"2027-02-08,休,春节\r\n" +
		"2027-02-20,班,\"春节调休, 周六\"\r\n"
	got, err := calendar.ParseNotice(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []calendar.Entry{
		{Date: "2027-01-01", Workday: false, Name: "元旦", NameEn: "New Year's Day"},
		{Date: "2027-02-07", Workday: true, Name: "春节调休"},
		{Date: "2027-02-08", Workday: false, Name: "春节"},
		{Date: "2027-02-20", Workday: true, Name: "春节调休, 周六"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

// Every bad line is reported with its line number, and nothing is returned.
func TestParseNoticeReportsEveryBadLine(t *testing.T) {
	in := strings.Join([]string{
		"date,kind,name",          // 1 header
		"2027-01-01,off,元旦",       // 2 fine
		"2027-02-30,off,春节",       // 3 no such date
		"2027-02-07,rest,春节调休",    // 4 bad kind
		"2027-01-01,off,元旦",       // 5 duplicate of line 2
		"2027-02-08,off",          // 6 too few fields
		"# a comment",             // 7
		"2027-02-09,off,",         // 8 empty name
		"27-02-10,off,春节",         // 9 short year
		"1999-10-01,off,国庆节",      // 10 out of range
		"2027-2-11,work,春节调休",     // 11 month not two digits
		"2027-02-12,off,a,b,c",    // 12 too many fields
		"2027-02-13,off,\x01bell", // 13 control character
	}, "\n")
	entries, err := calendar.ParseNotice(strings.NewReader(in))
	if entries != nil {
		t.Errorf("entries returned despite errors: %v", entries)
	}
	var ve *calendar.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, calendar.ErrInvalid) {
		t.Fatalf("error %v, want a *ValidationError matching ErrInvalid", err)
	}
	var lines []int
	for _, p := range ve.Problems {
		lines = append(lines, p.Line)
	}
	if want := []int{3, 4, 5, 6, 8, 9, 10, 11, 12, 13}; !reflect.DeepEqual(lines, want) {
		t.Errorf("problem lines %v, want %v\n%v", lines, want, err)
	}
	for _, s := range []string{"line 3:", "2027-02-30", "line 4:", "off (休) or work (班)", "line 5:", "already listed on line 2", "line 6:", "got 2"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error text lacks %q: %v", s, err)
		}
	}
}

func TestParseNoticeRejectsWholeFiles(t *testing.T) {
	cases := map[string]string{
		"empty":         "",
		"header only":   "date,kind,name\n",
		"GBK":           "2027-01-01,off,\xd4\xaa\xb5\xa9\n", // 元旦 in GBK
		"bare quote":    "2027-01-01,off,元\"旦\n",
		"too large":     strings.Repeat("#", calendar.MaxNoticeBytes+1),
		"too many days": manyDays(calendar.MaxNoticeEntries + 1),
	}
	for name, in := range cases {
		entries, err := calendar.ParseNotice(strings.NewReader(in))
		if !errors.Is(err, calendar.ErrInvalid) || entries != nil {
			t.Errorf("%s: entries %d, error %v; want a validation error", name, len(entries), err)
		}
	}
}

// manyDays lists n consecutive days off from 2100-01-01.
func manyDays(n int) string {
	var b strings.Builder
	d := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%s,off,假\n", d.AddDate(0, 0, i).Format("2006-01-02"))
	}
	return b.String()
}
