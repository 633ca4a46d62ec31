package auth

import (
	"sync"
	"testing"
)

// UseCheapHashForTests makes new password hashes cheap (1 MiB, one pass)
// for the rest of the process, so suites that create many users (the demo
// district) do not spend seconds in argon2. Call it from TestMain, before
// any test runs. It panics outside a test binary (testing.Testing), so the
// product can never weaken its hashes; stored hashes carry their own
// parameters, so verifying is unaffected. auth's own tests keep checking
// the real parameters (TestDefaultHashParameters, UseDefaultHashCost).
func UseCheapHashForTests() {
	if !testing.Testing() {
		panic("auth: UseCheapHashForTests called outside a test binary")
	}
	hashParams = argonParams{memory: 1024, time: 1, threads: 1}
	dummyHash = sync.OnceValue(makeDummyHash)
}
