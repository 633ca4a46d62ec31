package ui_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/party"
	"civicgrid/internal/people"

	"github.com/chromedp/chromedp"
)

// TestBrowserParty: the community's 党建 page on a phone — a member's
// personal data masked, a task claimed for a member (and refused the
// second time with 已认领, nothing changed), a matter raised on a
// reception day filed as a work order in one step and linked.
func TestBrowserParty(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	ctx := context.Background()
	const community = "210504002001"
	svc := e.app.Life.Party
	cu, cs := e.staff(t, "community")
	c := party.Actor{User: cu, Scope: cs}
	adm := auth.User{ID: cu.ID, Username: "admin", Role: auth.RoleAdmin, NodeCode: "210504"}
	if _, err := svc.AddUnit(ctx, party.Actor{User: adm, Scope: auth.ScopeOf(adm, "")}, party.UnitInput{Name: "明山区财政局", Kind: "organ", PairedCode: community}); err != nil {
		t.Fatal(err)
	}
	top, err := svc.AddOrg(ctx, c, party.OrgInput{CommunityCode: community, Kind: party.OrgGeneral, Name: "永光社区党总支", Secretary: "李桂兰"})
	if err != nil {
		t.Fatal(err)
	}
	branch, err := svc.AddOrg(ctx, c, party.OrgInput{CommunityCode: community, Kind: party.OrgBranch, ParentID: top.ID, Name: "第一党支部"})
	if err != nil {
		t.Fatal(err)
	}
	p := "21050419560301123"
	if _, err := svc.AddMember(ctx, c, party.MemberInput{Kind: party.MemberCommunity, CommunityCode: community, OrgID: branch.ID,
		Name: "王秀英", Phone: "13900001111", IDNumber: p + string(people.CheckChar(p))}); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(2 * time.Hour)
	if _, err := svc.AddTask(ctx, c, party.TaskInput{CommunityCode: community, Title: "楼道小广告清理", Detail: "清理各单元楼道墙面小广告。",
		StartsAt: start, EndsAt: start.Add(2 * time.Hour), Minutes: 120, Capacity: 4}); err != nil {
		t.Fatal(err)
	}
	rec, err := svc.ScheduleReception(ctx, c, party.ReceptionInput{CommunityCode: community, StartsAt: time.Now().Add(-30 * time.Minute),
		Place: "社区党群服务中心", Deputies: "区党代表 张明、刘芳"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RecordMatter(ctx, c, rec.ID, party.MatterInput{Name: "周振华", Phone: "13612345678", Matter: "小区东门路灯坏了一个多月，晚上出行不安全。"}); err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t, exe, e.srv.URL, shots)
	b.viewport(phoneW, phoneH)
	signInAs(t, b, "community", e.creds["community"])
	if st := b.open("/party"); st != 200 {
		t.Fatalf("/party answered %d", st)
	}
	if got := b.text("#party-member-cards"); !strings.Contains(got, "王**") || strings.Contains(got, "王秀英") || strings.Contains(got, "13900001111") {
		t.Errorf("member card %q", got)
	}
	if got := b.text("#party-figures"); !strings.Contains(got, "合计") {
		t.Errorf("measures %q", got)
	}
	noSidewaysScroll(t, b, "party")
	b.screenshot("party-phone")

	// Claim the task for the member; then again: refused, nothing changed.
	claim := "#party-task-cards form[action='/party/claim'] button"
	if st := b.submit(claim); st != 200 {
		t.Fatalf("claim answered %d", st)
	}
	if got := b.text("#party-done"); !strings.Contains(got, "已代党员认领任务") {
		t.Errorf("claim says %q", got)
	}
	if got := b.text("#party-task-cards"); !strings.Contains(got, "已认领 1/4") {
		t.Errorf("task card %q", got)
	}
	if st := b.submit(claim); st != 409 {
		t.Fatalf("claim twice answered %d", st)
	}
	if got := b.text("#party-error"); !strings.Contains(got, "已认领此任务") {
		t.Errorf("claim twice says %q", got)
	}
	if n := count(t, db, "party_task_claims"); n != 1 {
		t.Errorf("%d claims after the refusal", n)
	}

	// The matter becomes a work order in one step.
	b.open("/party#party-receptions")
	if st := b.submit("#party-reception-cards form[action='/party/file'] button"); st != 200 {
		t.Fatalf("file answered %d", st)
	}
	if got := b.text("#party-done"); !strings.Contains(got, "已转为工单") {
		t.Errorf("file says %q", got)
	}
	var number string
	if err := db.QueryRowContext(ctx, `SELECT order_number FROM party_matters`).Scan(&number); err != nil || number == "" {
		t.Fatalf("matter's order %q, %v", number, err)
	}
	if got := b.text("#party-reception-cards"); !strings.Contains(got, number) {
		t.Errorf("reception card lacks order %s: %q", number, got)
	}
	if n := evalIn[int](b, `document.querySelectorAll("#party-reception-cards form[action='/party/file']").length`); n != 0 {
		t.Errorf("a filed matter still offers filing (%d forms)", n)
	}
	b.do("scroll", chromedp.ScrollIntoView("#party-receptions"))
	b.screenshot("party-phone-reception")
	b.checkConsole("party", "status of 409")
}
