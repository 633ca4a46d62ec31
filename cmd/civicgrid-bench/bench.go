package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/bench"
	"civicgrid/internal/cli"
)

// runBench measures civicgrid against a real peer (see internal/bench).
// Progress goes to stderr; stdout ends with the one-line result.
//
// It does not use storeFlags: a bench must never default to the real data
// directory or read CIVICGRID_DB, so its store is a temporary directory or
// a throw-away schema unless --data or --db (or their CIVICGRID_BENCH_*
// variables) say otherwise.
func runBench(ctx context.Context, env cli.Env, args []string) error {
	fs := newFlagSet("NAME [--seed 1] [--n N | --orders N] [--duration 5s] [--max-ops N] [--nodes N] [--db URL] [--data DIR] [--keep NAME] [--peer-db URL]", env.Stderr)
	usage := fs.Usage
	fs.Usage = func() {
		usage()
		fmt.Fprintln(env.Stderr, "\nbenches:")
		for _, b := range bench.All() {
			fmt.Fprintf(env.Stderr, "  %-8s %s\n", b.Name, b.Summary)
		}
		fmt.Fprintln(env.Stderr, "\nEvery flag also reads CIVICGRID_BENCH_<FLAG> (e.g. CIVICGRID_BENCH_ORDERS, CIVICGRID_BENCH_DB); a flag given wins.")
	}
	var cfg bench.Config
	var orders int
	var envErrs []error
	b := benchEnv{errs: &envErrs}
	fs.Uint64Var(&cfg.Seed, "seed", b.uint("SEED", 1), "seed of the generated data; the same seed gives the same data (env CIVICGRID_BENCH_SEED)")
	fs.IntVar(&cfg.N, "n", b.int("N", 0), "data size (grids for locate, orders for stats and sweep, backlog orders for city …); 0 means the bench's default (env CIVICGRID_BENCH_N)")
	fs.IntVar(&orders, "orders", b.int("ORDERS", 0), "orders to generate (stats, sweep: default 1000000); the same as --n (env CIVICGRID_BENCH_ORDERS)")
	fs.DurationVar(&cfg.Duration, "duration", b.duration("DURATION"), "time bound of each measured phase, the compressed day for city; 0 means the bench's default (5s; city 10m) (env CIVICGRID_BENCH_DURATION)")
	fs.Int64Var(&cfg.MaxOps, "max-ops", int64(b.int("MAX_OPS", 0)), "count bound of each measured phase; 0 means the bench's default (env CIVICGRID_BENCH_MAX_OPS)")
	fs.IntVar(&cfg.Clients, "clients", b.int("CLIENTS", 0), "concurrent clients (intake), staff desks (city); 0 means the bench's default (env CIVICGRID_BENCH_CLIENTS)")
	fs.IntVar(&cfg.Nodes, "nodes", b.int("NODES", 0), "sweep: also start this many sweepers together on a second copy of the backlog and compare with one alone; city: serve nodes (default 3) (env CIVICGRID_BENCH_NODES)")
	fs.Float64Var(&cfg.Rate, "rate", b.float("RATE"), "offered rate of the fixed-rate phase in ops/s (intake; 0 means half the measured maximum), orders/s at the peak hour (city; 0 means 8× Beijing's) (env CIVICGRID_BENCH_RATE)")
	fs.StringVar(&cfg.DB, "db", os.Getenv("CIVICGRID_BENCH_DB"), "PostgreSQL URL postgres://… for civicgrid's store (a fresh schema, dropped after); empty means SQLite (env CIVICGRID_BENCH_DB)")
	fs.StringVar(&cfg.DataDir, "data", os.Getenv("CIVICGRID_BENCH_DATA"), "SQLite data directory, must not hold a store yet (kept after); empty means a temporary one (env CIVICGRID_BENCH_DATA)")
	fs.StringVar(&cfg.Keep, "keep", os.Getenv("CIVICGRID_BENCH_KEEP"), "stats, memory: keep the generated store between runs and reuse it: with --db a schema of this name, else an SQLite directory (env CIVICGRID_BENCH_KEEP)")
	fs.StringVar(&cfg.PeerDB, "peer-db", os.Getenv("CIVICGRID_BENCH_PEER_DB"), "PostgreSQL URL for peers such as PostGIS; empty means --db, else "+bench.DefaultPeerDB+" (env CIVICGRID_BENCH_PEER_DB)")
	if err := errors.Join(envErrs...); err != nil {
		return fmt.Errorf("%w: %v", cli.ErrUsage, err)
	}

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
		return fmt.Errorf("%w: civicgrid-bench NAME (one of %s)", cli.ErrUsage, strings.Join(bench.Names(), ", "))
	case fs.NArg() > 0:
		return fmt.Errorf("%w: civicgrid-bench %s: unexpected %q", cli.ErrUsage, name, strings.Join(fs.Args(), " "))
	case cfg.N < 0 || orders < 0 || cfg.Duration < 0 || cfg.MaxOps < 0:
		return fmt.Errorf("%w: --n, --orders, --duration and --max-ops must not be negative", cli.ErrUsage)
	case cfg.Keep != "" && name != "stats" && name != "memory":
		return fmt.Errorf("%w: --keep is for the stats and memory benches only", cli.ErrUsage)
	case cfg.Keep != "" && cfg.DataDir != "":
		return fmt.Errorf("%w: give --keep or --data, not both", cli.ErrUsage)
	case orders > 0 && cfg.N > 0 && orders != cfg.N:
		return fmt.Errorf("%w: --orders %d and --n %d disagree: give one", cli.ErrUsage, orders, cfg.N)
	}
	if orders > 0 {
		cfg.N = orders
	}
	err := bench.Run(ctx, name, cfg, env.Stdout, env.Stderr)
	if errors.Is(err, bench.ErrUnknown) {
		fs.Usage()
		return fmt.Errorf("%w: %v", cli.ErrUsage, err)
	}
	return err
}

// benchEnv reads the CIVICGRID_BENCH_* defaults of the bench flags,
// collecting what does not parse.
type benchEnv struct{ errs *[]error }

func (b benchEnv) lookup(name string) (string, string, bool) {
	key := "CIVICGRID_BENCH_" + name
	v, ok := os.LookupEnv(key)
	return key, strings.TrimSpace(v), ok && strings.TrimSpace(v) != ""
}

func (b benchEnv) fail(key, v, want string) {
	*b.errs = append(*b.errs, fmt.Errorf("%s=%q: want %s", key, v, want))
}

func (b benchEnv) uint(name string, def uint64) uint64 {
	key, v, ok := b.lookup(name)
	if !ok {
		return def
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		b.fail(key, v, "a whole number ≥ 0")
	}
	return n
}

func (b benchEnv) int(name string, def int) int {
	key, v, ok := b.lookup(name)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		b.fail(key, v, "a whole number")
	}
	return n
}

func (b benchEnv) float(name string) float64 {
	key, v, ok := b.lookup(name)
	if !ok {
		return 0
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		b.fail(key, v, "a number")
	}
	return f
}

func (b benchEnv) duration(name string) time.Duration {
	key, v, ok := b.lookup(name)
	if !ok {
		return 0
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		b.fail(key, v, "a duration like 5s")
	}
	return d
}
