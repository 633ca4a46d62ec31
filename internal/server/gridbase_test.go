package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// gridbase builds, through the API as the community, a building with a
// unit, a door plate, the building's and a room's address and a house.
type gridbase struct {
	building, unit string
	door, room     int64
	house          int64
}

func decode[T any](t *testing.T, b []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return v
}

func (e *env) buildGridbase(t *testing.T) gridbase {
	t.Helper()
	var g gridbase
	st, b := e.do(t, "community", "POST", "/api/v1/grids/210504002001001/buildings", `{"name":"1号楼","lng":123.8005,"lat":41.3005}`)
	wantStatus(t, st, 201, "create building", b)
	g.building = decode[struct {
		Building struct{ Code string } `json:"building"`
	}](t, b).Building.Code
	st, b = e.do(t, "community", "POST", "/api/v1/buildings/"+g.building+"/units", `{"name":"1单元"}`)
	wantStatus(t, st, 201, "create unit", b)
	g.unit = decode[struct {
		Unit struct{ Code string } `json:"unit"`
	}](t, b).Unit.Code
	type addr struct {
		Address struct {
			ID       int64  `json:"id"`
			Text     string `json:"text"`
			GridCode string `json:"grid_code"`
		} `json:"address"`
	}
	st, b = e.do(t, "community", "POST", "/api/v1/addresses", `{"road":"胜利路","door_no":"12","lng":123.8005,"lat":41.3005}`)
	wantStatus(t, st, 201, "create door plate", b)
	g.door = decode[addr](t, b).Address.ID
	st, b = e.do(t, "community", "POST", "/api/v1/addresses", `{"road":"胜利路","door_no":"12","building_code":"`+g.building+`"}`)
	wantStatus(t, st, 201, "create building address", b)
	st, b = e.do(t, "community", "POST", "/api/v1/addresses", `{"road":"胜利路","door_no":"12","building_code":"`+g.building+`","unit_code":"`+g.unit+`","room_no":"502"}`)
	wantStatus(t, st, 201, "create room", b)
	room := decode[addr](t, b).Address
	if room.Text != "明山区北地街道胜利路12号1栋1单元502室" || room.GridCode != "210504002001001" {
		t.Fatalf("room %+v", room)
	}
	g.room = room.ID
	st, b = e.do(t, "community", "POST", "/api/v1/houses", fmt.Sprintf(`{"address_id":%d,"use":"出租","area_m2":"89.5","tenant_count":2,"lease_start":"2026-01-01","lease_end":"2026-12-31"}`, g.room))
	wantStatus(t, st, 201, "create house", b)
	h := decode[struct {
		House struct {
			ID     int64  `json:"id"`
			AreaM2 string `json:"area_m2"`
			Use    string `json:"use"`
		} `json:"house"`
	}](t, b).House
	if h.AreaM2 != "89.50" || h.Use != "rent" {
		t.Fatalf("house %+v", h)
	}
	g.house = h.ID
	return g
}

func TestAddressSearchAndOrdersByAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		g := e.buildGridbase(t)
		type found struct {
			Addresses []struct {
				ID            int64  `json:"id"`
				Text          string `json:"text"`
				GridCode      string `json:"grid_code"`
				CommunityCode string `json:"community_code"`
			} `json:"addresses"`
		}
		for _, q := range []string{"胜利路12号1单元502", "胜利路十二号1-502", "胜利路１２号１单元５０２", "北地街道胜利路12号1栋1单元502室", "胜力路12号1单元502"} {
			st, b := e.do(t, "operator", "GET", "/api/v1/addresses/search?q="+url.QueryEscape(q), "")
			wantStatus(t, st, 200, "search "+q, b)
			f := decode[found](t, b)
			if len(f.Addresses) == 0 || f.Addresses[0].ID != g.room || f.Addresses[0].CommunityCode != "210504002001" {
				t.Errorf("search %q: %s", q, b)
			}
		}
		st, b := e.do(t, "otherstreet", "GET", "/api/v1/addresses/search?q="+url.QueryEscape("胜利路12号"), "")
		wantStatus(t, st, 200, "search out of scope", b)
		if f := decode[found](t, b); len(f.Addresses) != 0 {
			t.Errorf("another street found %s", b)
		}
		st, b = e.do(t, "operator", "GET", "/api/v1/addresses/search", "")
		wantStatus(t, st, 400, "search without q", b)

		// A resident files with only an address: the order lands in its grid.
		st, _, b = e.post(t, "", "/api/v1/orders", `{"channel":"web","category":"corridor.clutter","description":"楼道里堆满了旧家具，消防通道都堵了","address":"胜利路十二号1-502"}`, nil)
		wantStatus(t, st, 201, "order by address", b)
		if o := decode[map[string]any](t, b); o["grid_code"] != "210504002001001" {
			t.Errorf("order placed in %v: %s", o["grid_code"], b)
		}
		st, _, b = e.post(t, "", "/api/v1/orders", `{"channel":"web","category":"corridor.clutter","description":"楼道里堆满了旧家具，消防通道都堵了","address":"胜利路99号"}`, nil)
		wantStatus(t, st, 400, "order at an unknown address", b)
		nm := decode[struct {
			Error struct {
				Code string `json:"code"`
			} `json:"error"`
			Candidates []struct {
				Text string `json:"text"`
			} `json:"candidates"`
		}](t, b)
		if nm.Error.Code != "no_address_match" || len(nm.Candidates) == 0 || !strings.Contains(nm.Candidates[0].Text, "胜利路12号") {
			t.Errorf("no-match answer %s", b)
		}
	})
}

