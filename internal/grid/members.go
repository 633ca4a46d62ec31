package grid

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"civicgrid/internal/store"
)

// Grid roles.
const (
	RoleHead   = "head"   // 网格长: at most one per grid
	RoleWorker = "worker" // 网格员: any number
)

// Member is one user's role on one grid, with the names a screen shows.
type Member struct {
	GridCode    string
	GridName    string
	UserID      int64
	Username    string
	DisplayName string
	Role        string
	Duty        string // DutyFull or DutyPart
}

// AddMember gives a user a role on a grid. Adding the same role again is a
// no-op. A grid has at most one head: adding a second returns ErrHeadExists
// (use SetHead to replace); a user holding the other role on this grid gets
// ErrAlreadyMember. Unknown grid: ErrNotFound; unknown user:
// ErrUserNotFound; bad role: ErrInvalid.
func AddMember(ctx context.Context, q store.Querier, gridCode string, userID int64, role string) error {
	if role != RoleHead && role != RoleWorker {
		return fmt.Errorf("%w: grid role %q, want %q or %q", ErrInvalid, role, RoleHead, RoleWorker)
	}
	if err := gridAndUserExist(ctx, q, gridCode, userID); err != nil {
		return err
	}
	current, err := roleOf(ctx, q, gridCode, userID)
	if err != nil {
		return err
	}
	switch current {
	case role:
		return nil
	case "":
	default:
		return fmt.Errorf("%w: user %d is already %s of grid %s", ErrAlreadyMember, userID, current, gridCode)
	}
	if role == RoleHead {
		if head, err := headOf(ctx, q, gridCode); err != nil {
			return err
		} else if head != 0 {
			return fmt.Errorf("%w: grid %s is headed by user %d", ErrHeadExists, gridCode, head)
		}
	}
	_, err = q.ExecContext(ctx, `INSERT INTO grid_members (grid_code, user_id, role) VALUES (?, ?, ?)`, gridCode, userID, role)
	if store.IsUniqueViolation(err) {
		// Lost a race with another writer.
		if role == RoleHead {
			return fmt.Errorf("%w: grid %s", ErrHeadExists, gridCode)
		}
		return fmt.Errorf("%w: user %d on grid %s", ErrAlreadyMember, userID, gridCode)
	}
	return err
}

// SetHead makes the user the grid's head, replacing any other head (who
// leaves the grid) and promoting the user if a worker there. Run it in a
// transaction (q a *store.Tx) so the grid is never seen headless.
func SetHead(ctx context.Context, q store.Querier, gridCode string, userID int64) error {
	if err := gridAndUserExist(ctx, q, gridCode, userID); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM grid_members WHERE grid_code = ? AND role = 'head' AND user_id <> ?`, gridCode, userID); err != nil {
		return err
	}
	res, err := q.ExecContext(ctx, `UPDATE grid_members SET role = 'head' WHERE grid_code = ? AND user_id = ?`, gridCode, userID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO grid_members (grid_code, user_id, role) VALUES (?, ?, 'head')`, gridCode, userID)
	if store.IsUniqueViolation(err) {
		return fmt.Errorf("%w: grid %s changed meanwhile", ErrHeadExists, gridCode)
	}
	return err
}

// RemoveMember takes the user off the grid; ErrNotFound if not on it.
func RemoveMember(ctx context.Context, q store.Querier, gridCode string, userID int64) error {
	res, err := q.ExecContext(ctx, `DELETE FROM grid_members WHERE grid_code = ? AND user_id = ?`, gridCode, userID)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%w: user %d is not on grid %s", ErrNotFound, userID, gridCode)
	}
	return nil
}

// Members lists a grid's people, head first, then workers by username.
// An unknown grid gives ErrNotFound.
func Members(ctx context.Context, q store.Querier, gridCode string) ([]Member, error) {
	if err := gridExists(ctx, q, gridCode); err != nil {
		return nil, err
	}
	return queryMembers(ctx, q, `m.grid_code = ?`, gridCode)
}

// GridsOfUser lists every grid role the user holds, by grid code.
func GridsOfUser(ctx context.Context, q store.Querier, userID int64) ([]Member, error) {
	return queryMembers(ctx, q, `m.user_id = ?`, userID)
}

func queryMembers(ctx context.Context, q store.Querier, where string, arg any) ([]Member, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.grid_code, g.name, m.user_id, u.username, u.display_name, m.role, m.duty
		FROM grid_members m JOIN grids g ON g.code = m.grid_code JOIN users u ON u.id = m.user_id
		WHERE `+where+`
		ORDER BY m.grid_code, CASE m.role WHEN 'head' THEN 0 ELSE 1 END, u.username`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.GridCode, &m.GridName, &m.UserID, &m.Username, &m.DisplayName, &m.Role, &m.Duty); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func roleOf(ctx context.Context, q store.Querier, gridCode string, userID int64) (string, error) {
	var role string
	err := q.QueryRowContext(ctx, `SELECT role FROM grid_members WHERE grid_code = ? AND user_id = ?`, gridCode, userID).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return role, err
}

func headOf(ctx context.Context, q store.Querier, gridCode string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT user_id FROM grid_members WHERE grid_code = ? AND role = 'head'`, gridCode).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

func gridExists(ctx context.Context, q store.Querier, gridCode string) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM grids WHERE code = ?`, gridCode).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: grid %s", ErrNotFound, gridCode)
	}
	return err
}

func userExists(ctx context.Context, q store.Querier, userID int64) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM users WHERE id = ?`, userID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: user %d", ErrUserNotFound, userID)
	}
	return err
}

func gridAndUserExist(ctx context.Context, q store.Querier, gridCode string, userID int64) error {
	if err := gridExists(ctx, q, gridCode); err != nil {
		return err
	}
	return userExists(ctx, q, userID)
}
