package auth

import "sync"

// Tests hash with a cheap cost so the suite stays fast; the default cost
// is checked by TestDefaultHashParameters and measured by the benchmarks.
func init() { hashParams = argonParams{memory: 1024, time: 1, threads: 1} }

// HashWithDefaults hashes with the production parameters.
func HashWithDefaults(pw string) (string, error) { return hashWith(defaultParams, pw) }

// UseDefaultHashCost switches tests to the production cost until the
// returned function is called.
func UseDefaultHashCost() (restore func()) {
	old, oldDummy := hashParams, dummyHash
	hashParams, dummyHash = defaultParams, sync.OnceValue(makeDummyHash)
	return func() { hashParams, dummyHash = old, oldDummy }
}
