package pii_test

import (
	"testing"

	"civicgrid/internal/pii"
)

func TestValidPhone(t *testing.T) {
	for in, want := range map[string]bool{
		"13812345678": true, "02412345678": true, "95598": true, "+8613812345678": true,
		"": false, "138abc": false, "1234": false, "1234567890123456": false, "+": false,
	} {
		if got := pii.ValidPhone(pii.NormalizePhone(in)); got != want {
			t.Errorf("ValidPhone(%q) = %v", in, got)
		}
	}
}
