package project

import (
	"context"
	"fmt"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// Programme is one year's batch of renovation in a region (a district).
type Programme struct {
	ID         int64
	RegionCode string
	Year       int
	Batch      int
	Name       string
	Published  bool
}

// MayManage says who manages projects: admins, street offices (their
// streets) and departments (the 住建 bureau, in the region it serves).
func MayManage(role string) bool {
	switch role {
	case auth.RoleAdmin, auth.RoleStreet, auth.RoleDepartment:
		return true
	}
	return false
}

func mayManage(ed grid.Editor) error {
	if MayManage(ed.Role) {
		return nil
	}
	return fmt.Errorf("%w: a %q user may not manage renovation projects — 无权管理改造项目", ErrForbidden, ed.Role)
}

// CreateProgramme adds a programme in a region of the scope.
func CreateProgramme(ctx context.Context, q store.Querier, ed grid.Editor, p Programme) (Programme, error) {
	if err := mayManage(ed); err != nil {
		return Programme{}, err
	}
	if !ed.Scope.CoversRegion(p.RegionCode) {
		return Programme{}, notFound("region %s", p.RegionCode)
	}
	if p.Year < 2000 || p.Year > 2100 {
		return Programme{}, invalid("year %d: give a year from 2000 to 2100 — 年度不对", p.Year)
	}
	if p.Batch == 0 {
		p.Batch = 1
	}
	if p.Batch < 1 || p.Batch > 99 {
		return Programme{}, invalid("batch %d: give 1 to 99 — 批次不对", p.Batch)
	}
	name, err := cleanName("programme name (计划名称)", p.Name, 60)
	if err != nil {
		return Programme{}, err
	}
	p.Name = name
	var one int
	if err := q.QueryRowContext(ctx, `SELECT 1 FROM regions WHERE code = ?`, p.RegionCode).Scan(&one); store.IsNoRows(err) {
		return Programme{}, notFound("region %s", p.RegionCode)
	} else if err != nil {
		return Programme{}, err
	}
	now := store.Millis(ed.At())
	err = q.QueryRowContext(ctx, `INSERT INTO project_programmes (region_code, year, batch, name, published, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, p.RegionCode, p.Year, p.Batch, p.Name, p.Published, now, now).Scan(&p.ID)
	if store.IsUniqueViolation(err) {
		return Programme{}, fmt.Errorf("%w: %s already has batch %d of %d — 该年度批次已存在", ErrConflict, p.RegionCode, p.Batch, p.Year)
	}
	return p, err
}

// GetProgramme returns a programme in the scope (staff) or published
// (public: zero scope).
func GetProgramme(ctx context.Context, q store.Querier, scope auth.Scope, id int64) (Programme, error) {
	var p Programme
	err := q.QueryRowContext(ctx, `SELECT id, region_code, year, batch, name, published FROM project_programmes WHERE id = ?`, id).
		Scan(&p.ID, &p.RegionCode, &p.Year, &p.Batch, &p.Name, &p.Published)
	if store.IsNoRows(err) {
		return Programme{}, notFound("programme %d", id)
	}
	if err != nil {
		return Programme{}, err
	}
	if scope.IsZero() && !p.Published {
		return Programme{}, notFound("programme %d", id)
	}
	if !scope.IsZero() && !scope.CoversRegion(p.RegionCode) && !hasPrefix(scope.RegionPrefix(), p.RegionCode) {
		return Programme{}, notFound("programme %d", id)
	}
	return p, nil
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

// ListProgrammes lists programmes of a year (0: all) that lie over or
// under the scope; the public (zero scope) sees the published ones.
func ListProgrammes(ctx context.Context, q store.Querier, scope auth.Scope, year int) ([]Programme, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, region_code, year, batch, name, published FROM project_programmes
		WHERE (? = 0 OR year = ?) ORDER BY year DESC, batch`, year, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Programme
	for rows.Next() {
		var p Programme
		if err := rows.Scan(&p.ID, &p.RegionCode, &p.Year, &p.Batch, &p.Name, &p.Published); err != nil {
			return nil, err
		}
		if scope.IsZero() {
			if p.Published {
				out = append(out, p)
			}
			continue
		}
		if scope.CoversRegion(p.RegionCode) || hasPrefix(scope.RegionPrefix(), p.RegionCode) {
			out = append(out, p)
		}
	}
	return out, rows.Err()
}

// PublishProgramme shows (or hides) a programme and its published projects
// to residents.
func PublishProgramme(ctx context.Context, q store.Querier, ed grid.Editor, id int64, published bool) error {
	if err := mayManage(ed); err != nil {
		return err
	}
	p, err := GetProgramme(ctx, q, ed.Scope, id)
	if err != nil {
		return err
	}
	if !ed.Scope.CoversRegion(p.RegionCode) {
		return notFound("programme %d", id)
	}
	_, err = q.ExecContext(ctx, `UPDATE project_programmes SET published = ?, updated_at = ? WHERE id = ?`, published, store.Millis(ed.At()), id)
	return err
}
