package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"civicgrid/internal/demo"
)

// runDemo builds the demo district into an empty store, prints the users'
// passwords once, then serves. A store that already holds data is served
// as it is.
func runDemo(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("demo", "demo [--addr 127.0.0.1:8080] [--data DIR] [--db URL] [--history-days 90] [--registers=false] [--no-serve]", env.Stderr)
	var sf storeFlags
	sf.register(fs)
	addr := fs.String("addr", envOr("CIVICGRID_ADDR", "127.0.0.1:8080"), "listen address (env CIVICGRID_ADDR)")
	noServe := fs.Bool("no-serve", false, "build the demo and exit")
	history := demo.DefaultHistory()
	fs.IntVar(&history.Days, "history-days", history.Days, "days of simulated orders ending now; 0 for none")
	registers := fs.Bool("registers", true, "fill the grid base: standard addresses, houses, staff on every grid (false: the district only)")
	var nf netFlags
	nf.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, _, err := nf.parse(); err != nil {
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	if _, err := nf.metrics(); err != nil {
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	empty, err := demo.IsEmpty(ctx, db)
	if err != nil {
		db.Close()
		return err
	}
	if empty {
		fmt.Fprintf(env.Stdout, "building the demo district 本溪市明山区 into %s …\n", db.Where)
		creds, err := demo.Build(ctx, db, demo.Options{DataDir: sf.data, PIIKeys: piiKeys(), History: history, Registers: *registers}, env.Stdout)
		if err != nil {
			db.Close()
			return err
		}
		printCredentials(env, creds)
	} else {
		fmt.Fprintf(env.Stdout, "%s already holds data; serving it (reset a password with: civicgrid user passwd --username admin)\n", db.Where)
	}
	db.Close()
	if *noServe {
		return nil
	}
	fmt.Fprintf(env.Stdout, "open http://%s/\n", *addr)
	return serve(ctx, sf, nf, *addr)
}

func printCredentials(env Env, creds []demo.Credential) {
	fmt.Fprintln(env.Stdout, "\ndemo users — the passwords are shown this once (演示账号，密码仅显示一次):")
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "username\trole\tplace\tpassword")
	for _, c := range creds {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Username, c.Role, c.Place, c.Password)
	}
	tw.Flush()
	fmt.Fprintln(env.Stdout)
}
