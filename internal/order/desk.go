package order

import (
	"slices"

	"civicgrid/internal/auth"
)

// Desk is what an actor may do at the command centre's desk (指挥中心):
// its board (the queue, the load map, disputes and requests awaiting a
// decision) and its callback list (回访). Pages open and draw the desk
// from it; the engine still checks each step on submit.
type Desk struct {
	Board    bool // may open the board
	Dispatch bool // may use the board's forms (accept, dispatch, settle)
	// Callbacks: may open the callback list. Call: may record callbacks
	// and reveal the reporter to dial — the centre's roles (centreRoles),
	// as the callback step itself requires.
	Callbacks, Call bool
}

// overseers look at the desk without acting on it.
var deskOverseers = []string{auth.RoleSupervisor, auth.RoleLeader}

// DeskOf is a's desk: dispatchers act on the whole desk, the centre's
// operators on the callbacks only (they call residents back too), and
// supervisors and leaders look. A scope without a region (a disabled
// user) gets nothing: the desk lists orders by place.
func DeskOf(a Actor) Desk {
	if a.Scope.RegionPrefix() == "" {
		return Desk{}
	}
	look := slices.Contains(deskOverseers, a.Role)
	d := Desk{Dispatch: a.Role == auth.RoleDispatcher, Call: slices.Contains(centreRoles, a.Role)}
	d.Board = d.Dispatch || look
	d.Callbacks = d.Call || look
	return d
}
