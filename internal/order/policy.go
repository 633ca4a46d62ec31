package order

import "time"

// Policy holds the tunable rules of summons (吹哨报到), duplicate
// detection (并单) and extensions; a zero field takes its default.
type Policy struct {
	// SummonsWithin is how long a summoned department has to report in
	// (报到) when the summoner names no time; SummonsWithinEmergency for
	// an emergency order.
	SummonsWithin          time.Duration
	SummonsWithinEmergency time.Duration
	// DuplicateWindow and DuplicateRadius bound duplicate candidates: filed
	// within the window of each other and within the radius (metres) when
	// both have a map point, else in the same grid (or community).
	DuplicateWindow time.Duration
	DuplicateRadius float64
	// MaxExtensionDays bounds one extension (延期) request.
	MaxExtensionDays int
}

// Defaults for Policy.
const (
	DefaultSummonsWithin          = 24 * time.Hour
	DefaultSummonsWithinEmergency = 30 * time.Minute
	DefaultDuplicateWindow        = 72 * time.Hour
	DefaultDuplicateRadius        = 300.0
	DefaultMaxExtensionDays       = 30
)

func (p Policy) withDefaults() Policy {
	if p.SummonsWithin <= 0 {
		p.SummonsWithin = DefaultSummonsWithin
	}
	if p.SummonsWithinEmergency <= 0 {
		p.SummonsWithinEmergency = DefaultSummonsWithinEmergency
	}
	if p.DuplicateWindow <= 0 {
		p.DuplicateWindow = DefaultDuplicateWindow
	}
	if p.DuplicateRadius <= 0 {
		p.DuplicateRadius = DefaultDuplicateRadius
	}
	if p.MaxExtensionDays <= 0 {
		p.MaxExtensionDays = DefaultMaxExtensionDays
	}
	return p
}
