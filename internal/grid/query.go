package grid

import (
	"context"
	"fmt"

	"civicgrid/internal/geo"
	"civicgrid/internal/store"
)

// prefixFilter turns a region code (or "" for all) into a WHERE clause on
// grid codes: every grid code starts with its community's 12 digits, so a
// street's 9 digits or a district's 6 select everything beneath them.
func prefixFilter(underCode string) (string, []any, error) {
	if underCode == "" {
		return "", nil, nil
	}
	if len(underCode) > 15 || !allDigits(underCode) {
		return "", nil, fmt.Errorf("%w: region or grid code %q must be up to 15 digits", ErrInvalid, underCode)
	}
	return ` WHERE code LIKE ?`, []any{underCode + "%"}, nil
}

// List returns the grids under a region code ("" for all), by code. limit
// <= 0 means no limit.
func List(ctx context.Context, q store.Querier, underCode string, limit, offset int) ([]Grid, error) {
	where, args, err := prefixFilter(underCode)
	if err != nil {
		return nil, err
	}
	query := `SELECT ` + gridColumns + ` FROM grids` + where + ` ORDER BY code`
	if limit > 0 {
		query += ` LIMIT ? OFFSET ?`
		args = append(args, limit, max(offset, 0))
	} else if offset > 0 {
		// Both dialects accept a LIMIT that cannot bind.
		query += ` LIMIT ? OFFSET ?`
		args = append(args, int64(1)<<62, offset)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Grid
	for rows.Next() {
		g, err := scanGrid(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// Count is the number of grids under a region code ("" for all).
func Count(ctx context.Context, q store.Querier, underCode string) (int, error) {
	where, args, err := prefixFilter(underCode)
	if err != nil {
		return 0, err
	}
	var n int
	err = q.QueryRowContext(ctx, `SELECT COUNT(*) FROM grids`+where, args...).Scan(&n)
	return n, err
}

// All returns every grid's code and geometry, for geo.NewIndex.
func All(ctx context.Context, q store.Querier) ([]geo.IndexEntry, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, geometry FROM grids ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []geo.IndexEntry
	for rows.Next() {
		var e geo.IndexEntry
		var geom string
		if err := rows.Scan(&e.Code, &geom); err != nil {
			return nil, err
		}
		if e.Geometry, err = decodeGeometry(geom); err != nil {
			return nil, fmt.Errorf("grid %s: %w", e.Code, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
