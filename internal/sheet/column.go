package sheet

import (
	"fmt"
	"time"
	"unicode"
	"unicode/utf8"
)

// Kind says what a column holds and how it is written.
type Kind uint8

const (
	// Text is a string, written as text even when it looks like a number
	// (order numbers and region codes keep their digits).
	Text Kind = iota
	// Int is a whole number (int or int64), written as a number.
	Int
	// Decimal is a number (float64, or a whole one) shown with two places.
	Decimal
	// Percent is a float64 fraction (0.853 is 85.3%) formatted 0.0%.
	Percent
	// Date is a time.Time shown as its day in the writer's zone.
	Date
	// DateTime is a time.Time shown to the minute in the writer's zone.
	DateTime
)

// Column is one column of a table.
type Column struct {
	Title string
	Kind  Kind
	// Width is in characters (a Chinese character counts two); 0 picks
	// one from the kind and the title.
	Width float64
}

// defaultWidths are wide enough for the values of each kind.
var defaultWidths = [...]float64{Text: 16, Int: 10, Decimal: 12, Percent: 10, Date: 12, DateTime: 17}

// width is c's width in characters: as set, or the kind's, and never
// narrower than the title.
func (c Column) width() float64 {
	w := c.Width
	if w <= 0 {
		w = defaultWidths[c.Kind]
	}
	return max(w, float64(displayWidth(c.Title)+2))
}

// displayWidth counts a wide (CJK) character as two.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r > unicode.MaxLatin1 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hangul, r) ||
			unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || r >= 0xFF00 && r <= 0xFFEF ||
			r >= 0x3000 && r <= 0x303F) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// value checks v against the column's kind and returns it normalised:
// int64 for Int, float64 for Decimal and Percent, time.Time for the
// dates; nil (and a zero time) stays nil, a blank cell.
func (c Column) value(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch c.Kind {
	case Text:
		if s, ok := v.(string); ok {
			return s, nil
		}
	case Int:
		switch n := v.(type) {
		case int:
			return int64(n), nil
		case int64:
			return n, nil
		}
	case Decimal, Percent:
		switch f := v.(type) {
		case float64:
			return f, nil
		case int64:
			return float64(f), nil
		case int:
			return float64(f), nil
		}
	case Date, DateTime:
		if t, ok := v.(time.Time); ok {
			if t.IsZero() {
				return nil, nil
			}
			return t, nil
		}
	}
	return nil, fmt.Errorf("sheet: column %q (%s) cannot hold %T", c.Title, c.Kind, v)
}

func (k Kind) String() string {
	switch k {
	case Text:
		return "text"
	case Int:
		return "int"
	case Decimal:
		return "decimal"
	case Percent:
		return "percent"
	case Date:
		return "date"
	case DateTime:
		return "datetime"
	}
	return fmt.Sprintf("kind %d", uint8(k))
}

// checkColumns refuses a sheet without columns or with an unnamed one.
func checkColumns(cols []Column) error {
	if len(cols) == 0 {
		return fmt.Errorf("sheet: no columns")
	}
	for i, c := range cols {
		if c.Title == "" || !utf8.ValidString(c.Title) {
			return fmt.Errorf("sheet: column %d has no title", i+1)
		}
		if c.Kind > DateTime {
			return fmt.Errorf("sheet: column %q: unknown kind %d", c.Title, c.Kind)
		}
	}
	return nil
}
