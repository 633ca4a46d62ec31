package auth_test

import (
	"os"
	"testing"

	"civicgrid/internal/store/storetest"
)

// TestMain removes the store fixtures after the run. Password hashing is
// already cheap here (export_test.go), and the real cost is tested.
func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }
