package grid

import (
	"fmt"
	"slices"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/errs"
)

// ErrForbidden: the editor's role may not make this change anywhere.
var ErrForbidden = errs.New(errs.Forbidden, "grid: your role may not change this")

// Editor is a staff user changing the grid's structure and registers:
// posts (网格长、网格员、楼长、单元长), buildings, units, and through package
// address the standard addresses and houses. The command line passes
// Role admin and a scope over the whole province it works on.
type Editor struct {
	Role  string
	Scope auth.Scope
	Actor audit.Actor
	// Now is the clock the editor's changes are stamped with: the
	// server's injected one (WithClock); nil is the wall clock.
	Now func() time.Time
}

// WithClock is e stamping its changes with now.
func (e Editor) WithClock(now func() time.Time) Editor {
	e.Now = now
	return e
}

// At is the time a change by e is stamped with now.
func (e Editor) At() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now() // the fallback of a nil clock (the command line, the demo)
}

// EditorOf is the Editor for a signed-in user.
func EditorOf(u auth.User, scope auth.Scope, ip string) Editor {
	return Editor{Role: u.Role, Scope: scope, Actor: auth.ActorOf(u, ip)}
}

// CommandLine is the Editor of the civicgrid command for things under code
// (its province: the command line's owner runs the whole deployment).
func CommandLine(code string) Editor {
	if len(code) < 2 {
		return Editor{}
	}
	return Editor{Role: auth.RoleAdmin, Scope: auth.ScopeOf(auth.User{NodeCode: code[:2]}, "")}
}

// Who may do what: the community keeps its registers and staff; its street
// and the admins may too; grid workers keep the registers of their grid
// but do not appoint anyone.
var (
	staffRoles    = []string{auth.RoleAdmin, auth.RoleStreet, auth.RoleCommunity}
	registerRoles = []string{auth.RoleAdmin, auth.RoleStreet, auth.RoleCommunity, auth.RoleGrid}
)

// MayStaff reports whether the role may appoint and remove grid posts.
func MayStaff(role string) bool { return slices.Contains(staffRoles, role) }

// MayEditRegister reports whether the role may change buildings, units,
// addresses and houses (in its scope).
func MayEditRegister(role string) bool { return slices.Contains(registerRoles, role) }

// CheckRegister answers ErrForbidden unless the editor's role keeps
// registers, and ErrNotFound unless code (a region, grid or building
// code) lies in its scope.
func (e Editor) CheckRegister(what, code string) error {
	if !MayEditRegister(e.Role) {
		return fmt.Errorf("%w: a %q user may not change %s", ErrForbidden, e.Role, what)
	}
	if !e.Scope.CoversRegion(code) {
		return fmt.Errorf("%w: %s %s", ErrNotFound, what, code)
	}
	return nil
}

// CheckStaff is CheckRegister for appointing posts.
func (e Editor) CheckStaff(code string) error {
	if !MayStaff(e.Role) {
		return fmt.Errorf("%w: a %q user may not appoint grid or building posts", ErrForbidden, e.Role)
	}
	if !e.Scope.CoversRegion(code) {
		return fmt.Errorf("%w: %s", ErrNotFound, code)
	}
	return nil
}
