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
