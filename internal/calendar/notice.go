package calendar

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Notice format, for ImportNotice and ParseNotice: a UTF-8 CSV file (a BOM
// is allowed), one listed day per line:
//
//	date,kind,name[,name_en]
//	2027-01-01,off,元旦,New Year's Day
//	2027-02-07,work,春节调休
//
// date is YYYY-MM-DD; kind is off (or 休) for a day off and work (or 班)
// for a working day; name is required, the English name optional. An
// optional first line "date,kind,name[,name_en]" (or 日期,…) is a header;
// blank lines, empty rows (,,,) and lines starting with # are skipped. Each
// date may appear once. Fields may be quoted the CSV way when a name holds
// a comma.
const (
	MaxNoticeBytes   = 256 << 10
	MaxNoticeEntries = 1000
	maxName          = 40
	maxNameEn        = 80
)

// ParseNotice reads a notice file and returns its entries in file order.
// Every problem is reported with its line number in a *ValidationError;
// on any problem no entry is returned.
func ParseNotice(r io.Reader) ([]Entry, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxNoticeBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxNoticeBytes {
		v := &ValidationError{}
		v.addp(coded(0, ProblemTooLarge, []any{MaxNoticeBytes >> 10},
			"the notice file is larger than %d KiB; a year's notice is about 40 lines", MaxNoticeBytes>>10))
		return nil, v
	}
	return parseEntries(data, MaxNoticeEntries)
}

func parseEntries(data []byte, maxEntries int) ([]Entry, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	v := &ValidationError{}
	if !utf8.Valid(data) {
		v.addp(coded(0, ProblemNotUTF8, nil, "the file is not UTF-8 text (saved as GBK from Excel? save it as \"CSV UTF-8\")"))
		return nil, v
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.Comment = '#'
	cr.TrimLeadingSpace = true
	var (
		entries []Entry
		seen    = map[string]int{} // date → line
		first   = true
	)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				v.addp(coded(pe.Line, ProblemCSV, nil, "not valid CSV: %v", pe.Err))
			} else {
				v.addp(coded(0, ProblemCSV, nil, "not valid CSV: %v", err))
			}
			return nil, v // the reader cannot be trusted past a syntax error
		}
		line, _ := cr.FieldPos(0)
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if blank(rec) { // Excel writes empty rows as ",,,"
			continue
		}
		if first && isHeader(rec) {
			first = false
			continue
		}
		first = false
		e, ok := parseRecord(v, line, rec)
		if !ok {
			continue
		}
		if prev, dup := seen[e.Date]; dup {
			v.addp(coded(line, ProblemDuplicate, []any{e.Date, prev}, "date %s is already listed on line %d", e.Date, prev))
			continue
		}
		seen[e.Date] = line
		if len(entries) == maxEntries {
			v.addp(coded(line, ProblemTooMany, []any{maxEntries}, "more than %d entries; split the file", maxEntries))
			return nil, v
		}
		entries = append(entries, e)
	}
	if len(entries) == 0 && len(v.Problems) == 0 {
		v.addp(coded(0, ProblemEmpty, nil, "the file lists no days; expected lines like 2027-01-01,off,元旦"))
	}
	if err := v.orNil(); err != nil {
		return nil, err
	}
	return entries, nil
}

func blank(rec []string) bool {
	for _, f := range rec {
		if f != "" {
			return false
		}
	}
	return true
}

func isHeader(rec []string) bool {
	f := strings.ToLower(rec[0])
	return f == "date" || f == "日期"
}

// parseRecord checks one line, adding its problems to v.
func parseRecord(v *ValidationError, line int, rec []string) (Entry, bool) {
	if len(rec) < 3 || len(rec) > 4 {
		v.addp(coded(line, ProblemFields, []any{len(rec)}, "want 3 or 4 fields (date,kind,name[,name_en]), got %d", len(rec)))
		return Entry{}, false
	}
	ok := true
	e := Entry{Date: rec[0], Name: rec[2]}
	if len(rec) == 4 {
		e.NameEn = rec[3]
	}
	if _, msg := parseCivil(rec[0]); msg != "" {
		v.addp(coded(line, ProblemDate, []any{rec[0]}, "%s", msg))
		ok = false
	}
	workday, msg := parseKind(rec[1])
	if msg != "" {
		v.addp(coded(line, ProblemKind, []any{rec[1]}, "%s", msg))
		ok = false
	}
	e.Workday = workday
	if p, bad := checkName("name", e.Name, maxName, true); bad {
		p.Line = line
		v.addp(p)
		ok = false
	}
	if p, bad := checkName("name_en", e.NameEn, maxNameEn, false); bad {
		p.Line = line
		v.addp(p)
		ok = false
	}
	return e, ok
}

func parseKind(s string) (workday bool, problem string) {
	switch strings.ToLower(s) {
	case "off", "休":
		return false, ""
	case "work", "班":
		return true, ""
	}
	return false, "kind " + quote(s) + " must be off (休) or work (班)"
}

// checkName returns the problem with a day's name, if any.
func checkName(field, s string, max int, required bool) (Problem, bool) {
	if s == "" {
		if required {
			return coded(0, ProblemName, []any{field}, "%s is empty; name the holiday, e.g. 元旦 or 春节调休", field), true
		}
		return Problem{}, false
	}
	if n := utf8.RuneCountInString(s); n > max {
		return coded(0, ProblemNameLong, []any{field, max}, "%s is longer than %d characters", field, max), true
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return coded(0, ProblemNameChars, []any{field}, "%s %s holds a control or invalid character", field, quote(s)), true
		}
	}
	return Problem{}, false
}

// quote shows a user's text in an error, cut so a huge field cannot flood it.
func quote(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max]) + "…"
	}
	return strconv.Quote(s)
}
