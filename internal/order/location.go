package order

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"civicgrid/internal/errs"
	"civicgrid/internal/org"
	"civicgrid/internal/store"
)

// place is where an order is: its grid (when known) and the regions above.
type place struct {
	grid, community, street, district string
}

func isDigits(s string, n int) bool {
	return len(s) == n && strings.Trim(s, "0123456789") == ""
}

// locate resolves the input's location to a grid and regions: from the
// point through the Locator, or from the grid or community code an
// operator chose for an address.
func (s *Service) locate(ctx context.Context, q store.Querier, in Input) (place, error) {
	grid := in.GridCode
	if in.Point == nil && grid == "" && in.CommunityCode == "" {
		found, err := s.gridOfAddress(ctx, in.Address)
		if err != nil {
			return place{}, err
		}
		grid = found
	}
	if in.Point != nil {
		found, ok := s.locator.Locate(in.Point.Lng, in.Point.Lat)
		if !ok {
			return place{}, invalidKind(ErrOutsideGrids, "point",
				"(%.6f, %.6f) lies outside every grid; check the pin, or give the address with its community", in.Point.Lng, in.Point.Lat)
		}
		if grid != "" && grid != found {
			return place{}, invalid("grid_code", "the point lies in grid %s, not %s", found, grid)
		}
		grid = found
	}
	if grid != "" {
		var community string
		err := q.QueryRowContext(ctx, `SELECT community_code FROM grids WHERE code = ?`, grid).Scan(&community)
		if !isDigits(grid, 15) || errors.Is(err, sql.ErrNoRows) {
			return place{}, invalidKind(ErrUnknownLocation, "grid_code", "grid %q not found", grid)
		}
		if err != nil {
			return place{}, fmt.Errorf("order: grid %s: %w", grid, err)
		}
		if in.CommunityCode != "" && in.CommunityCode != community {
			return place{}, invalid("community_code", "grid %s belongs to community %s, not %s", grid, community, in.CommunityCode)
		}
		return placeOf(grid, community), nil
	}
	r, err := org.GetRegion(ctx, q, in.CommunityCode)
	if errors.Is(err, org.ErrNotFound) || (err == nil && !isDigits(r.Code, 12)) {
		return place{}, invalidKind(ErrUnknownLocation, "community_code", "community %q not found", in.CommunityCode)
	}
	if err != nil {
		return place{}, err
	}
	return placeOf("", r.Code), nil
}

// gridOfAddress places an order given only an address: in the grid of the
// standard address it names.
func (s *Service) gridOfAddress(ctx context.Context, text string) (string, error) {
	if s.addresses == nil {
		return "", invalid("location", "give a map point, or an address with the grid or community it belongs to")
	}
	grid, err := s.addresses.ResolveGrid(ctx, text)
	if errs.KindOf(err) == errs.Invalid {
		return "", &ValidationError{Field: "address", Msg: err.Error(), kind: ErrUnknownLocation, cause: err}
	}
	return grid, err
}

// placeOf derives the street and district from the NBS code prefixes
// (9 and 6 digits of the 12-digit community code).
func placeOf(grid, community string) place {
	return place{grid: grid, community: community, street: community[:9], district: community[:6]}
}
