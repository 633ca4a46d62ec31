package order

import (
	"context"

	"civicgrid/internal/errs"
)

// Facilities finds the facility (部件) an order names; the real one wraps
// *facility.Service.
type Facilities interface {
	// ResolveFacility finds a facility by its code as typed; an error of
	// kind Invalid says no facility has it (or it is not a code).
	ResolveFacility(ctx context.Context, code string) (FacilityPlace, error)
	// FindFacilityCode finds a facility code inside a text ("路灯
	// 2105040020010109-0123 不亮"), "" when there is none.
	FindFacilityCode(text string) string
}

// FacilityPlace is what an order takes from the facility it names.
type FacilityPlace struct {
	Code     string
	Label    string // 路灯 2105040020010109-0123
	Lng, Lat float64
	Owner    string // the unit or department that owns it, "" when unknown
}

// withFacility fills the location from the facility the input names: by
// FacilityCode, or — when no location is given — by a code typed in the
// address or the description. The facility's point places the order (and
// so its grid); its label becomes the address when none was typed.
func (s *Service) withFacility(ctx context.Context, in Input) (Input, error) {
	if s.facilities == nil {
		if in.FacilityCode != "" {
			return in, invalid("facility_code", "facility codes are not known here")
		}
		return in, nil
	}
	code := in.FacilityCode
	if code == "" && in.Point == nil && in.GridCode == "" && in.CommunityCode == "" {
		if code = s.facilities.FindFacilityCode(in.Address); code == "" {
			code = s.facilities.FindFacilityCode(in.Description)
		}
	}
	if code == "" {
		return in, nil
	}
	f, err := s.facilities.ResolveFacility(ctx, code)
	if errs.KindOf(err) == errs.Invalid {
		return in, invalidKind(ErrUnknownLocation, "facility_code", "%s", err.Error())
	}
	if err != nil {
		return in, err
	}
	in.FacilityCode, in.facilityOwner = f.Code, f.Owner
	if in.Point == nil {
		in.Point = &Point{Lng: f.Lng, Lat: f.Lat}
	}
	if in.Address == "" {
		in.Address = f.Label
	}
	return in, nil
}
