package cli

import (
	"context"
	"fmt"
)

func runMigrate(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("migrate", "migrate [--data DIR] [--db URL]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(env.Stdout, "schema up to date (%s)\n", db.Where)
	return nil
}
