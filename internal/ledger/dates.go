package ledger

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// datePattern matches the ways offices write a day: 2020-1-5, 2020/01/05,
// 2020.1.5, 2020年1月5日.
var datePattern = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)

// normDate writes a date cell as YYYY-MM-DD: a workbook stores a typed
// date as a day number (43831 is 2020-01-01), people write it in several
// ways. Anything else is returned as it is, for the register to refuse.
func normDate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	if m := datePattern.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if t.Year() == y && int(t.Month()) == mo && t.Day() == d {
			return t.Format(time.DateOnly)
		}
		return s
	}
	// A day number of 1900–2100 (a time of day may follow the point).
	if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 1 && f < 73051 && !strings.ContainsAny(s, "eE") {
		if t, err := excelize.ExcelDateToTime(f, false); err == nil {
			return t.Format(time.DateOnly)
		}
	}
	return s
}

// dateKeys are the columns that hold a day.
var dateKeys = map[string]bool{"moved_in": true, "lease_start": true, "lease_end": true}

// numberText undoes what a spreadsheet does to digits typed as a number:
// 13812345678 may come back as 1.3812345678e+10.
func numberText(s string) string {
	if !strings.ContainsAny(s, "eE") {
		return s
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 1e15 || f != float64(int64(f)) {
		return s
	}
	return fmt.Sprint(int64(f))
}
