package demo_test

import (
	"testing"

	"civicgrid/internal/testsupport"
)

// The demo tests stay serial: building the district is CPU-bound, so on a
// small machine running two builds at once only adds contention (measured:
// 149 s serial vs 487 s in parallel on a loaded 2-core box).
func TestMain(m *testing.M) { testsupport.Main(m) }
