package bench_test

import (
	"testing"

	"civicgrid/internal/store/storetest"
	"civicgrid/internal/testsupport"
)

// The smoke runs check the benches' output, not their figures, so their
// store tests may share the machine.
func TestMain(m *testing.M) {
	storetest.RunInParallel()
	testsupport.Main(m)
}
