package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"civicgrid/internal/address"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// TestPropertyPage: the community registers a company, records who serves
// its 小区 and files its owners' committee from the page; bad input is
// refused in Chinese and writes nothing; the leader reads, a grid worker
// may not.
func TestPropertyPage(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		const community = "210504002001" // 永光社区, the demo community user's
		est, err := address.CreateEstate(ctx, db, grid.CommandLine("210504"), community, "测试花园")
		if err != nil {
			t.Fatal(err)
		}
		estate := strconv.FormatInt(est.ID, 10)
		c := e.client(t)
		c.signIn("community", e.creds["community"])
		page := c.get("/property")
		wantStatus(t, page, http.StatusOK, "property page")
		wantContains(t, page, "property page", "物业与业委会", "登记物业企业", "测试花园")

		bad := c.post("/property/company", url.Values{"name": {"测试物业"}, "contact_name": {"王经理"}, "contact_phone": {"12"}})
		wantStatus(t, bad, http.StatusBadRequest, "bad phone")
		wantContains(t, bad, "bad phone", "联系电话格式不对")
		if n := count(t, db, "property_companies"); n != 0 {
			t.Fatalf("%d companies after bad input", n)
		}
		ok := c.post("/property/company", url.Values{"name": {"测试物业"}, "contact_name": {"王经理"}, "contact_phone": {"13800001111"}})
		wantStatus(t, ok, http.StatusSeeOther, "add company")
		var company string
		if err := db.QueryRowContext(ctx, `SELECT CAST(id AS TEXT) FROM property_companies`).Scan(&company); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, c.post("/property/contract", url.Values{"company_id": {company}, "estate_id": {estate},
			"starts_on": {"2025-01-01"}, "ends_on": {"2027-12-31"}}), http.StatusSeeOther, "contract")
		overlap := c.post("/property/contract", url.Values{"company_id": {company}, "estate_id": {estate},
			"starts_on": {"2027-06-01"}, "ends_on": {"2028-12-31"}})
		wantStatus(t, overlap, http.StatusBadRequest, "overlap")
		wantContains(t, overlap, "overlap", "该小区在此期间已有物业服务合同")
		four := c.post("/property/committee", url.Values{"estate_id": {estate}, "filed_on": {"2025-03-01"}, "term_start": {"2025-03-01"},
			"term_end": {"2030-02-28"}, "members": {"张一 主任\n李二\n王三\n赵四"}})
		wantStatus(t, four, http.StatusBadRequest, "four members")
		wantContains(t, four, "four members", "业主委员会应由5至11人单数组成")
		wantStatus(t, c.post("/property/committee", url.Values{"estate_id": {estate}, "filed_on": {"2025-03-01"}, "term_start": {"2025-03-01"},
			"term_end": {"2030-02-28"}, "members": {"张一 主任\n李二 副主任\n王三\n赵四\n钱五"}}), http.StatusSeeOther, "committee")

		leader := e.client(t)
		leader.signIn("leader", e.creds["leader"])
		read := leader.get("/property")
		wantStatus(t, read, http.StatusOK, "leader reads")
		wantContains(t, read, "leader reads", "测试物业", "测试花园", "2025-01-01 — 2027-12-31", "张*（主任）")
		wantLacks(t, read, "leader reads", "王经理", "13800001111", "张一", `id="company-form"`)
		gw := e.client(t)
		gw.signIn("grid", e.creds["grid"])
		wantStatus(t, gw.get("/property"), http.StatusForbidden, "grid worker")
		wantStatus(t, gw.post("/property/company", url.Values{"name": {"x"}}), http.StatusForbidden, "grid worker posts")
	})
}
