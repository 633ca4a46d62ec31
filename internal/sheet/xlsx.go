package sheet

import (
	"archive/zip"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// XLSX writes tables as the sheets of one workbook, streamed: excelize's
// StreamWriter keeps at most 16 MiB of a sheet in memory and spills the
// rest to a temporary file, and the zip is written straight to w, so
// memory stays bounded whatever the rows.
type XLSX struct {
	w      io.Writer
	zone   *time.Location
	file   *excelize.File
	sw     *excelize.StreamWriter
	cols   []Column
	styles []int // per column: the number format of its kind
	header int
	row    int
	names  map[string]bool
	sheets int
	err    error
}

// NewXLSX writes a workbook to w at Close, dates in zone (nil: China
// Standard Time).
func NewXLSX(w io.Writer, zone *time.Location) *XLSX {
	x := &XLSX{w: w, zone: zoneOr(zone), file: excelize.NewFile(), names: map[string]bool{}}
	// excelize assembles the zip in a bytes.Buffer before copying it to
	// w; zipping straight into w instead keeps the compressed workbook out
	// of memory too (the buffer stays empty).
	x.file.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(w) })
	return x
}

func (x *XLSX) ContentType() string {
	return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}
func (x *XLSX) Ext() string { return "xlsx" }

// numFmts are the display formats of each kind ("" is General).
var numFmts = [...]string{Text: "@", Int: "0", Decimal: "0.00", Percent: "0.0%", Date: "yyyy-mm-dd",
	DateTime: "yyyy-mm-dd hh:mm"}

// Sheet ends the sheet before (if any) and starts one named name, with
// its header row frozen and its column widths set.
func (x *XLSX) Sheet(name string, cols []Column) error {
	if x.err != nil {
		return x.err
	}
	if err := checkColumns(cols); err != nil {
		return err
	}
	if x.sw != nil {
		if err := x.sw.Flush(); err != nil {
			return x.fail(err)
		}
	}
	name = x.uniqueName(name)
	if x.sheets == 0 {
		// The new workbook's one sheet, renamed, so none is left empty.
		if err := x.file.SetSheetName(x.file.GetSheetName(0), name); err != nil {
			return x.fail(err)
		}
	} else if _, err := x.file.NewSheet(name); err != nil {
		return x.fail(err)
	}
	x.sheets++
	sw, err := x.file.NewStreamWriter(name)
	if err != nil {
		return x.fail(err)
	}
	x.sw, x.cols, x.row = sw, cols, 1
	if err := x.setStyles(); err != nil {
		return x.fail(err)
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width()); err != nil {
			return x.fail(err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return x.fail(err)
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: x.header, Value: c.Title}
	}
	return x.write(head)
}

// setStyles makes (once per workbook, excelize deduplicates) the header
// style and each column's number format.
func (x *XLSX) setStyles() error {
	var err error
	if x.header, err = x.file.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
	}); err != nil {
		return err
	}
	x.styles = make([]int, len(x.cols))
	for i, c := range x.cols {
		format := numFmts[c.Kind]
		if x.styles[i], err = x.file.NewStyle(&excelize.Style{CustomNumFmt: &format}); err != nil {
			return err
		}
	}
	return nil
}

// Row writes one row: numbers as numbers, dates as dates in the zone.
func (x *XLSX) Row(values ...any) error {
	if x.err != nil {
		return x.err
	}
	vals, err := checkRow(x.cols, values)
	if err != nil {
		return err
	}
	cells := make([]any, len(vals))
	for i, v := range vals {
		if t, ok := v.(time.Time); ok {
			// excelize writes the wall clock of t's own zone.
			v = t.In(x.zone)
		}
		cells[i] = excelize.Cell{StyleID: x.styles[i], Value: v}
	}
	return x.write(cells)
}

func (x *XLSX) write(cells []any) error {
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return x.fail(err)
	}
	if err := x.sw.SetRow(cell, cells); err != nil {
		return x.fail(err)
	}
	x.row++
	return nil
}

// Close ends the last sheet and writes the workbook to w.
func (x *XLSX) Close() error {
	defer x.file.Close() // removes the stream's temporary files
	if x.err != nil {
		return x.err
	}
	if x.sw == nil {
		return x.fail(fmt.Errorf("sheet: workbook has no sheet"))
	}
	if err := x.sw.Flush(); err != nil {
		return x.fail(err)
	}
	if err := x.file.Write(x.w); err != nil {
		return x.fail(err)
	}
	x.err = fmt.Errorf("sheet: workbook closed")
	return nil
}

// fail keeps the first error: a workbook half written is not finished.
func (x *XLSX) fail(err error) error {
	if x.err == nil {
		x.err = fmt.Errorf("sheet: %w", err)
	}
	return x.err
}

// uniqueName makes name a valid sheet name (at most 31 characters, none
// of : \ / ? * [ ]) unused in this workbook.
func (x *XLSX) uniqueName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '_'
		}
		return r
	}, strings.Trim(strings.TrimSpace(name), "'"))
	if name == "" {
		name = "Sheet"
	}
	base := []rune(name)
	if len(base) > 31 {
		base = base[:31]
	}
	name = string(base)
	for n := 2; x.names[strings.ToLower(name)]; n++ {
		suffix := fmt.Sprintf("(%d)", n)
		r := base
		if len(r)+len(suffix) > 31 {
			r = r[:31-len(suffix)]
		}
		name = string(r) + suffix
	}
	x.names[strings.ToLower(name)] = true
	return name
}
