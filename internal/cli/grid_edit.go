package cli

import (
	"context"
	"fmt"

	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

func runGridUnitRename(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("grid unit rename", "grid unit rename --code CODE --name 名称", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	code := fs.String("code", "", "unit code")
	name := fs.String("name", "", "new name, e.g. 东单元")
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
	var u grid.Unit
	err = db.InTx(ctx, func(tx *store.Tx) error {
		u, err = grid.RenameUnit(ctx, tx, grid.CommandLine(*code), *code, *name)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "unit %s is now %s\n", u.Code, u.Name)
	return nil
}

// runGridBuildingEdit changes a building's name, address and 小区; the
// point stays unless --lng/--lat are given.
func runGridBuildingEdit(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("grid building edit", "grid building edit --code CODE --name 名称 [--address A] [--estate ID] [--lng X --lat Y]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	code := fs.String("code", "", "building code")
	name := fs.String("name", "", "building name, e.g. 3号楼")
	addr := fs.String("address", "", "address as commonly written")
	estate := fs.Int64("estate", 0, "小区 id (0: none)")
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
	old, err := grid.GetBuilding(ctx, db, *code)
	if err != nil {
		return err
	}
	if !has {
		lng, lat, has = old.Lng, old.Lat, old.HasPoint
	}
	var b grid.Building
	err = db.InTx(ctx, func(tx *store.Tx) error {
		b, err = grid.UpdateBuilding(ctx, tx, grid.CommandLine(*code), *code, grid.BuildingEdit{Name: *name, Address: *addr,
			EstateID: *estate, Lng: lng, Lat: lat, HasPoint: has})
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "building %s is now %s\n", b.Code, b.Name)
	return nil
}
