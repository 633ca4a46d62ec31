package auth_test

import (
	"os"
	"testing"

	"civicgrid/internal/store/storetest"
)

// TestMain runs the store tests in parallel (each has its own store, and
// every policy is passed in) and removes the store fixtures after the run.
// Password hashing is already cheap here (export_test.go), and the real
// cost is tested.
func TestMain(m *testing.M) {
	storetest.RunInParallel()
	os.Exit(storetest.Main(m))
}
