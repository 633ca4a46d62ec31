package ui_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/people"
	"civicgrid/internal/store"
)

// TestHousesPages: a community keeps its structure from the pages — a
// 小区, a building, a room with its house, a 网格员 and a 楼长 — bad input
// is refused in words and changes nothing, and every role is tried in and
// out of scope on houses, buildings and households.
func TestHousesPages(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db, nil)
		comm := e.client(t)
		comm.signIn("community", e.creds["community"])
		r := comm.get("/houses")
		wantStatus(t, r, http.StatusOK, "houses")
		wantContains(t, r, "houses", "小区与房屋", "网格人员", "新增楼栋")
		cu, err := auth.GetUserByUsername(ctx, db, "community")
		if err != nil {
			t.Fatal(err)
		}
		community := cu.NodeCode
		gridCode := demoGrid(t, e, community, 0)

		r = comm.post("/estates", url.Values{"community": {community}, "name": {"翠园小区"}})
		wantStatus(t, r, http.StatusSeeOther, "add estate")
		var estate int64
		if err := db.QueryRowContext(ctx, `SELECT id FROM estates WHERE name = '翠园小区'`).Scan(&estate); err != nil {
			t.Fatal(err)
		}
		r = comm.post("/addresses", url.Values{"grid": {""}, "road": {"翠园路"}, "door": {"9"}})
		wantStatus(t, r, http.StatusBadRequest, "a door plate in no grid")
		wantContains(t, r, "a door plate in no grid", "地址必须位于一个网格内")
		wantStatus(t, comm.post("/addresses", url.Values{"grid": {gridCode}, "road": {"翠园路"}, "door": {"9"}}), http.StatusSeeOther, "door plate")
		var doorID, doorVersion int64
		if err := db.QueryRowContext(ctx, `SELECT id, version FROM addresses WHERE text = '翠园路9号'`).Scan(&doorID, &doorVersion); err != nil {
			t.Fatal(err)
		}
		wantContains(t, comm.get("/houses"), "houses with a door plate", "翠园路9号", fmt.Sprintf(`id="door-edit-%d"`, doorID))
		// Corrected on the page: a bad number is refused and changes nothing,
		// a stale version too; the right one keeps the grid.
		path := fmt.Sprintf("/addresses/%d", doorID)
		wantStatus(t, comm.post(path, url.Values{"version": {fmt.Sprint(doorVersion)}, "road": {"翠园路"}, "door": {"x"}}), http.StatusBadRequest, "bad door number")
		wantStatus(t, comm.post(path, url.Values{"version": {fmt.Sprint(doorVersion + 1)}, "road": {"翠苑路"}, "door": {"19"}}), http.StatusConflict, "stale door plate")
		wantStatus(t, comm.post(path, url.Values{"version": {fmt.Sprint(doorVersion)}, "road": {"翠苑路"}, "door": {"19"}}), http.StatusSeeOther, "rename door plate")
		var doorText, doorGrid string
		if err := db.QueryRowContext(ctx, `SELECT text, grid_code, version FROM addresses WHERE id = ?`, doorID).Scan(&doorText, &doorGrid, &doorVersion); err != nil {
			t.Fatal(err)
		}
		if doorText != "翠苑路19号" || doorGrid != gridCode {
			t.Fatalf("renamed door plate: %q in %s", doorText, doorGrid)
		}
		wantStatus(t, comm.post(fmt.Sprintf("/addresses/%d/retire", doorID), url.Values{"version": {fmt.Sprint(doorVersion)}}), http.StatusSeeOther, "retire door plate")
		r = comm.post("/buildings", url.Values{"grid": {gridCode}, "name": {"18号楼"}, "estate": {fmt.Sprint(estate)}})
		wantStatus(t, r, http.StatusSeeOther, "add building")
		loc := r.Header.Get("Location")
		if !strings.HasPrefix(loc, "/buildings/"+gridCode) {
			t.Fatalf("new building at %q", loc)
		}
		building := strings.TrimPrefix(strings.Split(loc, "?")[0], "/buildings/")
		wantStatus(t, comm.post("/buildings/"+building+"/units", url.Values{"name": {"1单元"}}), http.StatusSeeOther, "add unit")
		var unit string
		if err := db.QueryRowContext(ctx, `SELECT code FROM units WHERE building_code = ?`, building).Scan(&unit); err != nil {
			t.Fatal(err)
		}

		houses := func() (n int) {
			if err := db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM houses) + (SELECT COUNT(*) FROM addresses)`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := houses()
		room := url.Values{"unit": {unit}, "room": {"502"}, "road": {"翠园路"}, "door": {"8"}, "use": {"rent"}, "area": {"0"},
			"tenants": {"3"}, "lease_start": {"2026-03-01"}, "lease_end": {"2027-02-28"}}
		for _, c := range []struct {
			field, value, want string
		}{
			{"area", "0", "建筑面积须大于0"},
			{"area", "abc", "建筑面积须大于0"},
			{"road", "", "请填写街路巷和门牌号"},
			{"lease_end", "2026-01-01", "租期须为日期"},
		} {
			bad := url.Values{}
			for k, v := range room {
				bad[k] = v
			}
			bad.Set("area", "89.5")
			bad.Set(c.field, c.value)
			r := comm.post("/buildings/"+building+"/rooms", bad)
			wantStatus(t, r, http.StatusBadRequest, "room with "+c.field+"="+c.value)
			wantContains(t, r, "refused room", c.want, `value="502"`)
		}
		if n := houses(); n != before {
			t.Fatalf("refused rooms wrote %d rows", n-before)
		}
		room.Set("area", "89.5")
		r = comm.post("/buildings/"+building+"/rooms", room)
		wantStatus(t, r, http.StatusSeeOther, "add room")
		houseURL := strings.Split(r.Header.Get("Location"), "?")[0]
		r = comm.get(houseURL)
		wantStatus(t, r, http.StatusOK, "house page")
		wantContains(t, r, "house page", "翠园路8号翠园小区18栋1单元502室", `value="89.50"`, `value="3"`, "产权人")
		wantStatus(t, comm.post(houseURL, url.Values{"version": {"1"}, "use": {"own"}, "area": {"90"}, "tenants": {"2"}}),
			http.StatusBadRequest, "tenants of an owner-lived house")
		wantStatus(t, comm.post(houseURL, url.Values{"version": {"1"}, "use": {"own"}, "area": {"90"}}), http.StatusSeeOther, "edit house")

		// Two people move in; they become a household of two, the husband
		// the owner. A person twice in one household is refused.
		houseID, _ := strconv.ParseInt(strings.TrimPrefix(houseURL, "/houses/"), 10, 64)
		var pids []string
		for i, name := range []string{"韩立", "林婉"} {
			first := fmt.Sprintf("21050419850312%03d", 100+i)
			p, err := e.app.People.Create(ctx, people.CommandLine(community), people.Input{Name: name, DocNumber: first + string(people.CheckChar(first)), HouseID: houseID})
			if err != nil {
				t.Fatal(err)
			}
			pids = append(pids, fmt.Sprint(p.ID))
		}
		r = comm.get(houseURL)
		wantContains(t, r, "house with people", "登记新户", "韩*", "林*")
		wantLacks(t, r, "house with people", "韩立", "林婉")
		r = comm.post(houseURL+"/households", url.Values{"person": {pids[0], pids[0]}, "relation": {"head", "spouse"}})
		wantStatus(t, r, http.StatusBadRequest, "a person twice")
		wantContains(t, r, "a person twice", "同一人在户内出现两次")
		wantStatus(t, comm.post(houseURL+"/households", url.Values{"person": {pids[0], pids[1], ""}, "relation": {"head", "spouse", "son"}}),
			http.StatusSeeOther, "household")
		wantStatus(t, comm.post(houseURL+"/owners", url.Values{"owner": {pids[0], ""}, "share": {"100", ""}}), http.StatusSeeOther, "owners")
		r = comm.get(houseURL)
		wantContains(t, r, "house with a household", "户主", "配偶", "100%")
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM household_members m JOIN house_owners o ON o.person_id = m.person_id
			WHERE o.house_id = ? AND m.relation = 'head' AND o.share_bp = 10000`, houseID).Scan(new(int)); err != nil {
			t.Fatal(err)
		}

		// Posts: a 网格员 on the grid and a 楼长 on the new building.
		wantStatus(t, comm.post("/grids/"+gridCode+"/staff", url.Values{"username": {"nobody-here"}, "role": {"worker"}, "duty": {"full"}}),
			http.StatusBadRequest, "unknown user")
		newUser := func(name, role, node string) auth.User {
			u, err := auth.CreateUser(ctx, db, auth.NewUser{Username: name, DisplayName: name, Role: role, NodeCode: node, Password: testPassword}, auth.Actor{})
			if err != nil {
				t.Fatal(err)
			}
			e.creds[name] = testPassword
			return u
		}
		worker := newUser("gw-new", auth.RoleGrid, community)
		head := newUser("lz-new", auth.RoleBuilding, community)
		wantStatus(t, comm.post("/grids/"+gridCode+"/staff", url.Values{"username": {"gw-new"}, "role": {"worker"}, "duty": {"part"}}),
			http.StatusSeeOther, "appoint worker")
		wantStatus(t, comm.post("/buildings/"+building+"/staff", url.Values{"username": {"lz-new"}, "duty": {"part"}}),
			http.StatusSeeOther, "appoint 楼长")
		r = comm.get("/buildings/" + building)
		wantContains(t, r, "building page", "lz-new", "楼长", "兼职", "翠园路8号翠园小区18栋1单元502室")
		var n int
		if err := db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM grid_members WHERE user_id = ? AND duty = 'part')
			+ (SELECT COUNT(*) FROM building_members WHERE user_id = ? AND building_code = ?)`, worker.ID, head.ID, building).Scan(&n); err != nil || n != 2 {
			t.Fatalf("posts: %d %v", n, err)
		}
		wantStatus(t, comm.post("/buildings/"+building+"/retire", url.Values{}), http.StatusBadRequest, "retire a building with houses")
		wantStatus(t, comm.post(fmt.Sprintf("/buildings/%s/staff/%d/remove", building, head.ID), url.Values{}), http.StatusSeeOther, "dismiss 楼长")
		wantStatus(t, comm.post("/buildings/"+building+"/units/"+unit+"/rename", url.Values{"name": {"东单元"}}), http.StatusSeeOther, "rename unit")
		wantStatus(t, comm.post("/buildings/"+building+"/units/"+unit+"/rename", url.Values{"name": {""}}), http.StatusBadRequest, "empty unit name")
		wantStatus(t, comm.post("/buildings/"+building+"/address", url.Values{"road": {"翠园路"}, "door": {"x"}}), http.StatusBadRequest, "bad door number")
		wantContains(t, comm.get("/buildings/"+building), "building page", "东单元", `id="door-form"`)

		// Every role, in and out of scope. Another street's community
		// and its building are out of everyone's reach here but the
		// district's.
		other := demoGrid(t, e, otherStreet, 0)[:12]
		newUser("other-community", auth.RoleCommunity, other)
		var otherBuilding string
		if err := db.QueryRowContext(ctx, `SELECT code FROM buildings WHERE grid_code LIKE ? AND retired_at IS NULL ORDER BY code LIMIT 1`, other+"%").Scan(&otherBuilding); err != nil {
			t.Fatal(err)
		}
		for role, want := range map[string][2]int{ // [own building page, other street's building page]
			"admin": {200, 200}, "street": {200, 404}, "community": {200, 404}, "grid": {200, 404}, "gridhead": {200, 404},
			"other-community": {404, 200}, "building": {403, 403}, "operator": {403, 403}, "dispatcher": {403, 403},
			"supervisor": {403, 403}, "leader": {403, 403}, "department": {403, 403},
		} {
			c := e.client(t)
			c.signIn(role, e.creds[role])
			wantStatus(t, c.get("/buildings/"+building), want[0], role+" at the building")
			wantStatus(t, c.get("/buildings/"+otherBuilding), want[1], role+" at the other building")
			wantStatus(t, c.get(houseURL), want[0], role+" at the house")
			// Writes out of scope are not found (or forbidden), and change nothing.
			r := c.post("/buildings/"+otherBuilding+"/units", url.Values{"name": {"9单元"}})
			if role != "admin" && role != "other-community" && r.Status != http.StatusNotFound && r.Status != http.StatusForbidden {
				t.Errorf("%s adding a unit out of scope: %d", role, r.Status)
			}
			r = c.post(houseURL+"/owners", url.Values{})
			if want[0] != 200 && r.Status != http.StatusNotFound && r.Status != http.StatusForbidden {
				t.Errorf("%s clearing owners out of scope: %d", role, r.Status)
			}
		}

		// Retiring, inside out: the house with its room address, the unit,
		// then the building.
		wantStatus(t, comm.post("/buildings/"+building+"/retire", url.Values{}), http.StatusBadRequest, "retire a building in use")
		var version int
		if err := db.QueryRowContext(ctx, `SELECT version FROM houses WHERE id = ?`, houseID).Scan(&version); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, comm.post(houseURL+"/retire", url.Values{"version": {fmt.Sprint(version)}}), http.StatusSeeOther, "retire house")
		wantStatus(t, comm.post("/buildings/"+building+"/units/"+unit+"/retire", url.Values{}), http.StatusSeeOther, "retire unit")
		wantStatus(t, comm.post("/buildings/"+building+"/retire", url.Values{}), http.StatusSeeOther, "retire building")
		wantStatus(t, comm.get("/buildings/"+building), http.StatusNotFound, "a retired building")
	})
}
