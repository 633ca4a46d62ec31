package party_test

import (
	"testing"

	"civicgrid/internal/store/storetest"
	"civicgrid/internal/testsupport"
)

func TestMain(m *testing.M) {
	storetest.RunInParallel()
	testsupport.Main(m)
}
