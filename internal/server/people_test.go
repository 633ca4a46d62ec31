package server_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"civicgrid/internal/people"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// validID makes a resident ID number with a correct check character.
func validID(first17 string) string { return first17 + string(people.CheckChar(first17)) }

func TestPeopleAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		g := e.buildGridbase(t)
		id := validID("21050419850612201")
		st, b := e.do(t, "community", "POST", "/api/v1/people",
			fmt.Sprintf(`{"name":"王小明","id_number":"%s","phone":"13812345678","house_id":%d,"residence":"流动","hukou":"外地"}`, id, g.house))
		wantStatus(t, st, 201, "create person", b)
		pid := decode[struct {
			ID int64 `json:"id"`
		}](t, b).ID
		if pid == 0 {
			t.Fatalf("no id: %s", b)
		}
		// A wrong check character: 400 naming the field, nothing stored.
		bad := id[:17] + map[bool]string{true: "0", false: "1"}[id[17] != '0']
		st, b = e.do(t, "community", "POST", "/api/v1/people",
			fmt.Sprintf(`{"name":"李四","id_number":"%s","house_id":%d}`, bad, g.house))
		wantStatus(t, st, 400, "wrong checksum", b)
		if !strings.Contains(string(b), "id_number") || !strings.Contains(string(b), "校验位") {
			t.Errorf("wrong checksum answer does not name the field: %s", b)
		}

		type one struct {
			Person struct {
				Name     string `json:"name"`
				IDNumber string `json:"id_number"`
				Phone    string `json:"phone"`
				Sex      string `json:"sex"`
				Masked   bool   `json:"masked"`
				Version  int    `json:"version"`
			} `json:"person"`
		}
		st, b = e.do(t, "grid", "GET", fmt.Sprintf("/api/v1/people/%d", pid), "")
		wantStatus(t, st, 200, "get person", b)
		if p := decode[one](t, b).Person; p.Name != "王**" || p.IDNumber != "2105**********"+id[14:] || p.Phone != "138****5678" || !p.Masked || p.Sex != "M" {
			t.Errorf("masked person %s", b)
		}
		for _, q := range []string{"王小明", id, "138 1234 5678", "王"} {
			st, b = e.do(t, "community", "GET", "/api/v1/people?q="+url.QueryEscape(q), "")
			wantStatus(t, st, 200, "search "+q, b)
			if !strings.Contains(string(b), fmt.Sprintf(`"id":%d`, pid)) {
				t.Errorf("search %q: %s", q, b)
			}
		}
		// Out of scope: the building user serves no building yet (404);
		// a street and a leader see counts only (403 on names).
		st, b = e.do(t, "building", "GET", fmt.Sprintf("/api/v1/people/%d", pid), "")
		wantStatus(t, st, 404, "楼长 of another building", b)
		st, b = e.do(t, "street", "GET", fmt.Sprintf("/api/v1/people/%d", pid), "")
		wantStatus(t, st, 403, "street reads a name", b)
		st, b = e.do(t, "leader", "GET", "/api/v1/people/counts", "")
		wantStatus(t, st, 200, "leader counts", b)
		if !strings.Contains(string(b), `"people":1`) {
			t.Errorf("counts %s", b)
		}
		st, b = e.do(t, "community", "POST", fmt.Sprintf("/api/v1/people/%d/reveal", pid), `{"purpose":"上门核实居住情况"}`)
		wantStatus(t, st, 200, "reveal", b)
		if p := decode[one](t, b).Person; p.Name != "王小明" || p.IDNumber != id || p.Masked {
			t.Errorf("revealed %s", b)
		}

		// The building user becomes 楼长 and reports a move-out; the community confirms.
		st, b = e.do(t, "community", "POST", "/api/v1/buildings/"+g.building+"/members", fmt.Sprintf(`{"user_id":%d,"role":"building"}`, e.ids["building"]))
		wantStatus(t, st, 201, "appoint 楼长", b)
		st, b = e.do(t, "building", "POST", "/api/v1/people/changes", fmt.Sprintf(`{"kind":"move_out","house_id":%d,"person_id":%d,"date":"2026-01-05"}`, g.house, pid))
		wantStatus(t, st, 201, "report move out", b)
		ch := decode[struct {
			Change struct {
				ID      int64 `json:"id"`
				Version int   `json:"version"`
			} `json:"change"`
		}](t, b).Change
		st, b = e.do(t, "building", "POST", fmt.Sprintf("/api/v1/people/changes/%d/confirm", ch.ID), fmt.Sprintf(`{"version":%d}`, ch.Version))
		wantStatus(t, st, 403, "楼长 confirms", b)
		st, b = e.do(t, "community", "GET", "/api/v1/people/changes?status=pending", "")
		wantStatus(t, st, 200, "pending changes", b)
		if !strings.Contains(string(b), `"kind":"move_out"`) {
			t.Errorf("pending %s", b)
		}
		st, b = e.do(t, "community", "POST", fmt.Sprintf("/api/v1/people/changes/%d/confirm", ch.ID), fmt.Sprintf(`{"version":%d}`, ch.Version))
		wantStatus(t, st, 200, "confirm", b)
		st, b = e.do(t, "community", "GET", fmt.Sprintf("/api/v1/people/%d", pid), "")
		wantStatus(t, st, 200, "get moved out", b)
		if !strings.Contains(string(b), `"moved_out":"2026-01-05"`) {
			t.Errorf("not moved out: %s", b)
		}
	})
}
