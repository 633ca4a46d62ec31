package sheet

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
)

// CSV writes one table as comma-separated text.
type CSV struct {
	w    io.Writer
	cw   *csv.Writer
	zone *time.Location
	cols []Column
	cell []string
}

// NewCSV writes to w, dates in zone (nil: China Standard Time).
func NewCSV(w io.Writer, zone *time.Location) *CSV {
	return &CSV{w: w, cw: csv.NewWriter(w), zone: zoneOr(zone)}
}

// utf8BOM opens the file: without it Excel reads UTF-8 as the local code
// page and the Chinese turns to mojibake.
const utf8BOM = "\ufeff"

func (c *CSV) ContentType() string { return "text/csv; charset=utf-8" }
func (c *CSV) Ext() string         { return "csv" }

// Sheet writes the header row; name is not written (a CSV file has no
// sheet names) and a second call is ErrOneSheet.
func (c *CSV) Sheet(name string, cols []Column) error {
	if c.cols != nil {
		return ErrOneSheet
	}
	if err := checkColumns(cols); err != nil {
		return err
	}
	c.cols, c.cell = cols, make([]string, len(cols))
	if _, err := io.WriteString(c.w, utf8BOM); err != nil {
		return err
	}
	for i, col := range cols {
		c.cell[i] = Cell(col.Title)
	}
	return c.cw.Write(c.cell)
}

// Row writes one row.
func (c *CSV) Row(values ...any) error {
	vals, err := checkRow(c.cols, values)
	if err != nil {
		return err
	}
	for i, v := range vals {
		c.cell[i] = c.text(c.cols[i].Kind, v)
	}
	return c.cw.Write(c.cell)
}

// Close flushes what is buffered.
func (c *CSV) Close() error {
	c.cw.Flush()
	return c.cw.Error()
}

func (c *CSV) text(k Kind, v any) string {
	if v == nil {
		return ""
	}
	switch k {
	case Int:
		return strconv.FormatInt(v.(int64), 10)
	case Decimal:
		return strconv.FormatFloat(v.(float64), 'f', -1, 64) // every digit, for machines
	case Percent:
		return strconv.FormatFloat(v.(float64)*100, 'f', 1, 64) + "%"
	case Date:
		return v.(time.Time).In(c.zone).Format(time.DateOnly)
	case DateTime:
		return v.(time.Time).In(c.zone).Format("2006-01-02 15:04")
	}
	return Cell(v.(string))
}

// Cell keeps a spreadsheet from reading text as a formula (CSV
// injection): text starting with = + - @ or a tab or CR gets a leading
// apostrophe.
func Cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
