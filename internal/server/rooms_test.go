package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestRoomsUnitsHouseholdsAPI: a room with its house in one call, a unit
// renamed, household members added and removed — every fixture role in
// and out of scope, and bad input refused with nothing written.
func TestRoomsUnitsHouseholdsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		g := e.buildGridbase(t)
		count := func() (n int) {
			if err := db.QueryRowContext(t.Context(), `SELECT (SELECT COUNT(*) FROM houses) + (SELECT COUNT(*) FROM addresses)`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := count()
		for _, c := range []struct{ body, want string }{
			{`{"unit_code":"` + g.unit + `","room_no":"601","use":"自住","area_m2":0}`, "area"},
			{`{"unit_code":"` + g.unit + `","room_no":"601","use":"自住","area_m2":"80","tenant_count":2}`, "rented"},
			{`{"unit_code":"` + g.unit + `","use":"自住","area_m2":"80"}`, "room number"},
		} {
			st, b := e.do(t, "community", "POST", "/api/v1/buildings/"+g.building+"/rooms", c.body)
			wantStatus(t, st, 400, "bad room "+c.body, b)
			if !strings.Contains(string(b), c.want) {
				t.Errorf("bad room %s: %s", c.body, b)
			}
		}
		if n := count(); n != before {
			t.Fatalf("refused rooms wrote %d rows", n-before)
		}
		// Who may: admin, street, community and grid staff in scope.
		editors := map[string]int{"cityadmin": 201, "admin": 201, "street": 201, "community": 201, "grid": 201, "otherstreet": 404}
		for i, fu := range fixtureUsers {
			want, ok := editors[fu.name]
			if !ok {
				want = http.StatusForbidden
			}
			st, b := e.do(t, fu.name, "POST", "/api/v1/buildings/"+g.building+"/rooms",
				fmt.Sprintf(`{"unit_code":"%s","room_no":"%d","use":"出租","area_m2":"56.7","tenant_count":1}`, g.unit, 700+i))
			wantStatus(t, st, want, fu.name+" adds a room", b)
			if want == 201 && !strings.Contains(string(b), fmt.Sprintf(`1栋1单元%d室"`, 700+i)) {
				t.Errorf("%s room: %s", fu.name, b)
			}
			if want == 201 {
				want = 200
			}
			st, b = e.do(t, fu.name, "PATCH", "/api/v1/buildings/"+g.building+"/units/"+g.unit, `{"name":"1单元"}`)
			wantStatus(t, st, want, fu.name+" renames the unit", b)
		}
		st, b := e.do(t, "community", "PATCH", "/api/v1/buildings/"+g.building+"/units/"+g.unit, `{"name":""}`)
		wantStatus(t, st, 400, "empty unit name", b)

		// Households: the community registers one, members join and leave.
		var ids []int64
		for i, n := range []string{"21050419850612201", "21050419870101202", "21050420100303203"} {
			st, b := e.do(t, "community", "POST", "/api/v1/people",
				fmt.Sprintf(`{"name":"%s","id_number":"%s","house_id":%d}`, []string{"王大", "李二", "王小"}[i], validID(n), g.house))
			wantStatus(t, st, 201, "person", b)
			ids = append(ids, decode[struct {
				ID int64 `json:"id"`
			}](t, b).ID)
		}
		st, b = e.do(t, "community", "POST", "/api/v1/households", fmt.Sprintf(`{"members":[{"person_id":%d,"relation":"户主"}]}`, ids[0]))
		wantStatus(t, st, 201, "household", b)
		hh := decode[struct {
			ID int64 `json:"id"`
		}](t, b).ID
		path := fmt.Sprintf("/api/v1/households/%d/members", hh)
		st, b = e.do(t, "community", "POST", path, fmt.Sprintf(`{"person_id":%d,"relation":"户主"}`, ids[1]))
		wantStatus(t, st, 400, "second head", b)
		st, b = e.do(t, "community", "POST", path, fmt.Sprintf(`{"person_id":%d,"relation":"子"}`, ids[0]))
		wantStatus(t, st, 400, "the head twice", b)
		// Keepers of the register: admin, community and grid staff in scope;
		// streets and leaders see counts only; others nothing.
		keepers := map[string]int{"cityadmin": 200, "admin": 200, "community": 200, "grid": 200}
		for _, fu := range fixtureUsers {
			want, ok := keepers[fu.name]
			if !ok {
				want = http.StatusForbidden
			}
			st, b := e.do(t, fu.name, "POST", path, fmt.Sprintf(`{"person_id":%d,"relation":"配偶"}`, ids[1]))
			wantStatus(t, st, want, fu.name+" adds a member", b)
			if want == 200 {
				if !strings.Contains(string(b), `"relation":"spouse"`) {
					t.Errorf("%s household: %s", fu.name, b)
				}
				st, b = e.do(t, fu.name, "DELETE", fmt.Sprintf("%s/%d", path, ids[1]), "")
				wantStatus(t, st, 204, fu.name+" removes a member", b)
			}
		}
		st, b = e.do(t, "community", "DELETE", fmt.Sprintf("%s/%d", path, ids[2]), "")
		wantStatus(t, st, 404, "removing a non-member", b)
	})
}

// TestRetireUnitUnderItsBuilding: a building's 单元 is retired under its
// building's path (/api/v1/units/{id} is a 实有单位); a unit still named by
// addresses is kept (409), a unit asked for under another building is 404,
// and only register editors in scope retire.
func TestRetireUnitUnderItsBuilding(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		g := e.buildGridbase(t)
		retire := func(user, building, unit string) (int, []byte) {
			return e.do(t, user, "POST", "/api/v1/buildings/"+building+"/units/"+unit+"/retire", "")
		}
		st, b := retire("community", g.building, g.unit)
		wantStatus(t, st, http.StatusConflict, "unit with live addresses", b)
		st, b = e.do(t, "community", "POST", "/api/v1/grids/210504002001001/buildings", `{"name":"2号楼","lng":123.8006,"lat":41.3006}`)
		wantStatus(t, st, 201, "second building", b)
		other := decode[struct {
			Building struct{ Code string } `json:"building"`
		}](t, b).Building.Code
		st, b = retire("community", other, g.unit)
		wantStatus(t, st, http.StatusNotFound, "unit under another building", b)
		st, b = e.do(t, "community", "POST", "/api/v1/units/"+g.unit+"/retire", "")
		if st != http.StatusNotFound && st != http.StatusMethodNotAllowed {
			t.Errorf("the old clashing path still answers %d: %s", st, b)
		}
		editors := map[string]int{"cityadmin": 204, "admin": 204, "street": 204, "community": 204, "grid": 204, "otherstreet": 404}
		for _, fu := range fixtureUsers {
			want, ok := editors[fu.name]
			if !ok {
				want = http.StatusForbidden
			}
			st, b := e.do(t, "community", "POST", "/api/v1/buildings/"+other+"/units", `{"name":"`+fu.name+`单元"}`)
			wantStatus(t, st, 201, "unit for "+fu.name, b)
			unit := decode[struct {
				Unit struct{ Code string } `json:"unit"`
			}](t, b).Unit.Code
			st, b = retire(fu.name, other, unit)
			wantStatus(t, st, want, fu.name+" retires a unit", b)
			var retired bool
			if err := db.QueryRowContext(t.Context(), `SELECT retired_at IS NOT NULL FROM units WHERE code = ?`, unit).Scan(&retired); err != nil {
				t.Fatal(err)
			}
			if retired != (want == 204) {
				t.Errorf("%s: unit retired = %v after %d", fu.name, retired, st)
			}
		}
	})
}
