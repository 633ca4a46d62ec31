package demo_test

import (
	"testing"

	"civicgrid/internal/testsupport"
)

// The demo tests stay serial: building the district is CPU-bound, so on a
// small machine two builds at once only contend (on a loaded 2-core box
// the package took 487 s with them in parallel, 149 s before, serial).
func TestMain(m *testing.M) { testsupport.Main(m) }
