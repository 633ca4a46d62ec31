package grid

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"civicgrid/internal/store"
)

// Building roles.
const (
	RoleBuildingHead = "building" // 楼长: one per building, unit code ""
	RoleUnitHead     = "unit"     // 单元长: one per unit
)

// BuildingMember is one user's role on a building (UnitCode "") or on one
// of its units.
type BuildingMember struct {
	BuildingCode string
	UnitCode     string
	UserID       int64
	Username     string
	DisplayName  string
	Role         string
	Duty         string
}

// AddBuildingMember makes a user 楼长 of a building (role "building",
// unitCode "") or 单元长 of one of its units (role "unit", unitCode a unit of
// that building). Adding the same again is a no-op; the post held by someone
// else gives ErrRoleTaken. Unknown building or unit: ErrNotFound; unknown
// user: ErrUserNotFound; bad role or a unit code with "building": ErrInvalid.
func AddBuildingMember(ctx context.Context, q store.Querier, buildingCode, unitCode string, userID int64, role string) error {
	switch {
	case role == RoleBuildingHead && unitCode != "":
		return fmt.Errorf("%w: a 楼长 (building) serves the whole building: give no unit code", ErrInvalid)
	case role == RoleUnitHead && unitCode == "":
		return fmt.Errorf("%w: a 单元长 (unit) needs a unit code", ErrInvalid)
	case role != RoleBuildingHead && role != RoleUnitHead:
		return fmt.Errorf("%w: building role %q, want %q or %q", ErrInvalid, role, RoleBuildingHead, RoleUnitHead)
	}
	if _, err := GetBuilding(ctx, q, buildingCode); err != nil {
		return err
	}
	if unitCode != "" {
		var one int
		err := q.QueryRowContext(ctx, `SELECT 1 FROM units WHERE code = ? AND building_code = ?`, unitCode, buildingCode).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: unit %s in building %s", ErrNotFound, unitCode, buildingCode)
		}
		if err != nil {
			return err
		}
	}
	if err := userExists(ctx, q, userID); err != nil {
		return err
	}
	var holder int64
	err := q.QueryRowContext(ctx, `SELECT user_id FROM building_members WHERE building_code = ? AND unit_code = ? AND role = ?`,
		buildingCode, unitCode, role).Scan(&holder)
	switch {
	case err == nil && holder == userID:
		return nil
	case err == nil:
		return fmt.Errorf("%w: user %d already holds it", ErrRoleTaken, holder)
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO building_members (building_code, unit_code, user_id, role) VALUES (?, ?, ?, ?)`,
		buildingCode, unitCode, userID, role)
	if store.IsUniqueViolation(err) {
		return fmt.Errorf("%w: building %s unit %q", ErrRoleTaken, buildingCode, unitCode)
	}
	return err
}

// RemoveBuildingMember takes the user off the building or unit post;
// ErrNotFound if they do not hold it.
func RemoveBuildingMember(ctx context.Context, q store.Querier, buildingCode, unitCode string, userID int64) error {
	res, err := q.ExecContext(ctx, `DELETE FROM building_members WHERE building_code = ? AND unit_code = ? AND user_id = ?`,
		buildingCode, unitCode, userID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("%w: user %d holds no post on building %s unit %q", ErrNotFound, userID, buildingCode, unitCode)
	}
	return nil
}

// BuildingMembers lists a building's 楼长 and then its 单元长 by unit.
func BuildingMembers(ctx context.Context, q store.Querier, buildingCode string) ([]BuildingMember, error) {
	if _, err := GetBuilding(ctx, q, buildingCode); err != nil {
		return nil, err
	}
	return queryBuildingMembers(ctx, q, `m.building_code = ?`, buildingCode)
}

// BuildingRolesOfUser lists every building or unit post the user holds.
func BuildingRolesOfUser(ctx context.Context, q store.Querier, userID int64) ([]BuildingMember, error) {
	return queryBuildingMembers(ctx, q, `m.user_id = ?`, userID)
}

func queryBuildingMembers(ctx context.Context, q store.Querier, where string, arg any) ([]BuildingMember, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.building_code, m.unit_code, m.user_id, u.username, u.display_name, m.role, m.duty
		FROM building_members m JOIN users u ON u.id = m.user_id
		WHERE `+where+` ORDER BY m.building_code, m.unit_code, u.username`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []BuildingMember
	for rows.Next() {
		var m BuildingMember
		if err := rows.Scan(&m.BuildingCode, &m.UnitCode, &m.UserID, &m.Username, &m.DisplayName, &m.Role, &m.Duty); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
