package server

import (
	"context"

	"civicgrid/internal/facility"
	"civicgrid/internal/order"
)

// facilityPlaces lets order intake find the facility an order names.
type facilityPlaces struct{ s *facility.Service }

func (f facilityPlaces) ResolveFacility(ctx context.Context, code string) (order.FacilityPlace, error) {
	r, err := f.s.Resolve(ctx, code)
	return order.FacilityPlace{Code: r.Code, Label: r.Label, Lng: r.Lng, Lat: r.Lat, Owner: r.Owner}, err
}

func (facilityPlaces) FindFacilityCode(text string) string { return facility.FindCode(text) }
