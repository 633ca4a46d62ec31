package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"civicgrid/internal/auth"
	"civicgrid/internal/order"
	"civicgrid/internal/server"
	"civicgrid/internal/zone"
)

// runImportOrders files the orders of an upstream 12345 platform's CSV
// export (channel import, upstream receipt times) as one staff account.
// Every line is checked first; any problem files nothing, and a repeated
// run files each line once (the upstream id is the idempotency key).
func runImportOrders(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("import orders", "import orders --from FILE.csv --as USERNAME [--dry-run]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	from := fs.String("from", "", "UTF-8 CSV with a header row; columns: upstream_id, received_at, category, description, lng, lat, address, grid_code, community_code, reporter_name, reporter_phone, reporter_email, confidential, attributes")
	as := fs.String("as", "", "the operator, dispatcher or admin account the orders are filed as (its scope applies)")
	dry := fs.Bool("dry-run", false, "check every line and report, file nothing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" || *as == "" || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: --from and --as are required", ErrUsage)
	}
	f, err := os.Open(*from)
	if err != nil {
		return err
	}
	defer f.Close()
	lines, err := order.ParseImport(f, zone.Shanghai())
	if err != nil {
		return fmt.Errorf("%s:\n%w", *from, err)
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := auth.GetUserByUsername(ctx, db, *as)
	if errors.Is(err, auth.ErrNotFound) {
		return fmt.Errorf("--as %s: no such user", *as)
	}
	if err != nil {
		return err
	}
	scope, err := auth.ScopeForUser(ctx, db, u)
	if err != nil {
		return err
	}
	app, err := server.New(ctx, server.Options{DB: db, DataDir: sf.data, PIIKeys: piiKeys(), Policy: auth.DefaultPolicy()})
	if err != nil {
		return err
	}
	actor := order.StaffActor(u, scope, "cli")
	if *dry {
		if err := app.Orders.CheckImport(ctx, actor, lines); err != nil {
			return fmt.Errorf("%s:\n%w", *from, err)
		}
		fmt.Fprintf(env.Stdout, "%s: %d lines, all fine (dry run, nothing filed)\n", *from, len(lines))
		return nil
	}
	res, err := app.Orders.Import(ctx, actor, lines)
	if err != nil {
		return fmt.Errorf("%s:\n%w", *from, err)
	}
	fmt.Fprintf(env.Stdout, "%s: %d orders filed, %d already filed by an earlier run\n", *from, res.Created, res.Replayed)
	return nil
}
