package testsupport

import (
	"os"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/store/storetest"
)

// Main is a package's TestMain: password hashes are cheap (argon2 at
// 64 MiB per demo user is most of a fixture's cost and tests nothing), and
// the fixtures built during the run are removed after it.
func Main(m *testing.M) {
	auth.UseCheapHashForTests()
	os.Exit(storetest.Main(m))
}
