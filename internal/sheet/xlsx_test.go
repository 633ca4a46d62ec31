package sheet_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"civicgrid/internal/sheet"
	cst "civicgrid/internal/zone"
)

var zone = cst.Shanghai() // China Standard Time, as the server writes

var orderCols = []sheet.Column{
	{Title: "工单编号"},
	{Title: "受理数", Kind: sheet.Int},
	{Title: "满意率", Kind: sheet.Percent},
	{Title: "得分", Kind: sheet.Decimal},
	{Title: "日期", Kind: sheet.Date},
	{Title: "受理时间", Kind: sheet.DateTime},
}

// workbook writes rows under orderCols and opens the result again.
func workbook(t *testing.T, rows ...[]any) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	w := sheet.NewXLSX(&buf, zone)
	if err := w.Sheet("工单台账", orderCols); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := w.Row(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestXLSXTypedCells(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC) // 07:30 on 2 March in Beijing
	f := workbook(t, []any{"202603020001", int64(1234), 0.8531, 87.256, at, at}, []any{"=1+1", 0, nil, nil, time.Time{}, nil})
	const s = "工单台账"
	if got := f.GetSheetList(); len(got) != 1 || got[0] != s {
		t.Fatalf("sheets %v, want [%s]", got, s)
	}
	for col, want := range map[string]string{"A1": "工单编号", "C1": "满意率", "F1": "受理时间"} {
		if v, _ := f.GetCellValue(s, col); v != want {
			t.Errorf("header %s = %q, want %q", col, v, want)
		}
	}
	// What a person sees, through each cell's number format.
	shown := map[string]string{"A2": "202603020001", "B2": "1234", "C2": "85.3%", "D2": "87.26",
		"E2": "2026-03-02", "F2": "2026-03-02 07:30", "A3": "=1+1", "B3": "0", "C3": "", "E3": ""}
	for cell, want := range shown {
		if v, _ := f.GetCellValue(s, cell); v != want {
			t.Errorf("%s shows %q, want %q", cell, v, want)
		}
	}
	// What is stored: numbers and dates are numbers, the code is text.
	raw := map[string]string{"B2": "1234", "C2": "0.8531", "D2": "87.256"}
	for cell, want := range raw {
		if v, _ := f.GetCellValue(s, cell, excelize.Options{RawCellValue: true}); v != want {
			t.Errorf("%s holds %q, want %q", cell, v, want)
		}
	}
	for cell, want := range map[string]excelize.CellType{"A2": excelize.CellTypeInlineString,
		"A3": excelize.CellTypeInlineString, "B2": excelize.CellTypeUnset, "E2": excelize.CellTypeUnset} {
		if typ, _ := f.GetCellType(s, cell); typ != want {
			t.Errorf("%s has type %v, want %v", cell, typ, want)
		}
	}
	// The date is the Excel serial of 2026-03-02 07:30 (46083 days + 0.3125).
	if v, _ := f.GetCellValue(s, "F2", excelize.Options{RawCellValue: true}); !strings.HasPrefix(v, "46083.3125") {
		t.Errorf("F2 holds %q, want the serial 46083.3125", v)
	}
	if f, _ := f.GetCellFormula(s, "A3"); f != "" {
		t.Errorf("text became a formula %q", f)
	}
}

func TestXLSXFrozenHeaderWidthsAndStyle(t *testing.T) {
	t.Parallel()
	f := workbook(t, []any{"1", 1, 0.5, 1.0, nil, nil})
	const s = "工单台账"
	panes, err := f.GetPanes(s)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v, want the first row frozen", panes)
	}
	for col, want := range map[string]float64{"A": 16, "B": 10, "E": 12, "F": 17} {
		if w, _ := f.GetColWidth(s, col); w != want {
			t.Errorf("column %s width %v, want %v", col, w, want)
		}
	}
	id, _ := f.GetCellStyle(s, "A1")
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.Font == nil || !st.Font.Bold {
		t.Errorf("header style %+v is not bold", st)
	}
	id, _ = f.GetCellStyle(s, "C2")
	if st, _ = f.GetStyle(id); st.CustomNumFmt == nil || *st.CustomNumFmt != "0.0%" {
		t.Errorf("percent cell format %v, want 0.0%%", st.CustomNumFmt)
	}
}

func TestXLSXSheetsAndNames(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w := sheet.NewXLSX(&buf, nil)
	for _, name := range []string{"指标", "指标", "a/b:c?[d]*", strings.Repeat("长", 40)} {
		if err := w.Sheet(name, []sheet.Column{{Title: "项"}}); err != nil {
			t.Fatal(err)
		}
		if err := w.Row(name); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"指标", "指标(2)", "a_b_c__d__", strings.Repeat("长", 31)}
	got := f.GetSheetList()
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	if v, _ := f.GetCellValue(want[1], "A2"); v != "指标" {
		t.Errorf("second sheet A2 = %q", v)
	}
}

func TestRowsRefused(t *testing.T) {
	t.Parallel()
	for name, w := range map[string]sheet.Writer{"xlsx": sheet.NewXLSX(&bytes.Buffer{}, nil), "csv": sheet.NewCSV(&bytes.Buffer{}, nil)} {
		if err := w.Row("x"); err == nil {
			t.Errorf("%s: a row before any sheet was taken", name)
		}
		if err := w.Sheet("s", nil); err == nil {
			t.Errorf("%s: a sheet without columns was taken", name)
		}
		if err := w.Sheet("s", []sheet.Column{{Title: "n", Kind: sheet.Int}, {Title: "d", Kind: sheet.Date}}); err != nil {
			t.Fatal(err)
		}
		for _, bad := range [][]any{{1}, {"1", nil}, {1.5, nil}, {1, "2026-01-01"}} {
			if err := w.Row(bad...); err == nil {
				t.Errorf("%s: row %v was taken", name, bad)
			}
		}
		if err := w.Row(1, nil); err != nil {
			t.Errorf("%s: a good row after bad ones: %v", name, err)
		}
	}
}
