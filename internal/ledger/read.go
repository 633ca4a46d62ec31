package ledger

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"civicgrid/internal/errs"

	"github.com/xuri/excelize/v2"
)

// Bounds on what an import reads: a community's ledger is thousands of
// lines, a district's people a few hundred thousand.
const (
	MaxBytes = 64 << 20
	MaxRows  = 300_000
	MaxCells = 64
	maxCell  = 500 // characters in one cell
)

// Table is a ledger as read: the header and the data lines, each with its
// row number in the file (1 is the header).
type Table struct {
	Header []string
	Rows   []Line
}

// Line is one data line of a table.
type Line struct {
	No    int
	Cells []string
}

// ErrFormat is a file that is neither a workbook nor CSV text, or too big.
var ErrFormat = errs.New(errs.Invalid, "ledger: unreadable file")

// zipMagic starts every .xlsx (a zip archive).
var zipMagic = []byte("PK\x03\x04")

// Read reads a ledger from an .xlsx workbook (its first sheet) or a UTF-8
// CSV file, told apart by their first bytes. Blank lines are skipped.
func Read(r io.Reader) (Table, error) {
	br := bufio.NewReader(io.LimitReader(r, MaxBytes+1))
	head, _ := br.Peek(4)
	if bytes.Equal(head, zipMagic) {
		return readXLSX(br)
	}
	return readCSV(br)
}

func readXLSX(r io.Reader) (Table, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Table{}, err
	}
	if len(data) > MaxBytes {
		return Table{}, fmt.Errorf("%w: larger than %d MiB — 文件过大", ErrFormat, MaxBytes>>20)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 8 * MaxBytes, UnzipXMLSizeLimit: 4 * MaxBytes})
	if err != nil {
		return Table{}, fmt.Errorf("%w: not an .xlsx workbook: %v — 不是有效的 Excel 文件", ErrFormat, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return Table{}, fmt.Errorf("%w: the workbook has no sheet — 工作簿没有工作表", ErrFormat)
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return Table{}, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	defer rows.Close()
	var t Table
	for no := 1; rows.Next(); no++ {
		// Raw values: a typed date is its day number (normDate reads it),
		// a number all its digits, not the display format's rounding.
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return Table{}, fmt.Errorf("%w: row %d: %v", ErrFormat, no, err)
		}
		if err := t.add(no, cells); err != nil {
			return Table{}, err
		}
	}
	if err := rows.Error(); err != nil {
		return Table{}, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return t, t.done()
}

func readCSV(r io.Reader) (Table, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	var t Table
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return Table{}, fmt.Errorf("%w: line %d: %v — 第%d行不是有效的 CSV", ErrFormat, pe.Line, pe.Err, pe.Line)
			}
			return Table{}, err
		}
		no, _ := cr.FieldPos(0)
		if no == 1 && len(rec) > 0 {
			rec[0] = strings.TrimPrefix(rec[0], "\ufeff")
		}
		if err := t.add(no, rec); err != nil {
			return Table{}, err
		}
	}
	return t, t.done()
}

// add keeps a line: the first non-blank one is the header.
func (t *Table) add(no int, cells []string) error {
	blank := true
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			blank = false
			break
		}
	}
	if blank {
		return nil
	}
	if len(cells) > MaxCells {
		cells = trimTrailingBlank(cells)
		if len(cells) > MaxCells {
			return fmt.Errorf("%w: row %d has %d cells, at most %d — 第%d行列数过多", ErrFormat, no, len(cells), MaxCells, no)
		}
	}
	out := make([]string, len(cells))
	for i, c := range cells {
		if !utf8.ValidString(c) {
			return fmt.Errorf("%w: row %d is not UTF-8 text (save the CSV as UTF-8) — 第%d行不是 UTF-8 编码，请另存为 UTF-8", ErrFormat, no, no)
		}
		c = strings.TrimSpace(c)
		if utf8.RuneCountInString(c) > maxCell {
			return fmt.Errorf("%w: row %d column %d is longer than %d characters — 第%d行第%d列过长", ErrFormat, no, i+1, maxCell, no, i+1)
		}
		out[i] = c
	}
	if t.Header == nil {
		t.Header = out
		return nil
	}
	if len(t.Rows) >= MaxRows {
		return fmt.Errorf("%w: more than %d lines — 超过%d行，请分批导入", ErrFormat, MaxRows, MaxRows)
	}
	t.Rows = append(t.Rows, Line{No: no, Cells: out})
	return nil
}

func trimTrailingBlank(cells []string) []string {
	for len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	return cells
}

func (t *Table) done() error {
	if t.Header == nil {
		return fmt.Errorf("%w: the file is empty — 文件为空", ErrFormat)
	}
	return nil
}
