package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/party"
	"civicgrid/internal/people"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// TestPartyImportMembers: a roll with a bad line registers the good ones
// and names the bad by row; run again after fixing, the registered are
// skipped; the measures print.
func TestPartyImportMembers(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	t.Setenv("CIVICGRID_DB", "")
	run := func(wantErr bool, args ...string) (string, string) {
		t.Helper()
		var out, errb bytes.Buffer
		args = append(append(append([]string{}, args[:2]...), "--data", dir), args[2:]...)
		err := Run(ctx, Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb}, args)
		if (err != nil) != wantErr {
			t.Fatalf("%v: %v\n%s", args, err, errb.String())
		}
		return out.String(), errb.String()
	}
	run(false, "import", "divisions", "--from", "../org/testdata/divisions", "--under", "210504")
	// A branch to belong to, through the domain.
	db, err := store.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := pii.Load(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	svc, _ := party.New(party.Config{DB: db, Keys: keys})
	u := auth.User{Role: auth.RoleAdmin, Username: "t", NodeCode: "210504"}
	a := party.Actor{User: u, Scope: auth.ScopeOf(u, "")}
	top, err := svc.AddOrg(ctx, a, party.OrgInput{CommunityCode: "210504002001", Kind: party.OrgGeneral, Name: "社区党总支"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddOrg(ctx, a, party.OrgInput{CommunityCode: "210504002001", Kind: party.OrgBranch, ParentID: top.ID, Name: "第一党支部"}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	id := func(p string) string { return p + string(people.CheckChar(p)) }
	good, other := id("21050419560301123"), id("21050419600715224")
	roll := "姓名,身份证号码,联系电话,类别,居住社区,党支部,工作单位,入党日期\n" +
		"王秀英," + good + ",13900001111,社区党员,210504002001,第一党支部,,1985-07-01\n" +
		"李明," + other[:17] + "0,,社区党员,210504002001,第一党支部,,\n" +
		"赵刚," + other + ",,社区党员,210599001001,第一党支部,,\n"
	file := filepath.Join(dir, "roll.csv")
	if err := os.WriteFile(file, []byte(roll), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errs := run(true, "party", "import-members", "--from", file)
	if !strings.Contains(out, "1 members registered, 0 already registered, 2 lines refused") ||
		!strings.Contains(errs, "row 3: ") || !strings.Contains(errs, "校验位") || !strings.Contains(errs, "row 4: ") {
		t.Fatalf("first run: %s\n%s", out, errs)
	}
	fixed := strings.Replace(strings.Replace(roll, other[:17]+"0", other, 1), "赵刚,"+other+",,社区党员,210599001001", "赵刚,"+id("21050419700101335")+",,社区党员,210504002001", 1)
	if err := os.WriteFile(file, []byte(fixed), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, errs := run(false, "party", "import-members", "--from", file); !strings.Contains(out, "2 members registered, 1 already registered, 0 lines refused") {
		t.Fatalf("second run: %s\n%s", out, errs)
	}
	if out, _ := run(false, "party", "measures"); !strings.Contains(out, "报到率") || !strings.Contains(out, "合计") {
		t.Fatalf("measures: %s", out)
	}
}
