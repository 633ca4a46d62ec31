package storetest

import (
	"sync"
	"sync/atomic"
	"testing"
)

// parallel makes Each run tests in parallel; a package opts in from its
// TestMain, after checking its store tests share no state.
var parallel atomic.Bool

// serial names the tests that opted out (Serial).
var serial sync.Map // *testing.T → struct{}

// RunInParallel makes Each (and Fixture.Each) run every test that calls it
// in parallel with the package's other such tests: each has stores of its
// own, and most of a store test's time is spent waiting on PostgreSQL.
// The two halves stay in order inside the test, so code after Each and
// deferred clean-ups still run after both. Call it from TestMain, before
// m.Run, in a package whose store tests change no package-level state (or
// mark those tests Serial).
func RunInParallel() { parallel.Store(true) }

// Serial keeps t out of the parallel run: call it first in a test that
// changes package-level state (a batch size, a hook) before Each.
func Serial(t *testing.T) {
	serial.Store(t, struct{}{})
	t.Cleanup(func() { serial.Delete(t) })
}

// goParallel marks t parallel when the package opted in and t did not opt
// out.
func goParallel(t *testing.T) {
	if !parallel.Load() {
		return
	}
	if _, ok := serial.Load(t); ok {
		return
	}
	t.Parallel()
}
