package cli

import (
	"context"
	"fmt"
	"strings"

	"civicgrid/internal/address"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// runAddress: standard addresses and 小区 from the command line.
func runAddress(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "address", args, map[string]func(context.Context, Env, []string) error{
		"add":    runAddressAdd,
		"search": runAddressSearch,
		"retire": runAddressRetire,
		"estate": runEstateAdd,
		"estate-rename": func(ctx context.Context, env Env, args []string) error {
			return runEstateEdit(ctx, env, args, false)
		},
		"estate-retire": func(ctx context.Context, env Env, args []string) error {
			return runEstateEdit(ctx, env, args, true)
		},
	}, ctx)
}

func runAddressAdd(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("address add", "address add --road 街路巷 --door 门牌号 [--building CODE [--unit CODE] [--room 502]] [--grid CODE] [--estate ID] [--lng X --lat Y]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	var in address.Input
	fs.StringVar(&in.Road, "road", "", "街路巷, e.g. 胜利路")
	fs.StringVar(&in.DoorNo, "door", "", "门牌号, e.g. 12")
	fs.StringVar(&in.BuildingCode, "building", "", "registered building code (for building, unit and room addresses)")
	fs.StringVar(&in.BuildingNo, "building-no", "", "楼栋号 when the building's name holds none")
	fs.StringVar(&in.UnitCode, "unit", "", "unit code")
	fs.StringVar(&in.UnitNo, "unit-no", "", "单元号 when the unit's name holds none")
	fs.StringVar(&in.RoomNo, "room", "", "户室号, e.g. 502")
	fs.StringVar(&in.GridCode, "grid", "", "grid code, when there is no point or building")
	fs.Int64Var(&in.EstateID, "estate", 0, "小区 id")
	pt := registerPoint(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	var err error
	if in.Lng, in.Lat, in.HasPoint, err = pt.get(); err != nil {
		return err
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
	code := in.BuildingCode + in.GridCode
	if code == "" && in.HasPoint {
		code, _ = loc.Locate(in.Lng, in.Lat)
	}
	var a address.Address
	err = db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		a, err = address.Create(ctx, tx, grid.CommandLine(code), loc, in)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "address %d: %s (grid %s)\n", a.ID, a.FullText, a.GridCode)
	return nil
}

func runAddressSearch(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("address search", "address search [--limit N] 地址", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	limit := fs.Int("limit", 5, "how many")
	if err := fs.Parse(args); err != nil {
		return err
	}
	q := strings.Join(fs.Args(), " ")
	if q == "" {
		fs.Usage()
		return fmt.Errorf("%w: give the address to search for", ErrUsage)
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	svc, err := address.NewService(ctx, db, nil)
	if err != nil {
		return err
	}
	ms := svc.Index().Search(q, "", *limit) // the command line sees every address
	for _, m := range ms {
		mark := " "
		if m.Good {
			mark = "✓"
		}
		fmt.Fprintf(env.Stdout, "%s %.3f  %d  %s  grid %s\n", mark, m.Score, m.ID, m.Text, m.GridCode)
	}
	if len(ms) == 0 {
		fmt.Fprintln(env.Stdout, "no address found — 未找到地址")
	}
	return nil
}

func runAddressRetire(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("address retire", "address retire --id N", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	id := fs.Int64("id", 0, "address id")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var a address.Address
	var grid0 string
	if err := db.QueryRowContext(ctx, `SELECT grid_code FROM addresses WHERE id = ?`, *id).Scan(&grid0); err != nil {
		return fmt.Errorf("address %d: %w", *id, address.ErrNotFound)
	}
	ed := grid.CommandLine(grid0)
	if a, err = address.Get(ctx, db, ed.Scope, *id); err != nil {
		return err
	}
	if err := db.InTx(ctx, func(tx *store.Tx) error { return address.Retire(ctx, tx, ed, a.ID, a.Version) }); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "address %d (%s) retired\n", a.ID, a.FullText)
	return nil
}

func runEstateAdd(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("address estate", "address estate --community CODE --name 小区名", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	community := fs.String("community", "", "community code (12 digits)")
	name := fs.String("name", "", "小区 name")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	e, err := address.CreateEstate(ctx, db, grid.CommandLine(*community), *community, *name)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "小区 %d (%s) added to community %s\n", e.ID, e.Name, e.CommunityCode)
	return nil
}

// runHouse: 实有房屋 from the command line.
func runHouse(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "house", args, map[string]func(context.Context, Env, []string) error{
		"add":    runHouseAdd,
		"room":   runHouseRoom,
		"edit":   runHouseEdit,
		"retire": runHouseRetire,
		"owners": runHouseOwners,
	}, ctx)
}

func runHouseAdd(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("house add", "house add --address ID --use 自住|出租|空置|经营|其他 --area 89.5 [--tenants N --lease-start D --lease-end D]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	var in address.HouseInput
	fs.Int64Var(&in.AddressID, "address", 0, "room (户室) address id")
	fs.StringVar(&in.Use, "use", "", "use: own/自住, rent/出租, vacant/空置, business/经营, other/其他")
	area := fs.String("area", "", "建筑面积 in m², up to two decimals")
	fs.IntVar(&in.TenantCount, "tenants", 0, "tenants of a rented house")
	fs.StringVar(&in.LeaseStart, "lease-start", "", "lease start YYYY-MM-DD")
	fs.StringVar(&in.LeaseEnd, "lease-end", "", "lease end YYYY-MM-DD")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var err error
	if in.AreaDM2, err = address.ParseArea(*area); err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var gridCode string
	if err := db.QueryRowContext(ctx, `SELECT grid_code FROM addresses WHERE id = ?`, in.AddressID).Scan(&gridCode); err != nil {
		return fmt.Errorf("address %d: %w", in.AddressID, address.ErrNotFound)
	}
	h, err := address.CreateHouse(ctx, db, grid.CommandLine(gridCode), in)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "house %d: %s, %s, %s m²\n", h.ID, h.AddressText, h.Use, address.FormatArea(h.AreaDM2))
	return nil
}
