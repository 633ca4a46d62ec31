package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"

	"civicgrid/internal/cli"
)

// serveProfiled is `civicgrid serve`, writing a CPU profile of the whole
// run to the file CIVICGRID_BENCH_CPUPROFILE names, if any: the intake
// bench's server inherits the variable, so
//
//	CIVICGRID_BENCH_CPUPROFILE=/tmp/serve.prof civicgrid-bench intake
//	go tool pprof -top /tmp/serve.prof
//
// profiles the server the bench measured.
func serveProfiled(ctx context.Context, env cli.Env, args []string) error {
	path := os.Getenv("CIVICGRID_BENCH_CPUPROFILE")
	if path == "" {
		return cli.Run(ctx, env, args)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("cpu profile: %w", err)
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return fmt.Errorf("cpu profile: %w", err)
	}
	defer pprof.StopCPUProfile()
	return cli.Run(ctx, env, args)
}
