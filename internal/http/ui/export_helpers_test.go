package ui_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// openWorkbook checks that r is an .xlsx download and opens it.
func openWorkbook(t *testing.T, r response, what string) *excelize.File {
	t.Helper()
	wantStatus(t, r, http.StatusOK, what)
	if ct := r.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("%s: Content-Type %q", what, ct)
	}
	if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, ".xlsx") {
		t.Fatalf("%s: Content-Disposition %q", what, cd)
	}
	f, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatalf("%s: not a workbook: %v", what, err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// sheetRows reads one sheet: shown values, or raw (numbers unformatted).
func sheetRows(t *testing.T, f *excelize.File, name string, raw bool) [][]string {
	t.Helper()
	rows, err := f.GetRows(name, excelize.Options{RawCellValue: raw})
	if err != nil {
		t.Fatalf("sheet %s: %v (sheets %v)", name, err, f.GetSheetList())
	}
	return rows
}

// frozenHeader fails unless sheet name has its first row frozen.
func frozenHeader(t *testing.T, f *excelize.File, name string) {
	t.Helper()
	p, err := f.GetPanes(name)
	if err != nil || !p.Freeze || p.YSplit != 1 {
		t.Errorf("sheet %s: panes %+v %v, want the header row frozen", name, p, err)
	}
}
