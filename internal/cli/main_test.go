package cli

import (
	"testing"

	"civicgrid/internal/testsupport"
)

// TestMain makes password hashing cheap: the demo and user commands hash
// with argon2 at 64 MiB per user otherwise, which tests nothing here.
func TestMain(m *testing.M) { testsupport.Main(m) }
