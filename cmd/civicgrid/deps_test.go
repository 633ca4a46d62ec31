package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The benchmarks and their data generators are a command of their own
// (cmd/civicgrid-bench): the product binary must not link them.
func TestProductBinaryLeavesTheBenchesOut(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("this test lists the binary's packages with the go command: %v", err)
	}
	for _, c := range []struct {
		pkg   string
		bench bool
	}{{".", false}, {"../civicgrid-bench", true}} {
		out, err := exec.Command(goTool, "list", "-deps", c.pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", c.pkg, err)
		}
		deps := strings.Fields(string(out))
		if len(deps) < 20 {
			t.Fatalf("go list -deps %s listed only %v", c.pkg, deps)
		}
		has := false
		for _, d := range deps {
			if d == "civicgrid/internal/bench" || strings.HasPrefix(d, "civicgrid/internal/bench/") {
				has = true
			}
		}
		if has != c.bench {
			t.Errorf("%s links internal/bench: %v, want %v", c.pkg, has, c.bench)
		}
	}
}
