package ledger

import (
	"fmt"
	"strings"

	"civicgrid/internal/sheet"
)

// Column is one column of a ledger: its key (the English header, also
// accepted), its Chinese header (what templates and exports write) and a
// hint for the template's notes.
type Column struct {
	Key      string
	Zh       string
	Required bool
	Hint     string
	Kind     sheet.Kind // how an export writes it
}

// Ledger is one register as a sheet.
type Ledger struct {
	Name    string // people, houses, addresses, units, facilities
	Title   string // 实有人口台账
	Columns []Column
}

// headerKey folds a header cell for matching: a trailing "*" or
// "（必填）" marks a required column in templates and is not part of the
// name; case and spaces do not matter.
func headerKey(s string) string {
	s = strings.TrimSpace(s)
	for _, suf := range []string{"*", "＊", "（必填）", "(必填)", "(required)"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, suf))
	}
	s = strings.ReplaceAll(strings.ToLower(s), " ", "")
	return strings.ReplaceAll(s, "_", "")
}

// record is one line with its cells by column key.
type record struct {
	line  int
	cells map[string]string
}

func (r record) get(key string) string { return r.cells[key] }

// bind maps a table's header to the ledger's columns: every header cell
// must name a column (in Chinese or English), none twice, and every
// required column must be there. All problems are reported together.
func (l Ledger) bind(t Table) ([]record, error) {
	var probs Problems
	byName := map[string]string{}
	for _, c := range l.Columns {
		byName[headerKey(c.Zh)] = c.Key
		byName[headerKey(c.Key)] = c.Key
	}
	keys := make([]string, len(t.Header))
	seen := map[string]bool{}
	for i, h := range t.Header {
		if h == "" {
			continue
		}
		k, ok := byName[headerKey(h)]
		switch {
		case !ok:
			probs.add(1, h, "未知的列，%s的列为：%s (unknown column)", l.Title, l.columnList())
		case seen[k]:
			probs.add(1, h, "列重复 (the column appears twice)")
		default:
			keys[i], seen[k] = k, true
		}
	}
	for _, c := range l.Columns {
		if c.Required && !seen[c.Key] {
			probs.add(1, c.Zh, "缺少必填列“%s” (missing column %s)", c.Zh, c.Key)
		}
	}
	if len(probs) > 0 {
		return nil, probs
	}
	recs := make([]record, len(t.Rows))
	for i, row := range t.Rows {
		r := record{line: row.No, cells: make(map[string]string, len(keys))}
		for j, v := range row.Cells {
			if j < len(keys) && keys[j] != "" {
				switch k := keys[j]; {
				case dateKeys[k]:
					v = normDate(v)
				case k == "phone" || k == "contact_phone":
					v = numberText(v)
				}
				r.cells[keys[j]] = v
			} else if j >= len(keys) && v != "" {
				probs.add(row.No, fmt.Sprintf("第%d列", j+1), "表头之外的单元格有内容 (a cell outside the header's columns)")
			}
		}
		recs[i] = r
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return recs, nil
}

func (l Ledger) columnList() string {
	names := make([]string, len(l.Columns))
	for i, c := range l.Columns {
		names[i] = c.Zh
	}
	return strings.Join(names, "、")
}

// title is the column's Chinese header.
func (l Ledger) title(key string) string {
	for _, c := range l.Columns {
		if c.Key == key {
			return c.Zh
		}
	}
	return key
}

// sheetColumns are the export's columns.
func (l Ledger) sheetColumns() []sheet.Column {
	cols := make([]sheet.Column, len(l.Columns))
	for i, c := range l.Columns {
		cols[i] = sheet.Column{Title: c.Zh, Kind: c.Kind}
	}
	return cols
}
