package ui_test

import (
	"net/http"
	"strings"
	"testing"

	"civicgrid/internal/store"
)

// /orders shows each order's 诉求类型, filters by it, and the CSV ledger
// carries it.
func TestOrderListDemandType(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		g, _ := consoleGrid(t, e)
		complaint := fileOrder(t, e, g.Code, "hotline", "corridor.clutter", "我要投诉楼道里堆满杂物没人管")
		question := fileOrder(t, e, g.Code, "hotline", "consult.policy", "请问加装电梯有补贴吗？")
		c := e.client(t)
		c.signIn("admin", e.creds["admin"])
		list := c.get("/orders?demand_type=complaint")
		wantStatus(t, list, http.StatusOK, "filtered list")
		wantContains(t, list, "complaints", complaint.Number, `<span class="badge demand-type">投诉</span>`, `<option value="complaint" selected>`)
		wantLacks(t, list, "complaints only", question.Number)
		wantStatus(t, c.get("/orders?demand_type=rant"), http.StatusBadRequest, "unknown type")
		csv := c.get("/orders/export.csv?demand_type=consult")
		wantStatus(t, csv, http.StatusOK, "csv")
		header, _, _ := strings.Cut(csv.Body, "\n")
		if !strings.Contains(header, "诉求类型") || !strings.Contains(csv.Body, question.Number) || strings.Contains(csv.Body, complaint.Number) {
			t.Fatalf("csv:\n%s", csv.Body)
		}
		if !strings.Contains(csv.Body, ",咨询\r\n") && !strings.Contains(csv.Body, ",咨询\n") {
			t.Fatalf("csv lacks the type:\n%s", csv.Body)
		}
	})
}
