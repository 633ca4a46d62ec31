package ui

import "time"

// minutes is a rate-limit wait in whole minutes, rounded up, for the
// pages' messages (the Retry-After header carries the seconds).
func minutes(d time.Duration) int { return max(int((d+time.Minute-1)/time.Minute), 1) }
