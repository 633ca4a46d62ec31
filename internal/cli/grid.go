package cli

import (
	"context"
	"flag"
	"fmt"
	"math"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// runGrid: grid posts and structure from the command line (the machine's
// owner: an admin over the whole province of the code it works on).
func runGrid(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "grid", args, map[string]func(context.Context, Env, []string) error{
		"member":   runGridMember,
		"building": runGridBuilding,
		"unit":     runGridUnit,
	}, ctx)
}

func runGridMember(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "grid member", args, map[string]func(context.Context, Env, []string) error{
		"add":    func(ctx context.Context, env Env, args []string) error { return gridMember(ctx, env, args, true) },
		"remove": func(ctx context.Context, env Env, args []string) error { return gridMember(ctx, env, args, false) },
	}, ctx)
}

// gridMember appoints or dismisses a 网格长/网格员 (--grid) or a 楼长/单元长
// (--building, with --unit for a 单元长).
func gridMember(ctx context.Context, env Env, args []string, add bool) error {
	verb := map[bool]string{true: "add", false: "remove"}[add]
	fs := newFlagSet("grid member "+verb, "grid member "+verb+" (--grid CODE | --building CODE [--unit CODE]) --user NAME [--role R] [--duty full|part]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	gridCode := fs.String("grid", "", "grid code (15 digits), for 网格长 (head) and 网格员 (worker)")
	building := fs.String("building", "", "building code, for 楼长 (building) and 单元长 (unit)")
	unit := fs.String("unit", "", "unit code, for a 单元长")
	user := fs.String("user", "", "username of the person")
	role := fs.String("role", "", "head or worker on a grid; building or unit on a building")
	duty := fs.String("duty", "", "full (专职) or part (兼职); default full on grids, part on buildings")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if (*gridCode == "") == (*building == "") || *user == "" || (add && *role == "") {
		fs.Usage()
		return fmt.Errorf("%w: give --grid or --building, --user, and --role to add", ErrUsage)
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := auth.GetUserByUsername(ctx, db, *user)
	if err != nil {
		return err
	}
	code := *gridCode + *building
	ed := grid.CommandLine(code)
	err = db.InTx(ctx, func(tx *store.Tx) error {
		switch {
		case *gridCode != "" && add:
			return grid.Appoint(ctx, tx, ed, *gridCode, u.ID, *role, *duty)
		case *gridCode != "":
			return grid.Dismiss(ctx, tx, ed, *gridCode, u.ID)
		case add:
			return grid.AppointBuilding(ctx, tx, ed, *building, *unit, u.ID, *role, *duty)
		default:
			return grid.DismissBuilding(ctx, tx, ed, *building, *unit, u.ID)
		}
	})
	if err != nil {
		return err
	}
	if add {
		fmt.Fprintf(env.Stdout, "%s is now %s of %s %s\n", u.Username, *role, code, *unit)
	} else {
		fmt.Fprintf(env.Stdout, "%s removed from %s %s\n", u.Username, code, *unit)
	}
	return nil
}

// pointFlags reads an optional --lng/--lat pair.
type pointFlags struct{ lng, lat *float64 }

func registerPoint(fs *flag.FlagSet) pointFlags {
	return pointFlags{fs.Float64("lng", math.NaN(), "longitude (WGS84)"), fs.Float64("lat", math.NaN(), "latitude (WGS84)")}
}

func (p pointFlags) get() (lng, lat float64, has bool, err error) {
	if math.IsNaN(*p.lng) != math.IsNaN(*p.lat) {
		return 0, 0, false, fmt.Errorf("%w: give both --lng and --lat, or neither", ErrUsage)
	}
	return *p.lng, *p.lat, !math.IsNaN(*p.lng), nil
}

func runGridBuilding(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "grid building", args, map[string]func(context.Context, Env, []string) error{
		"add": func(ctx context.Context, env Env, args []string) error {
			fs := newFlagSet("grid building add", "grid building add --grid CODE --name 名称 [--address A] [--estate ID] [--lng X --lat Y]", env.Stderr)
			var sf storeFlags
			sf.register(fs)
			gridCode := fs.String("grid", "", "grid code")
			name := fs.String("name", "", "building name, e.g. 3号楼")
			addr := fs.String("address", "", "address as commonly written")
			estate := fs.Int64("estate", 0, "小区 id")
			pt := registerPoint(fs)
			if err := fs.Parse(args); err != nil {
				return err
			}
			lng, lat, has, err := pt.get()
			if err != nil {
				return err
			}
			db, err := sf.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			var b grid.Building
			err = db.InTx(ctx, func(tx *store.Tx) error {
				var err error
				b, err = grid.CreateBuildingAs(ctx, tx, grid.CommandLine(*gridCode), grid.Building{GridCode: *gridCode, Name: *name,
					Address: *addr, EstateID: *estate, Lng: lng, Lat: lat, HasPoint: has})
				return err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "building %s (%s) added to grid %s\n", b.Code, b.Name, b.GridCode)
			return nil
		},
		"retire": func(ctx context.Context, env Env, args []string) error {
			return retireCode(ctx, env, args, "grid building retire", grid.RetireBuilding)
		},
		"edit": runGridBuildingEdit,
	}, ctx)
}

func runGridUnit(ctx context.Context, env Env, args []string) error {
	return subcommand(env, "grid unit", args, map[string]func(context.Context, Env, []string) error{
		"add": func(ctx context.Context, env Env, args []string) error {
			fs := newFlagSet("grid unit add", "grid unit add --building CODE --name 名称", env.Stderr)
			var sf storeFlags
			sf.register(fs)
			building := fs.String("building", "", "building code")
			name := fs.String("name", "", "unit name, e.g. 2单元")
			if err := fs.Parse(args); err != nil {
				return err
			}
			db, err := sf.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			var u grid.Unit
			err = db.InTx(ctx, func(tx *store.Tx) error {
				var err error
				u, err = grid.CreateUnitAs(ctx, tx, grid.CommandLine(*building), *building, *name)
				return err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "unit %s (%s) added to building %s\n", u.Code, u.Name, u.BuildingCode)
			return nil
		},
		"retire": func(ctx context.Context, env Env, args []string) error {
			return retireCode(ctx, env, args, "grid unit retire", grid.RetireUnit)
		},
		"rename": runGridUnitRename,
	}, ctx)
}

func retireCode(ctx context.Context, env Env, args []string, name string, retire func(context.Context, store.Querier, grid.Editor, string) error) error {
	fs := newFlagSet(name, name+" --code CODE", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	code := fs.String("code", "", "code to retire")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *code == "" {
		fs.Usage()
		return fmt.Errorf("%w: --code is required", ErrUsage)
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.InTx(ctx, func(tx *store.Tx) error { return retire(ctx, tx, grid.CommandLine(*code), *code) }); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s retired\n", *code)
	return nil
}
