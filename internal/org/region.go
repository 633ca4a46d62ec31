package org

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"civicgrid/internal/store"
)

// Region is one node of the administrative tree. Name is the display name
// (committee suffixes dropped), OfficialName the NBS name. ParentCode is ""
// for a province.
type Region struct {
	Code         string
	Name         string
	OfficialName string
	Level        string
	ParentCode   string
}

const regionColumns = `code, name, official_name, level, COALESCE(parent_code, '')`

type scanner interface{ Scan(dest ...any) error }

func scanRegion(s scanner) (Region, error) {
	var r Region
	err := s.Scan(&r.Code, &r.Name, &r.OfficialName, &r.Level, &r.ParentCode)
	return r, err
}

func queryRegions(ctx context.Context, q store.Querier, query string, args ...any) ([]Region, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Region
	for rows.Next() {
		r, err := scanRegion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func regionNotFound(code string) error {
	return fmt.Errorf("org: region %q: %w", code, ErrNotFound)
}

// GetRegion returns the region with code, or an error wrapping ErrNotFound.
func GetRegion(ctx context.Context, q store.Querier, code string) (Region, error) {
	if !isRegionCode(code) {
		return Region{}, regionNotFound(code)
	}
	r, err := scanRegion(q.QueryRowContext(ctx, `SELECT `+regionColumns+` FROM regions WHERE code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return Region{}, regionNotFound(code)
	}
	if err != nil {
		return Region{}, fmt.Errorf("org: get region %s: %w", code, err)
	}
	return r, nil
}

// Ancestors returns the regions above code, root (province) first; code
// itself is not included, so a province has none.
func Ancestors(ctx context.Context, q store.Querier, code string) ([]Region, error) {
	if _, err := GetRegion(ctx, q, code); err != nil {
		return nil, err
	}
	codes := ancestorCodes(code)
	if len(codes) == 0 {
		return []Region{}, nil
	}
	args := make([]any, len(codes))
	for i, c := range codes {
		args[i] = c
	}
	// Ancestor codes are prefixes of one another, so code order is root first.
	out, err := queryRegions(ctx, q, `SELECT `+regionColumns+` FROM regions WHERE code IN (`+
		placeholders(len(codes))+`) ORDER BY code`, args...)
	if err != nil {
		return nil, fmt.Errorf("org: ancestors of %s: %w", code, err)
	}
	return out, nil
}

// Children returns the regions directly below code, ordered by code.
func Children(ctx context.Context, q store.Querier, code string) ([]Region, error) {
	if _, err := GetRegion(ctx, q, code); err != nil {
		return nil, err
	}
	out, err := queryRegions(ctx, q, `SELECT `+regionColumns+` FROM regions WHERE parent_code = ? ORDER BY code`, code)
	if err != nil {
		return nil, fmt.Errorf("org: children of %s: %w", code, err)
	}
	if out == nil {
		out = []Region{}
	}
	return out, nil
}

// ChildCounts counts every region below code (all generations) by level,
// e.g. for 明山区 {street: 7, community: 56, village: 26}. Levels with no
// region are absent.
func ChildCounts(ctx context.Context, q store.Querier, code string) (map[string]int, error) {
	if _, err := GetRegion(ctx, q, code); err != nil {
		return nil, err
	}
	// code is all digits (GetRegion checked), so it holds no LIKE wildcard.
	rows, err := q.QueryContext(ctx, `SELECT level, COUNT(*) FROM regions
		WHERE code LIKE ? AND code <> ? GROUP BY level`, code+"%", code)
	if err != nil {
		return nil, fmt.Errorf("org: count below %s: %w", code, err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var level string
		var n int
		if err := rows.Scan(&level, &n); err != nil {
			return nil, err
		}
		out[level] = n
	}
	return out, rows.Err()
}

// Roots returns the top regions (those without a parent), ordered by code.
func Roots(ctx context.Context, q store.Querier) ([]Region, error) {
	out, err := queryRegions(ctx, q, `SELECT `+regionColumns+` FROM regions WHERE parent_code IS NULL ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("org: roots: %w", err)
	}
	if out == nil {
		out = []Region{}
	}
	return out, nil
}

// placeholders returns "?, ?, …" with n marks.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
