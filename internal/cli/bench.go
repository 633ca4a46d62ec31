package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"civicgrid/internal/bench"
)

// runBench measures civicgrid against a real peer (see internal/bench).
// Progress goes to stderr; stdout ends with the one-line result.
//
// It does not use storeFlags: a bench must never default to the real data
// directory or read CIVICGRID_DB, so its store is a temporary directory or
// a throw-away schema unless --data or --db say otherwise.
func runBench(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("bench", "bench NAME [--seed 1] [--n N] [--duration 5s] [--max-ops N] [--db URL] [--data DIR] [--peer-db URL]", env.Stderr)
	usage := fs.Usage
	fs.Usage = func() {
		usage()
		fmt.Fprintln(env.Stderr, "\nbenches:")
		for _, b := range bench.All() {
			fmt.Fprintf(env.Stderr, "  %-8s %s\n", b.Name, b.Summary)
		}
	}
	var cfg bench.Config
	fs.Uint64Var(&cfg.Seed, "seed", 1, "seed of the generated data; the same seed gives the same data")
	fs.IntVar(&cfg.N, "n", 0, "data size (grids for locate …); 0 means the bench's default")
	fs.DurationVar(&cfg.Duration, "duration", 0, "time bound of each measured phase; 0 means the bench's default (5s)")
	fs.Int64Var(&cfg.MaxOps, "max-ops", 0, "count bound of each measured phase; 0 means the bench's default")
	fs.IntVar(&cfg.Clients, "clients", 0, "concurrent clients (intake); 0 means the bench's default")
	fs.Float64Var(&cfg.Rate, "rate", 0, "offered rate of the fixed-rate phase in ops/s (intake); 0 means half the measured maximum")
	fs.StringVar(&cfg.DB, "db", "", "PostgreSQL URL postgres://… for civicgrid's store (a fresh schema, dropped after); empty means SQLite")
	fs.StringVar(&cfg.DataDir, "data", "", "SQLite data directory, must not hold a store yet (kept after); empty means a temporary one")
	fs.StringVar(&cfg.PeerDB, "peer-db", "", "PostgreSQL URL for peers such as PostGIS; empty means --db, else "+bench.DefaultPeerDB)

	// NAME comes first ("bench locate --n 500"), but accept flags first too.
	var name string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if name == "" && fs.NArg() > 0 {
		name = fs.Arg(0)
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return err
		}
	}
	switch {
	case name == "":
		fs.Usage()
		return fmt.Errorf("%w: civicgrid bench NAME (one of %s)", ErrUsage, strings.Join(bench.Names(), ", "))
	case fs.NArg() > 0:
		return fmt.Errorf("%w: civicgrid bench %s: unexpected %q", ErrUsage, name, strings.Join(fs.Args(), " "))
	case cfg.N < 0 || cfg.Duration < 0 || cfg.MaxOps < 0:
		return fmt.Errorf("%w: --n, --duration and --max-ops must not be negative", ErrUsage)
	}
	err := bench.Run(ctx, name, cfg, env.Stdout, env.Stderr)
	if errors.Is(err, bench.ErrUnknown) {
		fs.Usage()
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	return err
}
