// Command civicgrid-bench measures civicgrid against real peers (PostGIS,
// pg_trgm, plain INSERTs …) and prints the ratio; see README.md,
// "Benchmarks". It is a command of its own so that the benchmarks and
// their generators stay out of the product binary, cmd/civicgrid.
//
//	civicgrid-bench NAME [flags]   run one bench (civicgrid-bench -h lists them)
//	civicgrid-bench serve [flags]  civicgrid serve itself: the intake bench
//	                               starts it from this executable as its
//	                               own process
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"civicgrid/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}, os.Args[1:])
	if err == nil {
		return
	}
	fmt.Fprintln(os.Stderr, "civicgrid-bench:", err)
	if errors.Is(err, cli.ErrUsage) {
		os.Exit(2)
	}
	os.Exit(1)
}

// run is a bench, or serve for the intake bench's server process.
func run(ctx context.Context, env cli.Env, args []string) error {
	if len(args) > 0 && args[0] == "serve" {
		return serveProfiled(ctx, env, args)
	}
	err := runBench(ctx, env, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

// newFlagSet makes a flag set that reports errors instead of exiting, so
// main decides the exit code, and prints usage to stderr.
func newFlagSet(usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("civicgrid-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: civicgrid-bench %s\n\nflags:\n", usage)
		fs.PrintDefaults()
	}
	return fs
}
