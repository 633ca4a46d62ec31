package bench_test

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"testing"

	"civicgrid/internal/cli"
	"civicgrid/internal/store/storetest"
	"civicgrid/internal/testsupport"
)

// The smoke runs check the benches' output, not their figures, so their
// store tests may share the machine.
func TestMain(m *testing.M) {
	// Started by the city bench as one of its nodes: be `civicgrid serve`
	// (the test binary cannot otherwise serve), stopping on SIGTERM.
	if os.Getenv("CIVICGRID_BENCH_SERVE_CHILD") == "1" && len(os.Args) > 1 && os.Args[1] == "serve" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		err := cli.Run(ctx, cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}, os.Args[1:])
		stop()
		if err != nil {
			fmt.Fprintln(os.Stderr, "serve:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	storetest.RunInParallel()
	testsupport.Main(m)
}
