package geo

import (
	"fmt"
	"math"

	"civicgrid/internal/errs"
)

// ErrInvalidCoordinate is wrapped by every coordinate range error.
var ErrInvalidCoordinate = errs.New(errs.Invalid, "invalid coordinate")

// ValidLngLat checks a WGS84 position: finite, longitude in [-180, 180],
// latitude in [-90, 90].
func ValidLngLat(lng, lat float64) error {
	switch {
	case math.IsNaN(lng) || math.IsInf(lng, 0) || math.IsNaN(lat) || math.IsInf(lat, 0):
		return fmt.Errorf("%w: longitude and latitude must be finite numbers", ErrInvalidCoordinate)
	case lng < -180 || lng > 180:
		return fmt.Errorf("%w: longitude %g outside [-180, 180]", ErrInvalidCoordinate, lng)
	case lat < -90 || lat > 90:
		return fmt.Errorf("%w: latitude %g outside [-90, 90]", ErrInvalidCoordinate, lat)
	}
	return nil
}
