// Package testsupport holds what several packages' tests share: TestMain
// set-up (cheap password hashing, fixture clean-up) and the demo district
// built once per test binary and copied for every test. Test code only.
package testsupport
