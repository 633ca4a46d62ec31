package cli

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/ledger"
	"civicgrid/internal/party"
	"civicgrid/internal/store"
	"civicgrid/internal/zone"
)

// runParty: 党建 from the command line — import a member roll (.xlsx or
// CSV) and print the measures.
func runParty(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "party", args, map[string]func(context.Context, Env, []string) error{
		"import-members": partyImportMembers,
		"measures":       partyMeasures,
	}, ctx)
}

// partyStore opens the store and the 党建 service as the command line's
// actor: an admin over the deployment's root region.
func partyStore(ctx context.Context, sf storeFlags) (*store.DB, *party.Service, party.Actor, error) {
	db, err := sf.open(ctx)
	if err != nil {
		return nil, nil, party.Actor{}, err
	}
	keys, err := sf.keys()
	if err != nil {
		db.Close()
		return nil, nil, party.Actor{}, err
	}
	var root string
	err = db.QueryRowContext(ctx, `SELECT code FROM regions WHERE parent_code IS NULL ORDER BY code LIMIT 1`).Scan(&root)
	if errors.Is(err, sql.ErrNoRows) {
		db.Close()
		return nil, nil, party.Actor{}, fmt.Errorf("no regions yet: import divisions first")
	}
	if err != nil {
		db.Close()
		return nil, nil, party.Actor{}, err
	}
	svc, err := party.New(party.Config{DB: db, Keys: keys})
	if err != nil {
		db.Close()
		return nil, nil, party.Actor{}, err
	}
	u := auth.User{Role: auth.RoleAdmin, Username: "civicgrid", NodeCode: root}
	return db, svc, party.Actor{User: u, Scope: auth.ScopeOf(u, "")}, nil
}

// memberColumns are the roll's columns (header names, Chinese or English).
var memberColumns = map[string][]string{
	"name": {"姓名", "name"}, "id_number": {"身份证号码", "身份证号", "id_number"}, "phone": {"联系电话", "电话", "phone"},
	"kind": {"类别", "党员类别", "kind"}, "community": {"居住社区", "社区代码", "community_code"}, "org": {"党支部", "所在党支部", "org"},
	"unit": {"工作单位", "unit"}, "joined": {"入党日期", "joined_on"},
}

// partyImportMembers registers the members of a roll, line by line: a line
// that fails is reported with its row number and what to fix and writes
// nothing; a member already registered (same ID number) is reported and
// skipped, so the file can be run again after fixing.
func partyImportMembers(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("party import-members", "party import-members --from FILE.xlsx|FILE.csv", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	from := fs.String("from", "", "the member roll (.xlsx, first sheet, or UTF-8 CSV) with a header row: 姓名,身份证号码,联系电话,类别(社区党员|在职党员),居住社区(code),党支部,工作单位,入党日期")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" {
		return fmt.Errorf("%w: --from FILE is required", ErrUsage)
	}
	f, err := os.Open(*from)
	if err != nil {
		return err
	}
	defer f.Close()
	table, err := ledger.Read(f)
	if err != nil {
		return err
	}
	col := map[string]int{}
	for i, h := range table.Header {
		for key, names := range memberColumns {
			for _, n := range names {
				if strings.EqualFold(strings.TrimSpace(h), n) {
					col[key] = i
				}
			}
		}
	}
	for _, need := range []string{"name", "id_number", "kind", "community"} {
		if _, ok := col[need]; !ok {
			return fmt.Errorf("%w: the header has no %s column (%s)", ErrUsage, need, strings.Join(memberColumns[need], " / "))
		}
	}
	db, svc, a, err := partyStore(ctx, sf)
	if err != nil {
		return err
	}
	defer db.Close()
	orgs, err := svc.Orgs(ctx, a, "")
	if err != nil {
		return err
	}
	units, err := svc.Units(ctx, a)
	if err != nil {
		return err
	}
	unitID := map[string]int64{}
	for _, u := range units {
		unitID[u.Name] = u.ID
	}
	cell := func(l ledger.Line, key string) string {
		i, ok := col[key]
		if !ok || i >= len(l.Cells) {
			return ""
		}
		return strings.TrimSpace(l.Cells[i])
	}
	var added, skipped, failed int
	for _, l := range table.Rows {
		in := party.MemberInput{Kind: cell(l, "kind"), CommunityCode: cell(l, "community"), Name: cell(l, "name"), Phone: cell(l, "phone"),
			IDNumber: cell(l, "id_number"), JoinedOn: cell(l, "joined")}
		if org := cell(l, "org"); org != "" {
			for _, o := range orgs {
				if o.CommunityCode == in.CommunityCode && o.Name == org {
					in.OrgID = o.ID
				}
			}
			if in.OrgID == 0 {
				fmt.Fprintf(env.Stderr, "row %d: %s has no organisation named %q — 该社区没有名为“%s”的党组织\n", l.No, in.CommunityCode, org, org)
				failed++
				continue
			}
		}
		if unit := cell(l, "unit"); unit != "" {
			if in.UnitID = unitID[unit]; in.UnitID == 0 {
				fmt.Fprintf(env.Stderr, "row %d: unit %q is not registered — 报到单位“%s”未登记\n", l.No, unit, unit)
				failed++
				continue
			}
		}
		_, err := svc.AddMember(ctx, a, in)
		switch {
		case err == nil:
			added++
		case errors.Is(err, party.ErrConflict):
			fmt.Fprintf(env.Stderr, "row %d: registered already, skipped\n", l.No)
			skipped++
		default:
			fmt.Fprintf(env.Stderr, "row %d: %v\n", l.No, err)
			failed++
		}
	}
	fmt.Fprintf(env.Stdout, "%d members registered, %d already registered, %d lines refused\n", added, skipped, failed)
	if failed > 0 {
		return fmt.Errorf("%d lines refused: fix them and run the file again", failed)
	}
	return nil
}

// partyMeasures prints 报到率, hours, tasks claimed and done per community
// and per unit.
func partyMeasures(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("party measures", "party measures [--from YYYY-MM-DD] [--to YYYY-MM-DD]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	fromS := fs.String("from", "", "first day (default 90 days ago)")
	toS := fs.String("to", "", "day after the last (default now)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	to := time.Now()
	from := to.AddDate(0, 0, -90)
	for s, dst := range map[string]*time.Time{*fromS: &from, *toS: &to} {
		if s == "" {
			continue
		}
		t, err := time.ParseInLocation(time.DateOnly, s, zone.Shanghai())
		if err != nil {
			return fmt.Errorf("%w: %q is not a day like 2026-01-31", ErrUsage, s)
		}
		*dst = t
	}
	db, svc, a, err := partyStore(ctx, sf)
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := svc.Measures(ctx, a, from, to)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	row := func(f party.Figures) {
		rate := "—"
		if r, ok := f.Rate(); ok {
			rate = strconv.FormatFloat(r, 'f', 1, 64) + "%"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%.1f\t%d\t%d\t\n", f.Name, f.Due, f.Reported, rate, f.Hours(), f.Claimed, f.Done)
	}
	fmt.Fprintln(tw, "社区\t应报到\t已报到\t报到率\t服务时长\t认领\t完成\t")
	for _, f := range m.Communities {
		row(f)
	}
	row(m.Total)
	fmt.Fprintln(tw, "\t\t\t\t\t\t\t")
	fmt.Fprintln(tw, "单位\t应报到\t已报到\t报到率\t服务时长\t认领\t完成\t")
	for _, f := range m.Units {
		row(f)
	}
	return tw.Flush()
}