// TestGridbaseAuthorization: every role against addresses, houses and
// posts in and out of its scope.
func TestGridbaseAuthorization(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		g := e.buildGridbase(t)
		// May read: everyone whose scope covers grid 210504002001001.
		readers := map[string]bool{"cityadmin": true, "admin": true, "operator": true, "dispatcher": true, "supervisor": true,
			"leader": true, "street": true, "community": true, "grid": true, "building": true, "department": true}
		// May edit registers: admin, street, community, grid in scope.
		editors := map[string]bool{"cityadmin": true, "admin": true, "street": true, "community": true, "grid": true}
		// May appoint: admin, street, community in scope.
		staffers := map[string]bool{"cityadmin": true, "admin": true, "street": true, "community": true}
		roleMayEdit := map[string]bool{"cityadmin": true, "admin": true, "street": true, "community": true, "grid": true, "otherstreet": true}
		roleMayStaff := map[string]bool{"cityadmin": true, "admin": true, "street": true, "community": true, "otherstreet": true}
		for i, fu := range fixtureUsers {
			u := fu.name
			read := http.StatusNotFound
			if readers[u] {
				read = http.StatusOK
			}
			st, b := e.do(t, u, "GET", fmt.Sprintf("/api/v1/addresses/%d", g.room), "")
			wantStatus(t, st, read, u+" reads address", b)
			st, b = e.do(t, u, "GET", fmt.Sprintf("/api/v1/houses/%d", g.house), "")
			wantStatus(t, st, read, u+" reads house", b)

			write := http.StatusNotFound
			switch {
			case editors[u]:
				write = http.StatusOK
			case !roleMayEdit[u]:
				write = http.StatusForbidden
			}
			// Read the version first as an editor would; a no-op edit.
			_, hb := e.do(t, "cityadmin", "GET", fmt.Sprintf("/api/v1/houses/%d", g.house), "")
			version := decode[struct {
				House struct{ Version int } `json:"house"`
			}](t, hb).House.Version
			st, b = e.do(t, u, "PATCH", fmt.Sprintf("/api/v1/houses/%d", g.house), fmt.Sprintf(`{"version":%d,"use":"自住","area_m2":90}`, version))
			wantStatus(t, st, write, u+" edits house", b)
			st, b = e.do(t, u, "POST", "/api/v1/addresses", fmt.Sprintf(`{"road":"和平路","door_no":"%d","grid_code":"210504002001001"}`, i+1))
			create := write
			if create == http.StatusOK {
				create = http.StatusCreated
			}
			wantStatus(t, st, create, u+" creates address", b)

			staff := http.StatusNotFound
			switch {
			case staffers[u]:
				staff = http.StatusCreated
			case !roleMayStaff[u]:
				staff = http.StatusForbidden
			}
			st, b = e.do(t, u, "POST", "/api/v1/grids/210504002001001/members", fmt.Sprintf(`{"user_id":%d,"role":"worker","duty":"兼职"}`, e.ids["grid"]))
			wantStatus(t, st, staff, u+" appoints 网格员", b)
			st, b = e.do(t, u, "POST", "/api/v1/buildings/"+g.building+"/members", fmt.Sprintf(`{"user_id":%d,"role":"building"}`, e.ids["building"]))
			wantStatus(t, st, staff, u+" appoints 楼长", b)
			if staff == http.StatusCreated {
				st, b = e.do(t, u, "DELETE", fmt.Sprintf("/api/v1/buildings/%s/members/%d", g.building, e.ids["building"]), "")
				wantStatus(t, st, 204, u+" dismisses 楼长", b)
			}
		}
		// Bad input changes nothing: a house on a door plate (in no building).
		st, b := e.do(t, "community", "POST", "/api/v1/houses", fmt.Sprintf(`{"address_id":%d,"use":"自住","area_m2":50}`, g.door))
		wantStatus(t, st, 400, "house in no building", b)
		st, b = e.do(t, "community", "POST", "/api/v1/addresses", `{"road":"和平路","door_no":"1"}`)
		wantStatus(t, st, 400, "address in no grid", b)
	})
}
