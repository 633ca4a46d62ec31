package cli

import (
	"context"
	"fmt"
	"strings"

	"civicgrid/internal/address"
	"civicgrid/internal/auth"
	"civicgrid/internal/facility"
	"civicgrid/internal/grid"
	"civicgrid/internal/orgunit"
	"civicgrid/internal/store"
)

// kindOf accepts a unit kind's code or Chinese name (企业).
func unitKindOf(s string) string {
	for code, name := range orgunit.KindNames {
		if s == name {
			return code
		}
	}
	return s
}

// runUnit: 实有单位 from the command line.
func runUnit(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "unit", args, map[string]func(context.Context, Env, []string) error{
		"add":  runUnitAdd,
		"list": runUnitList,
	}, ctx)
}

func runUnitAdd(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("unit add", "unit add --kind 企业 --name 名称 [--credit-code 18位代码] (--address-id N | --address 地址) [--contact 姓名 --phone 电话] [--staff N]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	var in orgunit.Input
	kind := fs.String("kind", "", "机关/organ, 事业单位/institution, 企业/enterprise, 个体工商户/individual, 社会组织/social, 学校/school, 医疗机构/medical, 商业网点/shop")
	fs.StringVar(&in.Name, "name", "", "单位名称")
	fs.StringVar(&in.CreditCode, "credit-code", "", "统一社会信用代码 (may be left out for 个体工商户 and 商业网点)")
	fs.Int64Var(&in.AddressID, "address-id", 0, "standard address id")
	fs.StringVar(&in.Address, "address", "", "standard address as typed (must name one standard address)")
	fs.StringVar(&in.ContactName, "contact", "", "contact person (sealed)")
	fs.StringVar(&in.ContactPhone, "phone", "", "contact phone (sealed)")
	fs.IntVar(&in.StaffCount, "staff", 0, "从业人数")
	if err := fs.Parse(args); err != nil {
		return err
	}
	in.Kind = unitKindOf(*kind)
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	keys, err := sf.keys()
	if err != nil {
		return err
	}
	addrs, err := address.NewService(ctx, db, nil)
	if err != nil {
		return err
	}
	id := in.AddressID
	if id == 0 && strings.TrimSpace(in.Address) != "" {
		m, err := addrs.Resolve(ctx, in.Address)
		if err != nil {
			return err
		}
		id = m.ID
	}
	var gridCode string
	if err := db.QueryRowContext(ctx, `SELECT grid_code FROM addresses WHERE id = ?`, id).Scan(&gridCode); err != nil && id != 0 {
		return fmt.Errorf("address %d: %w", id, address.ErrNotFound)
	}
	svc := &orgunit.Service{DB: db, Keys: keys, Addresses: addrs}
	u, err := svc.Create(ctx, grid.CommandLine(gridCode), in)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "unit %d: %s %s, %s (grid %s)\n", u.ID, orgunit.KindNames[u.Kind], u.Name, u.AddressText, u.GridCode)
	return nil
}

