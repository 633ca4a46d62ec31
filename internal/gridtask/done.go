package gridtask

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// closers are the roles that close a grid's task: its workers and the
// community that runs the grid.
var closers = []string{auth.RoleGrid, auth.RoleCommunity}

// MayClose reports whether u may close a grid's task (Done's role rule;
// the task must also lie in u's scope and be open).
func MayClose(u auth.User) bool { return slices.Contains(closers, u.Role) }

const maxNote = 2000

// Done closes an open task with a note of what was found and done. The
// step is written to the audit log in the same transaction.
func (s *Service) Done(ctx context.Context, u auth.User, scope auth.Scope, ip string, id int64, version int, note string) (Task, error) {
	note = strings.TrimSpace(note)
	var out Task
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		t, err := scanTask(tx.QueryRowContext(ctx, `SELECT `+taskColumns+` FROM grid_tasks WHERE id = ?`, id))
		if err != nil || !scope.CoversRegion(t.GridCode) {
			return ErrNotFound // outside the scope too: never confirm it exists
		}
		if !MayClose(u) {
			return fmt.Errorf("%w: only the grid's workers and its community close a grid task", ErrForbidden)
		}
		if n := utf8.RuneCountInString(note); n < 4 || n > maxNote {
			return fmt.Errorf("%w: note: say what was found and done, in 4 to %d characters", ErrInvalid, maxNote)
		}
		if t.Version != version {
			return ErrStaleVersion
		}
		if t.Status != StatusOpen {
			return fmt.Errorf("%w: the task is already done", ErrInvalid)
		}
		now := s.now()
		res, err := tx.ExecContext(ctx, `UPDATE grid_tasks SET status = ?, done_at = ?, done_by = ?, done_note = ?,
			version = version + 1 WHERE id = ? AND version = ?`, StatusDone, store.Millis(now), u.ID, note, id, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrStaleVersion
		}
		actor := audit.Actor{UserID: u.ID, Name: u.DisplayName, IP: ip}
		if err := actor.Record(ctx, tx, now, "gridtask.done", fmt.Sprintf("grid_task:%d", id), note); err != nil {
			return err
		}
		t.Status, t.DoneAt, t.DoneBy, t.DoneNote, t.Version = StatusDone, now, u.ID, note, t.Version+1
		out = t
		return nil
	})
	return out, err
}
