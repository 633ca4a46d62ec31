package store

import "time"

// Times are stored as BIGINT Unix milliseconds (UTC) on both stores: one
// representation that compares, indexes and sorts the same everywhere.

// Millis converts t to stored form; the zero time is stored as 0.
func Millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// Time converts a stored value back; 0 is the zero time.
func Time(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}
