package sheet_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"civicgrid/internal/sheet"
)

func TestCSV(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	w := sheet.NewCSV(&buf, zone)
	if err := w.Sheet("ignored", orderCols); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC)
	if err := w.Row("202603020001", 1234, 0.8531, 87.256, at, at); err != nil {
		t.Fatal(err)
	}
	if err := w.Row("=cmd|' /C calc'!A0", int64(0), nil, nil, time.Time{}, nil); err != nil {
		t.Fatal(err)
	}
	if err := w.Sheet("two", orderCols); !errors.Is(err, sheet.ErrOneSheet) {
		t.Errorf("second sheet: %v, want ErrOneSheet", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := "\ufeff工单编号,受理数,满意率,得分,日期,受理时间\n" +
		"202603020001,1234,85.3%,87.256,2026-03-02,2026-03-02 07:30\n" +
		"'=cmd|' /C calc'!A0,0,,,,\n"
	if got := buf.String(); got != want {
		t.Errorf("CSV\n%q\nwant\n%q", got, want)
	}
}
