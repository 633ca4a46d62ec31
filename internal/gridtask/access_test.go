package gridtask_test

import (
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/gridtask"
)

// Everyone who may close a task reads the list; operators and departments
// do not handle grid tasks.
func TestMayRead(t *testing.T) {
	t.Parallel()
	for _, role := range auth.Roles() {
		want := role != auth.RoleOperator && role != auth.RoleDepartment
		if got := gridtask.MayRead(role); got != want {
			t.Errorf("MayRead(%q) = %v", role, got)
		}
		if gridtask.MayClose(auth.User{Role: role}) && !gridtask.MayRead(role) {
			t.Errorf("%q closes tasks it may not read", role)
		}
	}
}
