package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// scopePrefix is each fixture user's scope, written out by hand from the
// rule in docs/design.md §2: a node user sees its subtree, a grid worker with one
// grid sees that grid, a department user sees the region it serves.
var scopePrefix = map[string]string{
	"cityadmin": "2105", "admin": "210504", "operator": "210504", "dispatcher": "210504",
	"supervisor": "210504", "leader": "210504", "street": "210504002", "community": "210504002001",
	"grid": "210504002001001", "building": "210504002001", "department": "210504",
	"otherstreet": "210502001", "otherdept": "210502",
}

var regionTargets = []string{"2105", "210504", "210504002", "210504002001", "210504004", "210504004002",
	"210502", "210502001", "210502001002"}

func (e *env) do(t *testing.T, user, method, path, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[user])
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func wantStatus(t *testing.T, got, want int, what string, body []byte) {
	t.Helper()
	if got != want {
		t.Errorf("%s: status %d, want %d (%s)", what, got, want, body)
	}
}

func visible(in bool) int {
	if in {
		return http.StatusOK
	}
	return http.StatusNotFound
}

func TestEveryRoleSeesOnlyItsScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for _, fu := range fixtureUsers {
			prefix := scopePrefix[fu.name]
			for _, code := range regionTargets {
				st, body := e.do(t, fu.name, "GET", "/api/v1/regions/"+code, "")
				wantStatus(t, st, visible(strings.HasPrefix(code, prefix)), fu.name+" GET region "+code, body)
				st, body = e.do(t, fu.name, "GET", "/api/v1/regions/"+code+"/children", "")
				wantStatus(t, st, visible(strings.HasPrefix(code, prefix)), fu.name+" GET children of "+code, body)
			}
			for _, g := range testGrids {
				st, body := e.do(t, fu.name, "GET", "/api/v1/grids/"+g.code, "")
				wantStatus(t, st, visible(strings.HasPrefix(g.code, prefix)), fu.name+" GET grid "+g.code, body)
			}
			// The grid list holds exactly the grids under the prefix.
			st, body := e.do(t, fu.name, "GET", "/api/v1/grids", "")
			wantStatus(t, st, http.StatusOK, fu.name+" list grids", body)
			var list struct {
				Grids []struct{ Code string } `json:"grids"`
			}
			if err := json.Unmarshal(body, &list); err != nil {
				t.Fatal(err)
			}
			var got, want []string
			for _, g := range list.Grids {
				got = append(got, g.Code)
			}
			for _, g := range testGrids {
				if strings.HasPrefix(g.code, prefix) {
					want = append(want, g.code)
				}
			}
			sort.Strings(want)
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("%s lists grids %v, want %v", fu.name, got, want)
			}
		}
	})
}

// userVisible states who may see whom: yourself; a node user by its node;
// a department user by its department's region for node viewers, and only
// to colleagues among department viewers.
func userVisible(viewer, target fixtureUser) bool {
	if viewer.name == target.name {
		return true
	}
	prefix := scopePrefix[viewer.name]
	if target.node != "" {
		return strings.HasPrefix(target.node, prefix)
	}
	if viewer.department != "" {
		return viewer.department == target.department
	}
	return strings.HasPrefix(scopePrefix[target.name], prefix)
}

func TestUsersAreScoped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for _, viewer := range fixtureUsers {
			var want []string
			for _, target := range fixtureUsers {
				in := userVisible(viewer, target)
				st, body := e.do(t, viewer.name, "GET", "/api/v1/users/"+strconv.FormatInt(e.ids[target.name], 10), "")
				wantStatus(t, st, visible(in), viewer.name+" GET user "+target.name, body)
				if in {
					want = append(want, target.name)
				}
			}
			st, body := e.do(t, viewer.name, "GET", "/api/v1/users", "")
			wantStatus(t, st, http.StatusOK, viewer.name+" list users", body)
			var list struct {
				Users []struct{ Username string } `json:"users"`
			}
			if err := json.Unmarshal(body, &list); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range list.Users {
				got = append(got, u.Username)
			}
			sort.Strings(want)
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("%s lists users %v, want %v", viewer.name, got, want)
			}
		}
		// Spot checks written out in full, so the rule above is not the only witness.
		for _, c := range []struct {
			viewer, target string
			want           int
		}{
			{"street", "community", 200}, {"street", "otherstreet", 404}, {"community", "street", 404},
			{"grid", "community", 404}, {"department", "otherdept", 404}, {"department", "street", 200},
			{"admin", "department", 200}, {"admin", "otherdept", 404}, {"cityadmin", "otherdept", 200},
		} {
			st, body := e.do(t, c.viewer, "GET", "/api/v1/users/"+strconv.FormatInt(e.ids[c.target], 10), "")
			wantStatus(t, st, c.want, c.viewer+" sees "+c.target, body)
		}
	})
}

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestWritesAreScopedAndAdminOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		newUser := func(name, node string) string {
			return `{"username":"` + name + `","role":"community","node_code":"` + node + `","password":"long enough password"}`
		}
		users := count(t, db, "users")
		for _, fu := range fixtureUsers {
			if fu.role == "admin" {
				continue
			}
			st, body := e.do(t, fu.name, "POST", "/api/v1/users", newUser("x_"+fu.name, "210504002001"))
			wantStatus(t, st, http.StatusForbidden, fu.name+" creates a user", body)
		}
		st, body := e.do(t, "admin", "POST", "/api/v1/users", newUser("pingshan1", "210502001002"))
		wantStatus(t, st, http.StatusBadRequest, "district admin places a user in another district", body)
		if n := count(t, db, "users"); n != users {
			t.Fatalf("refused writes changed users: %d → %d", users, n)
		}
		st, body = e.do(t, "admin", "POST", "/api/v1/users", newUser("gaoyu1", "210504004002"))
		wantStatus(t, st, http.StatusCreated, "district admin places a user in its district", body)
		st, body = e.do(t, "cityadmin", "POST", "/api/v1/users", newUser("pingshan2", "210502001002"))
		wantStatus(t, st, http.StatusCreated, "city admin places a user anywhere in the city", body)

		// Editing someone outside your scope looks like they do not exist.
		st, body = e.do(t, "admin", "PATCH", "/api/v1/users/"+strconv.FormatInt(e.ids["otherstreet"], 10), `{"disabled":true,"version":1}`)
		wantStatus(t, st, http.StatusNotFound, "district admin edits a user of another district", body)

		// A grid import reaching outside the admin's scope imports nothing.
		grids := count(t, db, "grids")
		fc := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"community_code":"210502001004","name":"越界"},"geometry":{"type":"Polygon","coordinates":` + square(123.72, 41.30) + `}}]}`
		st, body = e.do(t, "admin", "POST", "/api/v1/grids/import", fc)
		wantStatus(t, st, http.StatusBadRequest, "district admin imports a grid of another district", body)
		if n := count(t, db, "grids"); n != grids {
			t.Fatalf("refused import changed grids: %d → %d", grids, n)
		}
		st, body = e.do(t, "street", "POST", "/api/v1/grids/import", fc)
		wantStatus(t, st, http.StatusForbidden, "street imports grids", body)
	})
}
