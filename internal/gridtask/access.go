package gridtask

import (
	"slices"

	"civicgrid/internal/auth"
)

// readers open the list of a part of the tree's grid tasks: those who work
// in the grids (grid workers, 楼长) and those who run, steer or oversee
// them. Operators and departments do not handle 未诉先办 tasks.
var readers = []string{auth.RoleGrid, auth.RoleBuilding, auth.RoleCommunity, auth.RoleStreet, auth.RoleDispatcher,
	auth.RoleSupervisor, auth.RoleLeader, auth.RoleAdmin}

// MayRead reports whether a user of role opens the grid task pages (List
// still narrows to their scope; MayClose says who closes one).
func MayRead(role string) bool { return slices.Contains(readers, role) }
