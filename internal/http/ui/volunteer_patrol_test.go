package ui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestVolunteerPatrolPage: the community founds a patrol team, registers
// two members, records a patrol with two findings from the staff page
// (members of another team refused, nothing written), and files a finding
// as a work order in one step; the order's page is where it leads.
func TestVolunteerPatrolPage(t *testing.T) {
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	ctx := t.Context()
	var comm string
	if err := db.QueryRowContext(ctx, `SELECT node_code FROM users WHERE username = 'community'`).Scan(&comm); err != nil {
		t.Fatal(err)
	}
	c := e.client(t)
	c.signIn("community", e.creds["community"])
	r := c.post("/volunteers/teams", url.Values{"region_code": {comm}, "team_name": {"平安志愿巡逻队"}, "kind": {"patrol"}})
	wantStatus(t, r, http.StatusSeeOther, "team")
	r = c.post("/volunteers/teams", url.Values{"region_code": {comm}, "team_name": {"助老服务队"}, "kind": {"service"}})
	wantStatus(t, r, http.StatusSeeOther, "second team")
	var patrolTeam, serviceTeam string
	db.QueryRowContext(ctx, `SELECT CAST(id AS TEXT) FROM volunteer_teams WHERE kind = 'patrol'`).Scan(&patrolTeam)
	db.QueryRowContext(ctx, `SELECT CAST(id AS TEXT) FROM volunteer_teams WHERE kind = 'service'`).Scan(&serviceTeam)
	for i, team := range []string{patrolTeam, patrolTeam, serviceTeam} {
		r = c.post("/volunteers/register", url.Values{"community_code": {comm}, "team_id": {team}, "name": {[]string{"马国强", "刘德顺", "张桂英"}[i]},
			"phone": {"1380000100" + string(rune('1'+i))}, "skills": {"patrol"}})
		wantStatus(t, r, http.StatusSeeOther, "register")
	}
	ids := map[string][]string{}
	rows, err := db.QueryContext(ctx, `SELECT CAST(team_id AS TEXT), CAST(id AS TEXT) FROM volunteers ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var team, id string
		rows.Scan(&team, &id)
		ids[team] = append(ids[team], id)
	}
	rows.Close()
	local := func(d time.Duration) string {
		return time.Now().Add(d).In(time.FixedZone("CST", 8*3600)).Format("2006-01-02T15:04")
	}
	form := url.Values{"team_id": {patrolTeam}, "community_code": {comm}, "started": {local(-3 * time.Hour)}, "ended": {local(-time.Hour)},
		"members": {ids[patrolTeam][0] + "，" + ids[patrolTeam][1] + "、" + ids[serviceTeam][0]}, "findings": {"5号楼楼道内电动车充电\n小区东门路灯不亮"}, "note": {"夜间巡逻"}}
	r = c.post("/volunteers/patrols", form)
	wantStatus(t, r, http.StatusBadRequest, "a service team's member")
	wantContains(t, r, "refusal", "不是“平安志愿巡逻队”的在册队员")
	if n := count(t, db, "volunteer_patrols"); n != 0 {
		t.Fatalf("a refused patrol was written (%d)", n)
	}
	form.Set("members", strings.Join(ids[patrolTeam], " "))
	r = c.post("/volunteers/patrols", form)
	wantStatus(t, r, http.StatusSeeOther, "patrol")
	page := c.get("/volunteers?tab=patrols")
	wantStatus(t, page, http.StatusOK, "patrols")
	wantContains(t, page, "patrols", "平安志愿巡逻队", "小区东门路灯不亮", "转为工单")
	var finding string
	db.QueryRowContext(ctx, `SELECT CAST(MIN(id) AS TEXT) FROM volunteer_patrol_findings`).Scan(&finding)
	r = c.post("/volunteers/findings/"+finding+"/order", url.Values{"category": {"streetlight.out"}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/orders/") {
		t.Fatalf("filing answered %d → %q: %s", r.Status, r.Header.Get("Location"), excerpt(r.Body))
	}
	order := c.get(r.Header.Get("Location"))
	wantStatus(t, order, http.StatusOK, "the order")
	wantContains(t, order, "the order", "电动车充电")
	// Members were credited the two hours.
	var minutes int
	db.QueryRowContext(ctx, `SELECT COALESCE(SUM(amount), 0) FROM volunteer_ledger WHERE kind = 'hours'`).Scan(&minutes)
	if minutes != 240 {
		t.Fatalf("credited %d minutes, want 2 × 120", minutes)
	}
}
