package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"civicgrid/internal/orgunit"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func validCreditCode(body string) string {
	c, _ := orgunit.CreditCheckChar(body)
	return body + string(c)
}

type unitReply struct {
	Unit struct {
		ID           int64  `json:"id"`
		GridCode     string `json:"grid_code"`
		ContactName  string `json:"contact_name"`
		ContactPhone string `json:"contact_phone"`
		Revealed     bool   `json:"revealed"`
	} `json:"unit"`
}

type facilityReply struct {
	Facility struct {
		ID        int64  `json:"id"`
		Code      string `json:"code"`
		GridCode  string `json:"grid_code"`
		State     string `json:"state"`
		OwnerName string `json:"owner_name"`
	} `json:"facility"`
}

// TestUnitsFacilitiesAndOrdersNamingThemOverHTTP: a community registers a
// unit and a streetlight it owns; an order naming the streetlight lands
// at it; bad input is refused and changes nothing; every role reads and
// writes only in its scope.
func TestUnitsFacilitiesAndOrdersNamingThemOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.buildGridbase(t)
		code := validCreditCode("91210504MA0Q12345")
		st, b := e.do(t, "community", "POST", "/api/v1/units", `{"kind":"enterprise","name":"永光物业有限公司","credit_code":"`+code+
			`","address":"胜利路十二号","contact_name":"王建国","contact_phone":"13812345678","staff_count":8}`)
		wantStatus(t, st, 201, "create unit", b)
		u := decode[unitReply](t, b).Unit
		if u.GridCode != "210504002001001" || u.ContactName != "王**" || u.ContactPhone != "138****5678" {
			t.Fatalf("unit %s", b)
		}
		st, b = e.do(t, "community", "POST", fmt.Sprintf("/api/v1/units/%d/reveal", u.ID), `{"purpose":"联系物业处理路灯"}`)
		wantStatus(t, st, 200, "reveal contact", b)
		if r := decode[unitReply](t, b).Unit; r.ContactPhone != "13812345678" || !r.Revealed {
			t.Errorf("revealed %s", b)
		}
		units := count(t, db, "org_units")
		st, b = e.do(t, "community", "POST", "/api/v1/units", `{"kind":"enterprise","name":"坏码公司","credit_code":"`+code[:17]+`0","address":"胜利路十二号"}`)
		wantStatus(t, st, 400, "wrong check character", b)
		if !strings.Contains(string(b), "校验码") {
			t.Errorf("check character message %s", b)
		}
		st, b = e.do(t, "community", "POST", "/api/v1/units", `{"kind":"shop","name":"无址商店","address":"人民路888号"}`)
		wantStatus(t, st, 400, "address in no grid", b)
		if count(t, db, "org_units") != units {
			t.Fatalf("bad input wrote a unit")
		}

		st, b = e.do(t, "community", "POST", "/api/v1/facilities", fmt.Sprintf(`{"kind":"路灯","lng":123.8006,"lat":41.3006,"owner_unit_id":%d}`, u.ID))
		wantStatus(t, st, 201, "create streetlight", b)
		f := decode[facilityReply](t, b).Facility
		if f.Code != "2105040020010109-0001" || f.GridCode != "210504002001001" || f.OwnerName != "永光物业有限公司" {
			t.Fatalf("facility %s", b)
		}
		st, b = e.do(t, "community", "POST", "/api/v1/facilities", `{"kind":"路灯","lng":100.0,"lat":30.0}`)
		wantStatus(t, st, 400, "facility in no grid", b)
		st, b = e.do(t, "community", "PATCH", "/api/v1/facilities/"+f.Code, `{"name":"东侧","lng":100.0,"lat":30.0}`)
		wantStatus(t, st, 400, "facility moved into no grid", b)
		st, b = e.do(t, "community", "PATCH", "/api/v1/facilities/"+f.Code, `{"name":"东侧"}`)
		wantStatus(t, st, 400, "facility edit without a point", b)
		st, b = e.do(t, "community", "PATCH", "/api/v1/facilities/"+f.Code, fmt.Sprintf(`{"name":"胜利路东侧","lng":123.8007,"lat":41.3006,"owner_unit_id":%d}`, u.ID))
		wantStatus(t, st, 200, "edit facility", b)
		if g := decode[facilityReply](t, b).Facility; g.Code != f.Code || g.OwnerName != "永光物业有限公司" || !strings.Contains(string(b), `"name":"胜利路东侧"`) {
			t.Errorf("edited facility %s", b)
		}

		// Orders naming the facility: by facility_code, and typed in the text.
		st, _, b = e.post(t, "operator", "/api/v1/orders", `{"channel":"hotline","category":"corridor.clutter","description":"路灯不亮","facility_code":"21050400200101090001"}`, nil)
		wantStatus(t, st, 201, "order naming a facility", b)
		o := decode[map[string]any](t, b)
		if o["grid_code"] != "210504002001001" || o["facility_code"] != f.Code || !strings.Contains(fmt.Sprint(o["address"]), "路灯") {
			t.Errorf("order at facility %s", b)
		}
		st, _, b = e.post(t, "", "/api/v1/orders", `{"channel":"web","category":"corridor.clutter","description":"路灯 2105040020010109-0001 不亮"}`, nil)
		wantStatus(t, st, 201, "order with the code in the text", b)
		if o := decode[map[string]any](t, b); o["grid_code"] != "210504002001001" || o["facility_code"] != f.Code {
			t.Errorf("order from typed code %s", b)
		}
		orders := count(t, db, "orders")
		st, _, b = e.post(t, "operator", "/api/v1/orders", `{"channel":"hotline","category":"corridor.clutter","description":"路灯不亮","facility_code":"2105040020010109-0099"}`, nil)
		wantStatus(t, st, 400, "unknown facility", b)
		if !strings.Contains(string(b), "没有编码为 2105040020010109-0099 的部件") {
			t.Errorf("unknown facility message %s", b)
		}
		if count(t, db, "orders") != orders {
			t.Errorf("an unknown facility filed an order")
		}

		// Every role, in and out of scope.
		readers := map[string]bool{"cityadmin": true, "admin": true, "operator": true, "dispatcher": true, "supervisor": true,
			"leader": true, "street": true, "community": true, "grid": true, "building": true, "department": true}
		editors := map[string]bool{"cityadmin": true, "admin": true, "street": true, "community": true, "grid": true}
		roleMayEdit := map[string]bool{"cityadmin": true, "admin": true, "street": true, "community": true, "grid": true, "otherstreet": true}
		for _, fu := range fixtureUsers {
			name := fu.name
			read := http.StatusNotFound
			if readers[name] {
				read = http.StatusOK
			}
			st, b := e.do(t, name, "GET", fmt.Sprintf("/api/v1/units/%d", u.ID), "")
			wantStatus(t, st, read, name+" reads unit", b)
			st, b = e.do(t, name, "GET", "/api/v1/facilities/"+f.Code, "")
			wantStatus(t, st, read, name+" reads facility", b)
			write := http.StatusNotFound
			switch {
			case editors[name]:
				write = http.StatusOK
			case !roleMayEdit[name] && readers[name]:
				write = http.StatusForbidden
			}
			st, b = e.do(t, name, "PATCH", "/api/v1/facilities/"+f.Code, `{"state":"损坏"}`)
			wantStatus(t, st, write, name+" marks facility damaged", b)
			st, b = e.do(t, name, "PATCH", "/api/v1/facilities/"+f.Code, `{"name":"胜利路东侧","lng":123.8006,"lat":41.3006}`)
			wantStatus(t, st, write, name+" edits the facility", b)
			st, b = e.do(t, name, "POST", fmt.Sprintf("/api/v1/units/%d/reveal", u.ID), `{"purpose":"核实联系人信息"}`)
			wantStatus(t, st, write, name+" reveals unit contact", b)
			st, b = e.do(t, name, "GET", "/api/v1/units", "")
			wantStatus(t, st, 200, name+" lists units", b)
			if n := strings.Count(string(b), `"kind_name"`); n != map[bool]int{true: 1, false: 0}[readers[name]] {
				t.Errorf("%s lists %d units", name, n)
			}
		}
	})
}
