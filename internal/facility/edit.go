package facility

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"civicgrid/internal/geo"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// Edit is what may change on a registered facility: its name, point and
// owner. The kind and the code stay (the code names the community and
// kind; a facility that is really another kind is registered anew).
type Edit struct {
	Name          string
	Lng, Lat      float64
	OwnerUnitID   int64
	OwnerDeptCode string
}

// Update changes a facility in the editor's scope if version is current,
// audited. The point may move to another grid of the same community, not
// out of it.
func (s *Service) Update(ctx context.Context, ed grid.Editor, id int64, version int, e Edit) (Facility, error) {
	if err := mayEdit(ed); err != nil {
		return Facility{}, err
	}
	name := strings.TrimSpace(e.Name)
	if utf8.RuneCountInString(name) > maxName || strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return Facility{}, invalid("name must be one line of at most %d characters", maxName)
	}
	if err := geo.ValidLngLat(e.Lng, e.Lat); err != nil {
		return Facility{}, invalid("position: %v", err)
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		f, err := Get(ctx, tx, ed.Scope, id)
		if err != nil {
			return err
		}
		gridCode, ok := s.Locator.Locate(e.Lng, e.Lat)
		if !ok {
			return invalid("[%g, %g] lies in no grid: a facility must stand in a grid — 部件位置不在任何网格内", e.Lng, e.Lat)
		}
		if !strings.HasPrefix(gridCode, f.CommunityCode) || !ed.Scope.CoversRegion(gridCode) {
			return invalid("[%g, %g] lies outside community %s: the code names the community — 部件不能移出本社区", e.Lng, e.Lat, f.CommunityCode)
		}
		if err := checkOwner(ctx, tx, ed.Scope, e.OwnerUnitID, e.OwnerDeptCode); err != nil {
			return err
		}
		now := s.now()
		res, err := tx.ExecContext(ctx, `UPDATE facilities SET name = ?, lng = ?, lat = ?, grid_code = ?, owner_unit_id = ?, owner_dept_code = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			name, e.Lng, e.Lat, gridCode, nullID(e.OwnerUnitID), nullStr(e.OwnerDeptCode), store.Millis(now), id, version)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return fmt.Errorf("%w: facility %s is at version %d, not %d", ErrStale, f.Code, f.Version, version)
		}
		return ed.Actor.Record(ctx, tx, now, "facility.update", "facility:"+f.Code, f.KindName()+" "+name)
	})
	if err != nil {
		return Facility{}, err
	}
	return Get(ctx, s.DB, ed.Scope, id)
}
