package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"civicgrid/internal/facility"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// TestRegistersPageRoles: every demo user against a facility of the demo
// community and one of another street. Everyone with a scope sees the page
// and what lies in it; a facility outside it is neither listed nor
// changeable (404); only register keepers change one in scope (others 403).
func TestRegistersPageRoles(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		loc, err := grid.NewLocator(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		svc := &facility.Service{DB: db, Locator: loc}
		place := func(gridCode string) facility.Facility {
			var lng, lat float64
			if err := db.QueryRowContext(ctx, `SELECT lng, lat FROM buildings WHERE grid_code = ? ORDER BY code LIMIT 1`, gridCode).Scan(&lng, &lat); err != nil {
				t.Fatal(err)
			}
			f, err := svc.Create(ctx, grid.CommandLine(gridCode), facility.Input{Kind: "门禁", Lng: lng, Lat: lat})
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
		mine := place(demoGrid(t, e, "210504002001", 0))
		other := place(demoGrid(t, e, otherStreet, 0))
		keepers := map[string]bool{"admin": true, "street": true, "community": true, "gridhead": true, "grid": true}
		narrow := map[string]bool{"street": true, "community": true, "gridhead": true, "grid": true, "building": true}
		for _, user := range []string{"admin", "leader", "dispatcher", "operator", "supervisor", "street", "community", "gridhead", "grid", "building", "department"} {
			c := e.client(t)
			c.signIn(user, e.creds[user])
			r := c.get("/registers")
			if r.Status != http.StatusOK || !strings.Contains(r.Body, mine.Code) {
				t.Errorf("%s: /registers %d, lists mine: %v", user, r.Status, strings.Contains(r.Body, mine.Code))
				continue
			}
			if narrow[user] && strings.Contains(r.Body, other.Code) {
				t.Errorf("%s sees a facility of another street", user)
			}
			if keepers[user] != strings.Contains(r.Body, `id="reg-unit-form"`) {
				t.Errorf("%s: unit form shown = %v", user, !keepers[user])
			}
			want := http.StatusSeeOther
			if !keepers[user] {
				want = http.StatusForbidden
			}
			if r := c.post("/registers/facilities/"+mine.Code+"/state", url.Values{"state": {"damaged"}}); r.Status != want {
				t.Errorf("%s marks own facility: %d, want %d", user, r.Status, want)
			}
			if narrow[user] {
				if r := c.post("/registers/facilities/"+other.Code+"/state", url.Values{"state": {"damaged"}}); r.Status != http.StatusNotFound {
					t.Errorf("%s marks another street's facility: %d", user, r.Status)
				}
			}
		}
		if f, _ := facility.GetByCode(ctx, db, grid.CommandLine(other.Code).Scope, other.Code); f.State != facility.StateOK {
			t.Errorf("another street's facility became %s", f.State)
		}
	})
}
