package auth

import "time"

// Admin is an administrator changing the org tree: who, for the audit log,
// and the part of the tree every change must lie in. Domain calls that
// change the tree take an Admin and check the scope themselves, so no HTTP
// layer has to remember to.
type Admin struct {
	Actor
	Scope Scope
	// Now is the clock the admin's changes are stamped with: the server's
	// injected one (WithClock); nil is the wall clock.
	Now   func() time.Time
	whole bool // the command line and the demo builder
}

// WithClock is a stamping its changes with now.
func (a Admin) WithClock(now func() time.Time) Admin {
	a.Now = now
	return a
}

// At is the time a change by a is stamped with now.
func (a Admin) At() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now() // the fallback of a nil clock (the command line, the demo)
}

// AdminOf is the Admin for a signed-in user acting from ip: ErrForbidden
// for a role that may not administer or a scope that covers nothing.
func AdminOf(u User, s Scope, ip string) (Admin, error) {
	if !CanAdminister(u.Role) || s.IsZero() {
		return Admin{}, ErrForbidden
	}
	return Admin{Actor: ActorOf(u, ip), Scope: s}, nil
}

// SystemAdmin is the command line's and the demo builder's Admin: the
// whole tree, recorded with no user.
func SystemAdmin() Admin { return Admin{whole: true} }

// CoversRegion reports whether a may change things of the region or grid
// code.
func (a Admin) CoversRegion(code string) bool { return a.whole || a.Scope.CoversRegion(code) }