func runUnitList(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("unit list", "unit list [--under CODE] [--kind K] [--q 名称或代码]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	under := fs.String("under", "", "region or grid code")
	kind := fs.String("kind", "", "unit kind")
	q := fs.String("q", "", "name or credit code")
	limit := fs.Int("limit", 200, "how many")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	keys, err := sf.keys()
	if err != nil {
		return err
	}
	svc := &orgunit.Service{DB: db, Keys: keys}
	us, err := svc.List(ctx, wholeStore(ctx, db, *under), orgunit.Filter{Under: *under, Kind: unitKindOf(*kind), Q: *q}, *limit, 0)
	if err != nil {
		return err
	}
	for _, u := range us {
		fmt.Fprintf(env.Stdout, "%d\t%s\t%s\t%s\t%s\t%s\t%s %s\t%d人\t%s\n", u.ID, orgunit.KindNames[u.Kind], u.Name, orDash(u.CreditCode),
			u.AddressText, u.GridCode, orDash(u.ContactName), u.ContactPhone, u.StaffCount, orgunit.StateNames[u.State])
	}
	fmt.Fprintf(env.Stdout, "%d units\n", len(us))
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// wholeStore is the command line's read scope: the province of under, or
// the store's (first) province when under is empty.
func wholeStore(ctx context.Context, db *store.DB, under string) auth.Scope {
	if len(under) < 2 {
		_ = db.QueryRowContext(ctx, `SELECT code FROM regions WHERE parent_code IS NULL ORDER BY code LIMIT 1`).Scan(&under)
	}
	return grid.CommandLine(under).Scope
}

// runFacility: 部件 from the command line.
func runFacility(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "facility", args, map[string]func(context.Context, Env, []string) error{
		"add":   runFacilityAdd,
		"list":  runFacilityList,
		"state": runFacilityState,
	}, ctx)
}

func runFacilityAdd(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("facility add", "facility add --kind 路灯 --lng X --lat Y [--name 说明] [--owner-unit ID | --owner-dept CODE]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	var in facility.Input
	fs.StringVar(&in.Kind, "kind", "", "sub-kind code or name, e.g. 0109 or 路灯")
	fs.StringVar(&in.Name, "name", "", "a note where it is, e.g. 胜利路东侧")
	fs.Int64Var(&in.OwnerUnitID, "owner-unit", 0, "owner: a 实有单位 id")
	fs.StringVar(&in.OwnerDeptCode, "owner-dept", "", "owner: a department code")
	fs.StringVar(&in.State, "state", "", "完好 (default), 损坏 or 丢失")
	pt := registerPoint(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	var has bool
	var err error
	if in.Lng, in.Lat, has, err = pt.get(); err != nil {
		return err
	}
	if !has {
		return fmt.Errorf("%w: give --lng and --lat: where the facility stands", ErrUsage)
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	loc, err := grid.NewLocator(ctx, db)
	if err != nil {
		return err
	}
	code, _ := loc.Locate(in.Lng, in.Lat)
	ed := grid.CommandLine(code)
	if code == "" {
		ed.Role = auth.RoleAdmin // the point lies in no grid: Create says so
	}
	svc := &facility.Service{DB: db, Locator: loc}
	f, err := svc.Create(ctx, ed, in)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "facility %s: %s (grid %s)\n", f.Code, f.KindName(), f.GridCode)
	return nil
}

func runFacilityList(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("facility list", "facility list [--under CODE] [--kind 路灯] [--state 损坏]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	var f facility.Filter
	fs.StringVar(&f.Under, "under", "", "region or grid code")
	fs.StringVar(&f.Kind, "kind", "", "sub-kind code or name")
	fs.StringVar(&f.State, "state", "", "完好, 损坏 or 丢失")
	limit := fs.Int("limit", 200, "how many")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	fsl, err := facility.List(ctx, db, wholeStore(ctx, db, f.Under), f, *limit, 0)
	if err != nil {
		return err
	}
	for _, x := range fsl {
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s\t%s\t%.6f,%.6f\t%s\t%s\n", x.Code, x.KindName(), orDash(x.Name), x.GridCode, x.Lng, x.Lat,
			orDash(x.OwnerName), facility.StateNames[x.State])
	}
	fmt.Fprintf(env.Stdout, "%d facilities\n", len(fsl))
	return nil
}

func runFacilityState(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("facility state", "facility state --code CODE 完好|损坏|丢失", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	code := fs.String("code", "", "facility code")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, ok := facility.StateOf(fs.Arg(0)); fs.NArg() != 1 || !ok {
		fs.Usage()
		return fmt.Errorf("%w: give the new state: 完好, 损坏 or 丢失", ErrUsage)
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	c, err := facility.ParseCode(*code)
	if err != nil {
		return err
	}
	ed := grid.CommandLine(c)
	f, err := facility.GetByCode(ctx, db, ed.Scope, c)
	if err != nil {
		return err
	}
	svc := &facility.Service{DB: db}
	if f, err = svc.SetState(ctx, ed, f.ID, f.Version, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "facility %s: %s\n", f.Code, facility.StateNames[f.State])
	return nil
}
