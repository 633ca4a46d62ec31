package org

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"civicgrid/internal/store"
)

// Department is a handling organisation outside the region tree (区直部门:
// 城管, 水务 …). RegionCode is the jurisdiction it serves.
type Department struct {
	Code       string
	Name       string
	RegionCode string
	Version    int
	CreatedAt  time.Time
	UpdatedAt  time.Time
	RetiredAt  time.Time // zero while in service (RetireDepartment)
}

var departmentCodeRE = regexp.MustCompile(`^[a-z0-9_-]{2,32}$`)

// maxDepartmentName bounds a department name in characters.
const maxDepartmentName = 64

const departmentColumns = `code, name, region_code, version, created_at, updated_at, retired_at`

func scanDepartment(s scanner) (Department, error) {
	var d Department
	var created, updated, retired int64
	if err := s.Scan(&d.Code, &d.Name, &d.RegionCode, &d.Version, &created, &updated, &retired); err != nil {
		return Department{}, err
	}
	d.CreatedAt, d.UpdatedAt, d.RetiredAt = store.Time(created), store.Time(updated), store.Time(retired)
	return d, nil
}

func departmentNotFound(code string) error {
	return fmt.Errorf("org: department %q: %w", code, ErrNotFound)
}

func checkDepartmentCode(code string) error {
	if !departmentCodeRE.MatchString(code) {
		return &ValidationError{Field: "code", Msg: fmt.Sprintf("%q must be 2-32 of a-z, 0-9, _ and -", code)}
	}
	return nil
}

func checkDepartmentName(name string) (string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", &ValidationError{Field: "name", Msg: "must not be empty"}
	case !utf8.ValidString(name) || strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "", &ValidationError{Field: "name", Msg: "must be plain text"}
	case utf8.RuneCountInString(name) > maxDepartmentName:
		return "", &ValidationError{Field: "name", Msg: fmt.Sprintf("longer than %d characters", maxDepartmentName)}
	}
	return name, nil
}

// createDepartment adds d, created at (its Version and times are set
// here). A taken code is ErrConflict; a bad code, empty name or unknown
// region is a *ValidationError.
func createDepartment(ctx context.Context, q store.Querier, d Department, at time.Time) (Department, error) {
	if err := checkDepartmentCode(d.Code); err != nil {
		return Department{}, err
	}
	name, err := checkDepartmentName(d.Name)
	if err != nil {
		return Department{}, err
	}
	if _, err := GetRegion(ctx, q, d.RegionCode); errors.Is(err, ErrNotFound) {
		return Department{}, &ValidationError{Field: "region_code", Msg: fmt.Sprintf("region %q not found", d.RegionCode)}
	} else if err != nil {
		return Department{}, err
	}
	// Check first: on PostgreSQL a failed INSERT would abort the caller's
	// transaction. The unique violation below still catches a race.
	if _, err := GetDepartment(ctx, q, d.Code); err == nil {
		return Department{}, fmt.Errorf("org: department %q: %w", d.Code, ErrConflict)
	} else if !errors.Is(err, ErrNotFound) {
		return Department{}, err
	}
	now := store.Time(store.Millis(at))
	out := Department{Code: d.Code, Name: name, RegionCode: d.RegionCode, Version: 1, CreatedAt: now, UpdatedAt: now}
	_, err = q.ExecContext(ctx, `INSERT INTO departments (code, name, region_code, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)`, out.Code, out.Name, out.RegionCode, out.Version, store.Millis(now), store.Millis(now))
	if store.IsUniqueViolation(err) {
		return Department{}, fmt.Errorf("org: department %q: %w", d.Code, ErrConflict)
	}
	if err != nil {
		return Department{}, fmt.Errorf("org: create department %s: %w", d.Code, err)
	}
	return out, nil
}

// GetDepartment returns the department with code, or ErrNotFound.
func GetDepartment(ctx context.Context, q store.Querier, code string) (Department, error) {
	if !departmentCodeRE.MatchString(code) {
		return Department{}, departmentNotFound(code)
	}
	d, err := scanDepartment(q.QueryRowContext(ctx, `SELECT `+departmentColumns+` FROM departments WHERE code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return Department{}, departmentNotFound(code)
	}
	if err != nil {
		return Department{}, fmt.Errorf("org: get department %s: %w", code, err)
	}
	return d, nil
}

// ListDepartments returns, ordered by code, the departments in service a
// user at underRegion works with: those serving a region inside
// underRegion's subtree, and those serving one of its ancestors (a street
// sees the district's departments). underRegion "" lists all, for admin
// tools. Retired departments are left out (ListRetiredDepartments).
func ListDepartments(ctx context.Context, q store.Querier, underRegion string) ([]Department, error) {
	return listDepartments(ctx, q, underRegion, false)
}

// ListRetiredDepartments is ListDepartments for the retired ones.
func ListRetiredDepartments(ctx context.Context, q store.Querier, underRegion string) ([]Department, error) {
	return listDepartments(ctx, q, underRegion, true)
}

func listDepartments(ctx context.Context, q store.Querier, underRegion string, retired bool) ([]Department, error) {
	query := `SELECT ` + departmentColumns + ` FROM departments WHERE retired_at = 0`
	if retired {
		query = `SELECT ` + departmentColumns + ` FROM departments WHERE retired_at > 0`
	}
	var args []any
	if underRegion != "" {
		if _, err := GetRegion(ctx, q, underRegion); err != nil {
			return nil, err
		}
		// underRegion is all digits (GetRegion checked): no LIKE wildcard.
		query += ` AND (region_code LIKE ?`
		args = append(args, underRegion+"%")
		if anc := ancestorCodes(underRegion); len(anc) > 0 {
			query += ` OR region_code IN (` + placeholders(len(anc)) + `)`
			for _, a := range anc {
				args = append(args, a)
			}
		}
		query += `)`
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY code`, args...)
	if err != nil {
		return nil, fmt.Errorf("org: list departments: %w", err)
	}
	defer rows.Close()
	out := []Department{}
	for rows.Next() {
		d, err := scanDepartment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// updateDepartment renames the department at at if version is still
// current; otherwise it changes nothing and returns ErrStaleVersion.
func updateDepartment(ctx context.Context, q store.Querier, code, name string, version int, at time.Time) (Department, error) {
	name, err := checkDepartmentName(name)
	if err != nil {
		return Department{}, err
	}
	res, err := q.ExecContext(ctx, `UPDATE departments SET name = ?, version = version + 1, updated_at = ?
		WHERE code = ? AND version = ?`, name, store.Millis(at), code, version)
	if err != nil {
		return Department{}, fmt.Errorf("org: update department %s: %w", code, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return Department{}, fmt.Errorf("org: update department %s: %w", code, err)
	}
	if n == 0 {
		if _, err := GetDepartment(ctx, q, code); err != nil {
			return Department{}, err
		}
		return Department{}, fmt.Errorf("org: department %q at version %d: %w", code, version, ErrStaleVersion)
	}
	return GetDepartment(ctx, q, code)
}
