package ledger

import (
	"bytes"
	"errors"
	"testing"

	"civicgrid/internal/sheet"
)

// FuzzReadBind feeds any bytes to the ledger reader and the people
// ledger's header binding: no panic, and every problem names a line of the
// file.
func FuzzReadBind(f *testing.F) {
	f.Add([]byte("姓名,证件号码\n张三,210504198001010015\n"))
	f.Add([]byte("\ufeffname,id_number,house\n\"李,四\",x,\"a\nb\"\n\n,,\n"))
	f.Add([]byte("姓名*,证件号码（必填）,未知\n1,2,3,4\n"))
	f.Add([]byte("PK\x03\x04garbage"))
	var wb bytes.Buffer
	x := sheet.NewXLSX(&wb, nil)
	_ = x.Sheet("实有人口台账", []sheet.Column{{Title: "姓名"}, {Title: "证件号码"}})
	_ = x.Row("王五", "210504198001010015")
	_ = x.Close()
	f.Add(wb.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := Read(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("read error not ErrFormat: %v", err)
			}
			return
		}
		if tab.Header == nil {
			t.Fatal("a table without a header")
		}
		last := 1
		for _, r := range tab.Rows {
			if r.No <= 0 || len(r.Cells) > MaxCells {
				t.Fatalf("row %+v", r)
			}
			last = max(last, r.No)
		}
		recs, err := People.bind(tab)
		var ps Problems
		if err != nil {
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("bind error %v is not a list of problems", err)
			}
			for _, p := range ps {
				if p.Line < 1 || p.Line > last {
					t.Fatalf("problem on line %d of a file of %d lines: %v", p.Line, last, p)
				}
			}
			return
		}
		if len(recs) != len(tab.Rows) {
			t.Fatalf("%d records of %d rows", len(recs), len(tab.Rows))
		}
	})
}

func TestNormDate(t *testing.T) {
	for in, want := range map[string]string{
		"2020-01-05": "2020-01-05", "2020/1/5": "2020-01-05", "2020.1.5": "2020-01-05", "2020年1月5日": "2020-01-05",
		"43835": "2020-01-05", "43835.5": "2020-01-05", "2020/2/30": "2020/2/30", "昨天": "昨天", "": "", "1e5": "1e5",
	} {
		if got := normDate(in); got != want {
			t.Errorf("normDate(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"1.3812345678e+10": "13812345678", "13812345678": "13812345678", "1.5e+3": "1500", "abc": "abc"} {
		if got := numberText(in); got != want {
			t.Errorf("numberText(%q) = %q, want %q", in, got, want)
		}
	}
}
