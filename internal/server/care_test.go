package server_test

import (
	"fmt"
	"strings"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestCareAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		g := e.buildGridbase(t)
		st, b := e.do(t, "community", "POST", "/api/v1/people",
			fmt.Sprintf(`{"name":"王秀英","id_number":"%s","house_id":%d}`, validID("21050419450612202"), g.house))
		wantStatus(t, st, 201, "create person", b)
		pid := decode[struct {
			ID int64 `json:"id"`
		}](t, b).ID

		st, b = e.do(t, "admin", "PATCH", "/api/v1/care/groups/elder_alone", `{"frequency_days":10}`)
		wantStatus(t, st, 200, "admin sets a plan", b)
		st, b = e.do(t, "community", "PATCH", "/api/v1/care/groups/elder_alone", `{"frequency_days":3}`)
		wantStatus(t, st, 403, "community sets a plan", b)

		st, b = e.do(t, "community", "POST", "/api/v1/care/members", fmt.Sprintf(`{"group":"elder_alone","person_id":%d}`, pid))
		wantStatus(t, st, 201, "enrol", b)
		mid := decode[struct {
			ID int64 `json:"id"`
		}](t, b).ID
		st, b = e.do(t, "community", "POST", "/api/v1/care/members", fmt.Sprintf(`{"group":"elder_alone","person_id":%d}`, pid))
		wantStatus(t, st, 409, "enrol twice", b)

		st, b = e.do(t, "grid", "POST", fmt.Sprintf("/api/v1/care/members/%d/visits", mid), `{"findings":"老人精神好，药已按时服用"}`)
		wantStatus(t, st, 201, "record a visit", b)
		st, b = e.do(t, "grid", "POST", fmt.Sprintf("/api/v1/care/members/%d/visits", mid), `{"findings":""}`)
		wantStatus(t, st, 400, "empty visit", b)

		st, b = e.do(t, "community", "GET", fmt.Sprintf("/api/v1/care/members/%d/visits", mid), "")
		wantStatus(t, st, 200, "visits", b)
		if !strings.Contains(string(b), "药已按时服用") {
			t.Errorf("visits: %s", b)
		}
		st, b = e.do(t, "community", "GET", "/api/v1/care/members?group=elder_alone", "")
		wantStatus(t, st, 200, "members", b)
		if !strings.Contains(string(b), `"name":"王**"`) || strings.Contains(string(b), "王秀英") {
			t.Errorf("members masked: %s", b)
		}
		// Streets and leaders: counts, never names.
		for _, role := range []string{"street", "leader"} {
			st, b = e.do(t, role, "GET", fmt.Sprintf("/api/v1/care/members/%d", mid), "")
			wantStatus(t, st, 404, role+" reads a member", b)
			st, b = e.do(t, role, "GET", "/api/v1/care/members", "")
			wantStatus(t, st, 200, role+" lists members", b)
			if strings.Contains(string(b), "王") {
				t.Errorf("%s sees a name: %s", role, b)
			}
			st, b = e.do(t, role, "GET", "/api/v1/care/measures", "")
			wantStatus(t, st, 200, role+" measures", b)
			if !strings.Contains(string(b), `"members":1`) || !strings.Contains(string(b), `"visit_rate":1`) {
				t.Errorf("%s measures: %s", role, b)
			}
		}
		st, b = e.do(t, "grid", "GET", "/api/v1/care/log", "")
		wantStatus(t, st, 200, "grid log", b)
		if !strings.Contains(string(b), `"visits":1`) {
			t.Errorf("log: %s", b)
		}
		st, b = e.do(t, "community", "POST", fmt.Sprintf("/api/v1/care/members/%d/end", mid), `{"version":2,"reason":"已迁居外地"}`)
		wantStatus(t, st, 204, "end", b)
	})
}

// TestCareEveryRole: every fixture role against a care member of grid
// 210504002001001 and its visits over the API — names only to the
// person's community and grid staff (others 404), visits recorded only by
// them (others 403 by role), counts for every role with a region; then a
// grant lets the street read the group by name, not the other street.
func TestCareEveryRole(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		g := e.buildGridbase(t)
		st, b := e.do(t, "community", "POST", "/api/v1/people",
			fmt.Sprintf(`{"name":"刘淑芬","id_number":"%s","house_id":%d}`, validID("21050419500312204"), g.house))
		wantStatus(t, st, 201, "create person", b)
		pid := decode[struct {
			ID int64 `json:"id"`
		}](t, b).ID
		st, b = e.do(t, "grid", "POST", "/api/v1/care/members", fmt.Sprintf(`{"group":"correction","person_id":%d}`, pid))
		wantStatus(t, st, 201, "grid worker enrols", b)
		mid := decode[struct {
			ID int64 `json:"id"`
		}](t, b).ID
		keepers := map[string]bool{"community": true, "grid": true}
		for _, fu := range fixtureUsers {
			want := 404
			if keepers[fu.name] {
				want = 200
			}
			st, b := e.do(t, fu.name, "GET", fmt.Sprintf("/api/v1/care/members/%d", mid), "")
			wantStatus(t, st, want, fu.name+" reads the member", b)
			st, b = e.do(t, fu.name, "GET", fmt.Sprintf("/api/v1/care/members/%d/visits", mid), "")
			wantStatus(t, st, want, fu.name+" reads the visits", b)
			wantVisit := 403
			if keepers[fu.name] {
				wantVisit = 201
			}
			st, b = e.do(t, fu.name, "POST", fmt.Sprintf("/api/v1/care/members/%d/visits", mid), `{"findings":"按时报到，无异常"}`)
			wantStatus(t, st, wantVisit, fu.name+" records a visit", b)
			st, b = e.do(t, fu.name, "GET", "/api/v1/care/members", "")
			wantStatus(t, st, 200, fu.name+" lists members", b)
			if listed := strings.Contains(string(b), fmt.Sprintf(`"id":%d`, mid)); listed != keepers[fu.name] {
				t.Errorf("%s lists the member: %v (%s)", fu.name, listed, b)
			}
			st, b = e.do(t, fu.name, "GET", "/api/v1/care/measures", "")
			wantStatus(t, st, 200, fu.name+" reads the counts", b)
			if strings.Contains(string(b), "刘") {
				t.Errorf("%s: a name in the counts: %s", fu.name, b)
			}
			wantPlan := 403
			if fu.role == "admin" {
				wantPlan = 200
			}
			st, b = e.do(t, fu.name, "PATCH", "/api/v1/care/groups/correction", `{"frequency_days":7}`)
			wantStatus(t, st, wantPlan, fu.name+" sets the plan", b)
		}
		st, b = e.do(t, "admin", "PUT", "/api/v1/care/groups/correction/grants/street", "")
		wantStatus(t, st, 200, "grant the street", b)
		st, b = e.do(t, "street", "GET", fmt.Sprintf("/api/v1/care/members/%d", mid), "")
		wantStatus(t, st, 200, "granted street reads", b)
		st, b = e.do(t, "otherstreet", "GET", fmt.Sprintf("/api/v1/care/members/%d", mid), "")
		wantStatus(t, st, 404, "granted other street reads", b)
		st, b = e.do(t, "street", "POST", fmt.Sprintf("/api/v1/care/members/%d/visits", mid), `{"findings":"街道走访"}`)
		wantStatus(t, st, 403, "granted street records a visit", b)
	})
}
