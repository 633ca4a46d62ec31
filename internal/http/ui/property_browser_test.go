package ui_test

import (
	"context"
	"testing"

	"civicgrid/internal/address"
	"civicgrid/internal/grid"
	"civicgrid/internal/property"
)

// TestBrowserProperty: the community's 物业与业委会 page on a phone, after
// recording a company, a contract and a committee through the domain.
func TestBrowserProperty(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	ctx := context.Background()
	const community = "210504002001"
	est, err := address.CreateEstate(ctx, db, grid.CommandLine("210504"), community, "永光小区")
	if err != nil {
		t.Fatal(err)
	}
	u, scope := e.staff(t, "community")
	a := property.Actor{User: u, Scope: scope}
	svc := e.app.Life.Property
	co, err := svc.AddCompany(ctx, a, property.CompanyInput{Name: "明山区兴业物业服务有限公司", ContactName: "王经理", ContactPhone: "13800001111"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddContract(ctx, a, property.ContractInput{CompanyID: co.ID, EstateID: est.ID, StartsOn: "2024-01-01", EndsOn: "2028-12-31"}); err != nil {
		t.Fatal(err)
	}
	members := []property.MemberInput{{Name: "张建国", Role: "director"}, {Name: "李秀兰", Role: "deputy"}, {Name: "王强", Role: "member"},
		{Name: "赵丽", Role: "member"}, {Name: "孙伟", Role: "member"}}
	if _, err := svc.FileCommittee(ctx, a, property.CommitteeInput{EstateID: est.ID, FiledOn: "2025-03-15", TermStart: "2025-03-01",
		TermEnd: "2030-02-28", Members: members}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, exe, e.srv.URL, shots)
	b.viewport(phoneW, phoneH)
	signInAs(t, b, "community", e.creds["community"])
	if status := b.open("/property"); status != 200 {
		t.Fatalf("/property answered %d", status)
	}
	if got := b.text("#property-contracts tbody tr td"); got != "永光小区" {
		t.Errorf("first contract row %q", got)
	}
	if n := evalIn[int](b, `document.querySelectorAll('#committee-form textarea').length`); n != 1 {
		t.Errorf("the committee form is missing for the community")
	}
	noSidewaysScroll(t, b, "property")
	b.screenshot("property-phone")
	b.checkConsole("property")
}
