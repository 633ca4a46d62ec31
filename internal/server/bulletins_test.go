package server_test

import (
	"strings"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestBulletinsAPI: the weekly bulletin as JSON and .xlsx for the roles that
// read it, refused for the others and outside the scope, and the recipient
// list kept by the district's administrator.
func TestBulletinsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		st, b := e.do(t, "leader", "GET", "/api/v1/bulletins/week?date=2026-03-11", "")
		wantStatus(t, st, 200, "leader's weekly", b)
		got := decode[struct {
			Kind   string `json:"kind"`
			Node   string `json:"node"`
			Period struct {
				From string `json:"from"`
			} `json:"period"`
			Units struct {
				By string `json:"by"`
			} `json:"units"`
			Changes []struct {
				ID string `json:"id"`
			} `json:"changes"`
		}](t, b)
		if got.Kind != "week" || got.Node != "210504" || !strings.HasPrefix(got.Period.From, "2026-03-02") ||
			got.Units.By != "street" || len(got.Changes) == 0 || got.Changes[0].ID != "received" {
			t.Errorf("bulletin %s", b)
		}
		st, b = e.do(t, "street", "GET", "/api/v1/bulletins/month?format=xlsx", "")
		wantStatus(t, st, 200, "street's monthly workbook", b)
		if !strings.HasPrefix(string(b), "PK") {
			t.Errorf("not an xlsx: %q", b[:min(len(b), 20)])
		}
		for _, c := range []struct {
			user, path string
			want       int
		}{
			{"street", "/api/v1/bulletins/week?node=210504", 404},
			{"otherstreet", "/api/v1/bulletins/week?node=210504002", 404},
			{"community", "/api/v1/bulletins/week", 403},
			{"department", "/api/v1/bulletins/week", 403},
			{"leader", "/api/v1/bulletins/day", 400},
			{"leader", "/api/v1/bulletins/week?node=210504002001", 400},
			{"leader", "/api/v1/bulletins/week?date=11/03/2026", 400},
			{"leader", "/api/v1/bulletins/week?format=pdf", 400},
		} {
			st, b := e.do(t, c.user, "GET", c.path, "")
			wantStatus(t, st, c.want, c.user+" "+c.path, b)
		}

		st, b = e.do(t, "admin", "POST", "/api/v1/bulletin-recipients", `{"node":"210504002","kind":"month","name":"街道主任","email":"zhuren@example.gov.cn"}`)
		wantStatus(t, st, 201, "add recipient", b)
		rec := decode[struct {
			ID    int64  `json:"id"`
			Email string `json:"email"`
		}](t, b)
		if strings.Contains(rec.Email, "zhuren@") {
			t.Errorf("recipient shown unmasked: %s", b)
		}
		st, b = e.do(t, "admin", "POST", "/api/v1/bulletin-recipients", `{"node":"210504002","kind":"month","name":"街道主任","email":"zhuren@example.gov.cn"}`)
		wantStatus(t, st, 409, "the same again", b)
		st, b = e.do(t, "street", "POST", "/api/v1/bulletin-recipients", `{"node":"210504002","kind":"month","name":"x","email":"x@example.gov.cn"}`)
		wantStatus(t, st, 403, "a street adds", b)
		st, b = e.do(t, "otherstreet", "GET", "/api/v1/bulletin-recipients", "")
		wantStatus(t, st, 403, "another street lists", b)
		st, b = e.do(t, "leader", "GET", "/api/v1/bulletin-recipients", "")
		wantStatus(t, st, 200, "leader lists", b)
		if !strings.Contains(string(b), "街道主任") {
			t.Errorf("list %s", b)
		}
		st, b = e.do(t, "admin", "DELETE", "/api/v1/bulletin-recipients/"+itoa(int(rec.ID)), "")
		wantStatus(t, st, 204, "remove", b)
		st, b = e.do(t, "admin", "DELETE", "/api/v1/bulletin-recipients/"+itoa(int(rec.ID)), "")
		wantStatus(t, st, 404, "remove again", b)
	})
}
