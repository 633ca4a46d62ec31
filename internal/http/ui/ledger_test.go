package ui_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// The order ledger is the search, every page of it, as a workbook or CSV,
// in the user's scope; the callback ledger is the dispatch desk's.
func TestOrderLedgers(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		var mine []order.Order
		for i := range 3 {
			mine = append(mine, fileOrder(t, e, demoGrid(t, e, streetAdminNode, 0), order.ChannelHotline, "other.request", "台账测试单 北地 "+strconv.Itoa(i)))
		}
		theirs := fileOrder(t, e, demoGrid(t, e, otherStreet, 0), order.ChannelHotline, "other.request", "台账测试单 高峪")
		q := "?q=" + url.QueryEscape("台账测试单")

		st := orderSignedIn(t, e, "street")
		wantContains(t, st.get("/orders"+q), "search page", `id="orders-export-xlsx"`, `/orders/export.xlsx?q=`)
		book := openWorkbook(t, st.get("/orders/export.xlsx"+q), "street ledger")
		frozenHeader(t, book, "工单台账")
		rows := sheetRows(t, book, "工单台账", false)
		if len(rows) != 1+len(mine) {
			t.Fatalf("street ledger has %d rows, want the header and %d orders", len(rows), len(mine))
		}
		head := strings.Join(rows[0][:3], ",")
		if head != "工单编号,来源渠道,状态" {
			t.Errorf("ledger header %q", rows[0])
		}
		for i, row := range rows[1:] {
			want := mine[len(mine)-1-i] // newest first
			if row[0] != want.Number || row[1] != "12345热线" || row[10] != want.Description {
				t.Errorf("ledger row %d: %q, want %s", i, row[:11], want.Number)
			}
			if strings.Contains(strings.Join(row, "|"), "13900001234") || strings.Contains(strings.Join(row, "|"), "王五") {
				t.Errorf("ledger row %d shows the reporter: %q", i, row)
			}
		}
		for _, row := range rows {
			if row[0] == theirs.Number {
				t.Errorf("street ledger has the other street's order %s", theirs.Number)
			}
		}
		// Received is a date, stored as a number; returns a number.
		raw, _ := book.GetCellValue("工单台账", "L2", excelize.Options{RawCellValue: true})
		if _, err := strconv.ParseFloat(raw, 64); err != nil {
			t.Errorf("received cell holds %q, not a date serial", raw)
		}
		if typ, _ := book.GetCellType("工单台账", "S2"); typ != excelize.CellTypeUnset {
			t.Errorf("returns stored as %v, not a number", typ)
		}

		// CSV for machines, English headers on request.
		en := measuresCSV(t, st.get("/orders/export.csv"+q+"&lang=en").Body)
		if len(en) != 1+len(mine) || en[0][0] != "Order number" || en[1][0] != mine[len(mine)-1].Number {
			t.Errorf("English CSV ledger %q", en)
		}
		// A bad filter is refused before anything is sent.
		bad := st.get("/orders/export.xlsx?channel=fax")
		wantStatus(t, bad, http.StatusBadRequest, "ledger with an unknown channel")

		// The dispatcher's callback ledger: resolved orders; street users
		// may not have it.
		d := orderSignedIn(t, e, "dispatcher")
		resolved := dispatchResolved(t, e, mine[0])
		cb := sheetRows(t, openWorkbook(t, d.get("/dispatch/callbacks/export.xlsx"), "callback ledger"), "回访台账", false)
		if len(cb) != 2 || cb[1][0] != resolved.Number || cb[1][2] != "已办结待回访" || cb[1][15] == "" {
			t.Errorf("callback ledger %q, want the one resolved order with its resolution time", cb)
		}
		wantStatus(t, st.get("/dispatch/callbacks/export.xlsx"), http.StatusForbidden, "street user's callback ledger")
	})
}
