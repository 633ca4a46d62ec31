package zone

import (
	"testing"
	"time"
)

func TestShanghaiIsUTCPlus8AllYear(t *testing.T) {
	for _, m := range []time.Month{time.January, time.July} {
		at := time.Date(2026, m, 1, 0, 0, 0, 0, time.UTC).In(Shanghai())
		if _, off := at.Zone(); off != 8*3600 {
			t.Errorf("%s: offset %d s, want UTC+8", at, off)
		}
	}
	if Shanghai() != Shanghai() {
		t.Error("Shanghai returns a new location each call")
	}
}
