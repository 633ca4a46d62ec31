package consultation_test

import (
	"testing"

	"civicgrid/internal/testsupport"
)

func TestMain(m *testing.M) { testsupport.Main(m) }
