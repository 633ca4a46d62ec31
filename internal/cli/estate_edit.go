package cli

import (
	"context"
	"fmt"

	"civicgrid/internal/address"
	"civicgrid/internal/grid"
)

// runEstateEdit renames (name given) or retires a 小区.
func runEstateEdit(ctx context.Context, env Env, args []string, retire bool) error {
	verb := map[bool]string{true: "estate-retire", false: "estate-rename"}[retire]
	usage := "address estate-rename --id ID --name 小区名"
	if retire {
		usage = "address estate-retire --id ID"
	}
	fs := newFlagSet("address "+verb, usage, env.Stderr)
	var sf storeFlags
	sf.register(fs)
	id := fs.Int64("id", 0, "小区 id")
	name := fs.String("name", "", "new name")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var community string
	if err := db.QueryRowContext(ctx, `SELECT community_code FROM estates WHERE id = ?`, *id).Scan(&community); err != nil {
		return fmt.Errorf("小区 %d: %w", *id, address.ErrNotFound)
	}
	ed := grid.CommandLine(community)
	if retire {
		if err := address.RetireEstate(ctx, db, ed, *id); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "小区 %d retired\n", *id)
		return nil
	}
	e, err := address.GetEstate(ctx, db, ed.Scope, *id)
	if err != nil {
		return err
	}
	if e, err = address.RenameEstate(ctx, db, ed, e.ID, e.Version, *name); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "小区 %d is now %s\n", e.ID, e.Name)
	return nil
}
