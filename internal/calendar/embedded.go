package calendar

import (
	_ "embed"
	"fmt"
	"sync"
	"time"
)

// holidaysCSV is the official schedule of 2007–2026 in the notice format
// with English names; data/README.md says where it came from.
//
//go:embed data/holidays.csv
var holidaysCSV []byte

var embedded = sync.OnceValues(func() ([]Entry, error) {
	return parseEntries(holidaysCSV, 1<<20)
})

// EmbeddedEntries returns a copy of the shipped schedule.
func EmbeddedEntries() []Entry {
	entries, err := embedded()
	if err != nil {
		// The file is part of the build and tested; a broken one is a
		// programming error, not an input error.
		panic(fmt.Sprintf("calendar: embedded data/holidays.csv: %v", err))
	}
	return append([]Entry(nil), entries...)
}

// Embedded is the calendar of the shipped schedule alone, without any
// override: what a fresh installation starts from. loc nil means
// DefaultLocation.
func Embedded(loc *time.Location) *Calendar {
	c, err := New(loc, EmbeddedEntries(), nil)
	if err != nil {
		panic(fmt.Sprintf("calendar: embedded data: %v", err))
	}
	return c
}
