package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/people"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestPartyAPI: a unit, an organisation, a 在职党员 who reports and claims
// a task through the API; refusals and who may read.
func TestPartyAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		id := func(s string) int64 {
			var v struct {
				ID int64 `json:"id"`
			}
			if err := json.Unmarshal([]byte(s), &v); err != nil || v.ID == 0 {
				t.Fatalf("no id in %s", s)
			}
			return v.ID
		}
		st, b := e.do(t, "community", "POST", "/api/v1/party/units", `{"name":"明山区财政局","kind":"organ","paired_code":"210504002001"}`)
		wantStatus(t, st, 403, "a community registers a unit", b)
		st, b = e.do(t, "admin", "POST", "/api/v1/party/units", `{"name":"明山区财政局","kind":"organ","paired_code":"210504002001"}`)
		wantStatus(t, st, 201, "admin registers a unit", b)
		unit := id(string(b))
		st, b = e.do(t, "community", "POST", "/api/v1/party/orgs", `{"community_code":"210504002001","kind":"general","name":"东兴社区党总支"}`)
		wantStatus(t, st, 201, "community adds its 党总支", b)
		st, b = e.do(t, "community", "POST", "/api/v1/party/orgs", `{"community_code":"210504002001","kind":"committee","name":"东兴社区党委"}`)
		wantStatus(t, st, 409, "a second top organisation", b)

		p := "21050419800101123"
		idno := p + string(people.CheckChar(p))
		body := fmt.Sprintf(`{"kind":"working","community_code":"210504002001","unit_id":%d,"name":"赵建国","phone":"13800002222","id_number":"%s"}`, unit, idno)
		st, b = e.do(t, "community", "POST", "/api/v1/party/members", strings.Replace(body, "210504002001", "210599001001", 1))
		wantStatus(t, st, 400, "a community outside the district", b)
		if !strings.Contains(string(b), "不是本区的社区") {
			t.Errorf("outside the district says %s", b)
		}
		st, b = e.do(t, "community", "POST", "/api/v1/party/members", body)
		wantStatus(t, st, 201, "community registers a member", b)
		if strings.Contains(string(b), "赵建国") || strings.Contains(string(b), idno) || strings.Contains(string(b), "13800002222") {
			t.Errorf("member unmasked: %s", b)
		}
		member := id(string(b))
		st, b = e.do(t, "community", "POST", fmt.Sprintf("/api/v1/party/members/%d/reports", member), `{"community_code":"210504002001"}`)
		wantStatus(t, st, 201, "报到", b)

		start := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
		end := time.Now().Add(4 * time.Hour).UTC().Format(time.RFC3339)
		st, b = e.do(t, "community", "POST", "/api/v1/party/tasks", fmt.Sprintf(`{"community_code":"210504002001","title":"楼道清理","starts_at":"%s","ends_at":"%s","minutes":120,"capacity":3}`, start, end))
		wantStatus(t, st, 201, "a task", b)
		task := id(string(b))
		claim := fmt.Sprintf(`{"member_id":%d}`, member)
		st, b = e.do(t, "community", "POST", fmt.Sprintf("/api/v1/party/tasks/%d/claims", task), claim)
		wantStatus(t, st, 201, "claim", b)
		st, b = e.do(t, "community", "POST", fmt.Sprintf("/api/v1/party/tasks/%d/claims", task), claim)
		wantStatus(t, st, 409, "claimed twice", b)
		if !strings.Contains(string(b), "已认领") {
			t.Errorf("claimed twice says %s", b)
		}

		st, b = e.do(t, "grid", "GET", "/api/v1/party/members", "")
		wantStatus(t, st, 403, "a grid worker lists members", b)
		st, b = e.do(t, "otherstreet", "GET", "/api/v1/party/members", "")
		wantStatus(t, st, 200, "another district's street", b)
		if strings.Contains(string(b), fmt.Sprintf(`"id":%d`, member)) {
			t.Errorf("another district sees the member: %s", b)
		}
		st, b = e.do(t, "leader", "GET", "/api/v1/party/measures", "")
		wantStatus(t, st, 200, "leader reads the measures", b)
		if !strings.Contains(string(b), `"report_rate":100`) {
			t.Errorf("measures %s", b)
		}
	})
}
