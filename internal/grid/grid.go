// Package grid stores grids (网格), their buildings and units, and who holds
// the grid roles: 网格长 (head), 网格员 (worker), 楼长 and 单元长. It imports
// grid polygons, answers queries, and keeps the point-to-grid Locator.
//
// Codes follow GB/T 30428.1: a grid is its 12-digit community code plus a
// 3-digit sequence; a building is its grid code plus 3 digits, a unit its
// building code plus 2.
package grid

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"civicgrid/internal/errs"
	"civicgrid/internal/geo"
	"civicgrid/internal/store"

	"github.com/paulmach/orb"
)

// Errors an HTTP layer can map: ErrNotFound and ErrUserNotFound to 404,
// ErrInvalid (and *geo.ValidationError) to 400, the rest to 409.
var (
	ErrNotFound      = errs.New(errs.NotFound, "not found")
	ErrUserNotFound  = errs.New(errs.NotFound, "user not found")
	ErrInvalid       = errs.New(errs.Invalid, "invalid input")
	ErrOutsideGrid   = errs.New(errs.Conflict, "point lies outside the grid")
	ErrHeadExists    = errs.New(errs.Conflict, "the grid already has a head (网格长)")
	ErrRoleTaken     = errs.New(errs.Conflict, "that role is already held by someone else")
	ErrAlreadyMember = errs.New(errs.Conflict, "the user already holds a different role here")
	ErrCodeTaken     = errs.New(errs.Conflict, "code already taken")
)

// Grid is one stored grid. Geometry is an orb.Polygon or orb.MultiPolygon
// in WGS84 [lng, lat]; Bound is its bounding box.
type Grid struct {
	Code          string
	CommunityCode string
	Seq           int
	Name          string
	Geometry      orb.Geometry
	Bound         orb.Bound
	Version       int
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// GridCode is a community code plus a 3-digit sequence.
func GridCode(communityCode string, seq int) string {
	return fmt.Sprintf("%s%03d", communityCode, seq)
}

const gridColumns = `code, community_code, seq, name, geometry, min_lng, min_lat, max_lng, max_lat, version, created_at, updated_at`

type scanner interface{ Scan(dest ...any) error }

func scanGrid(s scanner) (Grid, error) {
	var g Grid
	var geom string
	var created, updated int64
	err := s.Scan(&g.Code, &g.CommunityCode, &g.Seq, &g.Name, &geom,
		&g.Bound.Min[0], &g.Bound.Min[1], &g.Bound.Max[0], &g.Bound.Max[1],
		&g.Version, &created, &updated)
	if err != nil {
		return Grid{}, err
	}
	if g.Geometry, err = decodeGeometry(geom); err != nil {
		return Grid{}, fmt.Errorf("grid %s: %w", g.Code, err)
	}
	g.CreatedAt, g.UpdatedAt = store.Time(created), store.Time(updated)
	return g, nil
}

func encodeGeometry(g orb.Geometry) (string, error) {
	b, err := geo.MarshalGeometry(g)
	return string(b), err
}

func decodeGeometry(s string) (orb.Geometry, error) {
	g, err := geo.UnmarshalGeometry([]byte(s))
	if err != nil {
		return nil, fmt.Errorf("stored geometry: %w", err)
	}
	return g, nil
}

// Get returns the grid with this code, or ErrNotFound.
func Get(ctx context.Context, q store.Querier, code string) (Grid, error) {
	g, err := scanGrid(q.QueryRowContext(ctx, `SELECT `+gridColumns+` FROM grids WHERE code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return Grid{}, fmt.Errorf("%w: grid %s", ErrNotFound, code)
	}
	return g, err
}
