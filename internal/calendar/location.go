package calendar

import (
	"time"

	"civicgrid/internal/zone"
)

// DefaultLocation is the zone every calendar date is in (zone.Shanghai).
func DefaultLocation() *time.Location { return zone.Shanghai() }
