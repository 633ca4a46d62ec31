package ui_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"civicgrid/internal/address"
	"civicgrid/internal/grid"
	"civicgrid/internal/orgunit"
	"civicgrid/internal/store"
)

// TestRegistersEdit: the community edits a unit (its sealed contact kept
// when left empty) and a facility from /registers; a wrong credit code and
// a point outside the community are refused; other roles and scopes are not
// let in.
func TestRegistersEdit(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		gridCode := demoGrid(t, e, "210504002001", 0)
		var lng, lat float64
		if err := db.QueryRowContext(ctx, `SELECT lng, lat FROM buildings WHERE grid_code = ? ORDER BY code LIMIT 1`, gridCode).Scan(&lng, &lat); err != nil {
			t.Fatal(err)
		}
		door, err := e.app.Addresses.Create(ctx, grid.CommandLine(gridCode), address.Input{Road: "老街", DoorNo: "5", GridCode: gridCode, Lng: lng, Lat: lat, HasPoint: true})
		if err != nil {
			t.Fatal(err)
		}
		addr := door.Text
		comm := e.client(t)
		comm.signIn("community", e.creds["community"])
		wantStatus(t, comm.post("/registers/facilities", url.Values{"kind": {"0109"}, "name": {"旧灯"}, "lng": {fmt.Sprint(lng)}, "lat": {fmt.Sprint(lat)}}),
			http.StatusSeeOther, "add facility")
		wantStatus(t, comm.post("/registers/units", url.Values{"kind": {orgunit.KindShop}, "name": {"老街小卖部"}, "address": {addr},
			"contact_name": {"周建华"}, "contact_phone": {"13911112222"}, "staff_count": {"2"}}), http.StatusSeeOther, "add unit")
		var f struct {
			ID      int64
			Code    string
			Version int
		}
		if err := db.QueryRowContext(ctx, `SELECT id, code, version FROM facilities WHERE name = '旧灯'`).Scan(&f.ID, &f.Code, &f.Version); err != nil {
			t.Fatal(err)
		}
		var un struct {
			ID      int64
			Version int
		}
		if err := db.QueryRowContext(ctx, `SELECT id, version FROM org_units WHERE name = '老街小卖部'`).Scan(&un.ID, &un.Version); err != nil {
			t.Fatal(err)
		}
		r := comm.get("/registers")
		wantContains(t, r, "registers", fmt.Sprintf(`id="ue-%d"`, un.ID), `id="fe-`+f.Code+`"`, "不填则保持不变")
		form := url.Values{"version": {fmt.Sprint(un.Version)}, "kind": {orgunit.KindShop}, "name": {"老街便民小卖部"}, "address": {addr},
			"staff_count": {"3"}, "state": {"active"}}
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("credit_code", "91210504MA0Q12345X")
		wantStatus(t, comm.post(fmt.Sprintf("/registers/units/%d", un.ID), bad), http.StatusBadRequest, "wrong credit code")
		wantStatus(t, comm.post(fmt.Sprintf("/registers/units/%d", un.ID), form), http.StatusSeeOther, "edit unit")
		wantContains(t, comm.get("/registers"), "registers after the unit edit", "老街便民小卖部", "周**", "139****2222", "从业人数 3")

		fe := url.Values{"version": {fmt.Sprint(f.Version)}, "name": {"新灯"}, "lng": {fmt.Sprint(lng)}, "lat": {fmt.Sprint(lat)}}
		far := url.Values{"version": {fmt.Sprint(f.Version)}, "name": {"新灯"}, "lng": {"123.0"}, "lat": {"41.0"}}
		wantStatus(t, comm.post("/registers/facilities/"+f.Code+"/edit", far), http.StatusBadRequest, "a point in no grid")
		// fresh copies a form without the token another client's post left in it.
		fresh := func(v url.Values) url.Values {
			c := maps.Clone(v)
			c.Del("csrf_token")
			return c
		}
		for user, want := range map[string]int{"operator": 403, "leader": 403, "building": 403, "department": 403} {
			c := e.client(t)
			c.signIn(user, e.creds[user])
			if r := c.post("/registers/facilities/"+f.Code+"/edit", fresh(fe)); r.Status != want {
				t.Errorf("%s editing a facility: %d, want %d", user, r.Status, want)
			}
			if r := c.post(fmt.Sprintf("/registers/units/%d", un.ID), fresh(form)); r.Status != want && r.Status != 404 {
				t.Errorf("%s editing a unit: %d", user, r.Status)
			}
		}
		if r := comm.post("/registers/facilities/"+f.Code+"/edit", fe); r.Status != http.StatusSeeOther {
			t.Fatalf("edit facility: %d %s", r.Status, r.Body)
		}
		var name string
		var version int
		if err := db.QueryRowContext(ctx, `SELECT name, version FROM facilities WHERE id = ?`, f.ID).Scan(&name, &version); err != nil || name != "新灯" || version != f.Version+1 {
			t.Fatalf("edited facility %q v%d %v", name, version, err)
		}
		if r := comm.get("/registers"); !strings.Contains(r.Body, "新灯") || !strings.Contains(r.Body, "老街便民小卖部") {
			t.Errorf("registers after editing lacks the new names")
		}
	})
}
