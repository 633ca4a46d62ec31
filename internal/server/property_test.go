package server_test

import (
	"strings"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestPropertyAPI: companies through the API, refusals and who may read.
func TestPropertyAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		st, b := e.do(t, "street", "POST", "/api/v1/property/companies", `{"name":"兴业物业","contact_name":"王经理","contact_phone":"13800001111"}`)
		wantStatus(t, st, 201, "street adds a company", b)
		if strings.Contains(string(b), "13800001111") || strings.Contains(string(b), "王经理") {
			t.Errorf("contact unmasked: %s", b)
		}
		st, b = e.do(t, "street", "POST", "/api/v1/property/companies", `{"name":"兴业物业","contact_name":"李","contact_phone":"13800002222"}`)
		wantStatus(t, st, 409, "the same name", b)
		st, b = e.do(t, "street", "POST", "/api/v1/property/companies", `{"name":"乙物业","contact_name":"李","contact_phone":"12"}`)
		wantStatus(t, st, 400, "a bad phone", b)
		st, b = e.do(t, "grid", "POST", "/api/v1/property/companies", `{"name":"丙物业","contact_name":"李","contact_phone":"13800002222"}`)
		wantStatus(t, st, 403, "a grid worker", b)
		st, b = e.do(t, "leader", "GET", "/api/v1/property/companies", "")
		wantStatus(t, st, 200, "leader lists", b)
		if !strings.Contains(string(b), "兴业物业") || !strings.Contains(string(b), `"scores"`) {
			t.Errorf("list %s", b)
		}
		st, b = e.do(t, "otherstreet", "GET", "/api/v1/property/companies", "")
		wantStatus(t, st, 200, "another district's street", b)
		if strings.Contains(string(b), "兴业物业") {
			t.Errorf("another district sees the company: %s", b)
		}
		st, b = e.do(t, "building", "GET", "/api/v1/property/committees", "")
		wantStatus(t, st, 403, "a 楼长 reads committees", b)
		st, b = e.do(t, "community", "POST", "/api/v1/property/contracts", `{"company_id":1,"estate_id":999,"starts_on":"2026-01-01","ends_on":"2026-12-31"}`)
		wantStatus(t, st, 404, "a contract for no 小区", b)
	})
}
