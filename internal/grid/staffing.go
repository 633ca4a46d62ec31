package grid

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// Duties of a post: 专职 (full-time, paid) or 兼职 (part-time).
const (
	DutyFull = "full"
	DutyPart = "part"
)

func checkDuty(duty, def string) (string, error) {
	switch duty {
	case "":
		return def, nil
	case DutyFull, "专职":
		return DutyFull, nil
	case DutyPart, "兼职":
		return DutyPart, nil
	}
	return "", fmt.Errorf("%w: duty %q, want full/专职 or part/兼职", ErrInvalid, duty)
}

// postHolder checks the user exists, is enabled, sits in the editor's
// scope, and has one of the roles the post takes.
func postHolder(ctx context.Context, q store.Querier, ed Editor, userID int64, roles ...string) error {
	var role, node string
	var disabled bool
	err := q.QueryRowContext(ctx, `SELECT role, COALESCE(node_code, ''), disabled FROM users WHERE id = ?`, userID).Scan(&role, &node, &disabled)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !ed.Scope.CoversRegion(node)) {
		return fmt.Errorf("%w: user %d", ErrUserNotFound, userID)
	}
	if err != nil {
		return err
	}
	if disabled {
		return fmt.Errorf("%w: user %d is disabled", ErrInvalid, userID)
	}
	for _, r := range roles {
		if role == r {
			return nil
		}
	}
	return fmt.Errorf("%w: user %d has role %q; this post takes a %v user", ErrInvalid, userID, role, roles)
}

// Appoint gives a grid-role user in the editor's scope a post on a grid
// (RoleHead 网格长 or RoleWorker 网格员) with its duty (DutyFull default),
// and records it in the audit log. Appointing the same post again updates
// the duty. Run it in a transaction.
func Appoint(ctx context.Context, q store.Querier, ed Editor, gridCode string, userID int64, role, duty string) error {
	if err := ed.CheckStaff(gridCode); err != nil {
		return err
	}
	duty, err := checkDuty(duty, DutyFull)
	if err != nil {
		return err
	}
	if err := postHolder(ctx, q, ed, userID, auth.RoleGrid); err != nil {
		return err
	}
	if err := AddMember(ctx, q, gridCode, userID, role); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `UPDATE grid_members SET duty = ? WHERE grid_code = ? AND user_id = ?`, duty, gridCode, userID); err != nil {
		return err
	}
	return ed.Actor.Record(ctx, q, ed.At(), "grid.member.add", "grid:"+gridCode, "user "+strconv.FormatInt(userID, 10)+" "+role+" "+duty)
}

// Dismiss takes a user off a grid post, audited.
func Dismiss(ctx context.Context, q store.Querier, ed Editor, gridCode string, userID int64) error {
	if err := ed.CheckStaff(gridCode); err != nil {
		return err
	}
	if err := RemoveMember(ctx, q, gridCode, userID); err != nil {
		return err
	}
	return ed.Actor.Record(ctx, q, ed.At(), "grid.member.remove", "grid:"+gridCode, "user "+strconv.FormatInt(userID, 10))
}

// AppointBuilding makes a user 楼长 (role "building", unitCode "") or 单元长
// (role "unit") with a duty (DutyPart default: most are volunteers). The
// user must be a building or grid user in the editor's scope.
func AppointBuilding(ctx context.Context, q store.Querier, ed Editor, buildingCode, unitCode string, userID int64, role, duty string) error {
	b, err := GetBuilding(ctx, q, buildingCode)
	if err == nil {
		err = ed.CheckStaff(b.GridCode)
	}
	if err != nil {
		return err
	}
	if b.Retired {
		return fmt.Errorf("%w: building %s is retired", ErrInvalid, b.Code)
	}
	if duty, err = checkDuty(duty, DutyPart); err != nil {
		return err
	}
	if err := postHolder(ctx, q, ed, userID, auth.RoleBuilding, auth.RoleGrid); err != nil {
		return err
	}
	if err := AddBuildingMember(ctx, q, buildingCode, unitCode, userID, role); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `UPDATE building_members SET duty = ? WHERE building_code = ? AND unit_code = ? AND user_id = ?`,
		duty, buildingCode, unitCode, userID); err != nil {
		return err
	}
	return ed.Actor.Record(ctx, q, ed.At(), "building.member.add", "building:"+buildingCode,
		"user "+strconv.FormatInt(userID, 10)+" "+role+" "+unitCode+" "+duty)
}

// DismissBuilding takes a user off a 楼长 or 单元长 post, audited.
func DismissBuilding(ctx context.Context, q store.Querier, ed Editor, buildingCode, unitCode string, userID int64) error {
	b, err := GetBuilding(ctx, q, buildingCode)
	if err == nil {
		err = ed.CheckStaff(b.GridCode)
	}
	if err != nil {
		return err
	}
	if err := RemoveBuildingMember(ctx, q, buildingCode, unitCode, userID); err != nil {
		return err
	}
	return ed.Actor.Record(ctx, q, ed.At(), "building.member.remove", "building:"+buildingCode,
		"user "+strconv.FormatInt(userID, 10)+" "+unitCode)
}
