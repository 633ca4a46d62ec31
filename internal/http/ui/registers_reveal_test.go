package ui_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"civicgrid/internal/address"
	"civicgrid/internal/facility"
	"civicgrid/internal/grid"
	"civicgrid/internal/orgunit"
	"civicgrid/internal/store"
)

// TestRegistersRevealUnitContact: on /registers the community shows a
// unit's sealed contact in full for a purpose (audited, not cached); a
// short purpose is refused and nothing is recorded; a role that may only
// read the register is refused. The English page names facility kinds in
// English.
func TestRegistersRevealUnitContact(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		gridCode := demoGrid(t, e, "210504002001", 0)
		var lng, lat float64
		if err := db.QueryRowContext(ctx, `SELECT lng, lat FROM buildings WHERE grid_code = ? ORDER BY code LIMIT 1`, gridCode).Scan(&lng, &lat); err != nil {
			t.Fatal(err)
		}
		door, err := e.app.Addresses.Create(ctx, grid.CommandLine(gridCode), address.Input{Road: "老街", DoorNo: "7", GridCode: gridCode, Lng: lng, Lat: lat, HasPoint: true})
		if err != nil {
			t.Fatal(err)
		}
		comm := e.client(t)
		comm.signIn("community", e.creds["community"])
		wantStatus(t, comm.post("/registers/units", url.Values{"kind": {orgunit.KindShop}, "name": {"老街修鞋铺"}, "address": {door.Text},
			"contact_name": {"孟凡春"}, "contact_phone": {"13944445555"}}), http.StatusSeeOther, "add unit")
		var id int64
		if err := db.QueryRowContext(ctx, `SELECT id FROM org_units WHERE name = '老街修鞋铺'`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		reveals := func() (n int) {
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'unit.reveal_contact' AND target = ?`, fmt.Sprintf("unit:%d", id)).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		r := comm.get("/registers")
		wantContains(t, r, "registers", fmt.Sprintf(`action="/registers/units/%d/reveal"`, id), "孟**")
		wantLacks(t, r, "registers", "孟凡春", "13944445555")

		path := fmt.Sprintf("/registers/units/%d/reveal", id)
		r = comm.post(path, url.Values{"purpose": {"看"}})
		wantStatus(t, r, http.StatusBadRequest, "short purpose")
		wantContains(t, r, "short purpose", "请写明查看目的")
		wantLacks(t, r, "short purpose", "孟凡春")
		if n := reveals(); n != 0 {
			t.Fatalf("a refused reveal was audited %d times", n)
		}
		r = comm.post(path, url.Values{"purpose": {"联系店主核实经营情况"}})
		wantStatus(t, r, http.StatusOK, "reveal")
		wantContains(t, r, "reveal", `id="reg-revealed"`, "孟凡春", "13944445555")
		if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("revealed page Cache-Control %q", cc)
		}
		if n := reveals(); n != 1 {
			t.Fatalf("reveal audited %d times, want 1", n)
		}
		leader := e.client(t)
		leader.signIn("leader", e.creds["leader"])
		r = leader.post(path, url.Values{"purpose": {"联系店主核实经营情况"}})
		wantStatus(t, r, http.StatusForbidden, "leader reveals")
		wantLacks(t, r, "leader reveals", "孟凡春")
		if n := reveals(); n != 1 {
			t.Fatalf("a forbidden reveal was audited (%d)", n)
		}

		// Facility kinds by language: the Chinese page in Chinese, the
		// English page with no Chinese kind names.
		wantStatus(t, comm.post("/registers/facilities", url.Values{"kind": {"0109"}, "name": {"东灯"}, "lng": {fmt.Sprint(lng)}, "lat": {fmt.Sprint(lat)}}),
			http.StatusSeeOther, "add facility")
		zh := comm.get("/registers")
		wantContains(t, zh, "zh registers", `<span class="gw-card-cat">路灯</span>`)
		en := comm.get("/registers?lang=en")
		wantContains(t, en, "en registers", `<span class="gw-card-cat">Streetlight</span>`, ">0113 Access gate<")
		for _, k := range facility.Kinds {
			if strings.Contains(en.Body, ">"+k.Name+"<") {
				t.Errorf("facility kind %s in Chinese on the English page", k.Name)
			}
		}
		if m := regexp.MustCompile(`<option value="0\d{3}"[^>]*>[^<]*\p{Han}`).FindString(en.Body); m != "" {
			t.Errorf("a facility kind option in Chinese on the English page: %s", m)
		}
	})
}
