package order

import (
	"context"
	"math"
	"strings"
)

// SimilarOpen proposes, before an order is filed, the open orders in a's
// scope that look like in: the operator sees them while the caller is on
// the line and can tell them "this is already being handled". It scores
// exactly as Candidates does, as if in were received now; only the
// location, category and description of in are read. An input with no
// location yet has nothing to be near and gets none; a location that
// does not resolve (a point outside every grid, an unknown code) is the
// ValidationError Create would give. Best first, at most limit (1…20).
func (s *Service) SimilarOpen(ctx context.Context, a Actor, in Input, limit int) ([]Candidate, error) {
	if limit <= 0 || limit > maxCandidates {
		limit = maxCandidates
	}
	loc := Input{Point: in.Point, GridCode: strings.TrimSpace(in.GridCode), CommunityCode: strings.TrimSpace(in.CommunityCode)}
	if loc.Point == nil && loc.GridCode == "" && loc.CommunityCode == "" {
		return []Candidate{}, nil
	}
	if p := loc.Point; p != nil && (math.IsNaN(p.Lng) || math.IsNaN(p.Lat) || p.Lng < -180 || p.Lng > 180 || p.Lat < -90 || p.Lat > 90) {
		return nil, invalidKind(ErrPointOutOfRange, "point", "(%v, %v) is not a WGS84 longitude/latitude", p.Lng, p.Lat)
	}
	at, err := s.locate(ctx, s.db, loc)
	if err != nil {
		return nil, err
	}
	probe := Order{Category: strings.TrimSpace(in.Category), Description: in.Description, Point: loc.Point,
		GridCode: at.grid, CommunityCode: at.community, ReceivedAt: s.clockNow()}
	return s.similar(ctx, a, &probe, limit)
}
