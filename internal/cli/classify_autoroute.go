package cli

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/classify"
)

// runClassifyAutoRoute lists automatic routing, or sets one category's
// threshold (0 turns it off), as the command line (an admin's act).
func runClassifyAutoRoute(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("classify autoroute", "classify autoroute [--category CODE --threshold 0.8]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	code := fs.String("category", "", "category code; without it the categories routed automatically are listed")
	threshold := fs.Float64("threshold", 0, "least probability to file automatically (0.5 to 0.99); 0 turns routing off")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return ErrUsage
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if *code != "" {
		// A store the server never started lacks the seed catalogue.
		if _, err := category.Seed(ctx, db); err != nil {
			return err
		}
		if err := classify.SetAutoRoute(ctx, db, auth.RoleAdmin, audit.Actor{}, *code, *threshold, time.Now()); err != nil {
			return err
		}
	}
	routes, err := classify.AutoRoutes(ctx, db)
	if err != nil {
		return err
	}
	if len(routes) == 0 {
		fmt.Fprintln(env.Stdout, "automatic routing is off for every category")
	}
	for _, c := range classify.AutoRouteList(routes) {
		fmt.Fprintf(env.Stdout, "%s\t%g\n", c, routes[c])
	}
	return nil
}
