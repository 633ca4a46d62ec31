package order

import (
	"slices"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
)

// The questions pages and the API ask about a user's place in the order
// work (docs/design.md §2): the same rules the read, filing and step checks
// apply, so a page never offers what the engine would refuse.

// OwnReportsOnly reports whether a follows only the orders they filed
// themselves and acts on none: a building head (楼长). Such a user has no
// order search and no counts of a place; their own reports are their list.
func (a Actor) OwnReportsOnly() bool { return a.Role == auth.RoleBuilding }

// HandlerLevel is the level of the ladder a's role handles orders at
// (category.Level…), or "" for a role that handles none: the grid for grid
// and community staff, the street office, the department.
func (a Actor) HandlerLevel() string {
	for _, level := range []string{category.LevelGrid, category.LevelStreet, category.LevelDepartment} {
		if slices.Contains(handlerRoles[level], a.Role) {
			return level
		}
	}
	return ""
}

// HandlesOrders reports whether a's role handles orders at some level of
// the ladder (the inbox of what was sent to them).
func (a Actor) HandlesOrders() bool { return a.HandlerLevel() != "" }

// SignQueue is the filter of the orders sent to a's own street office or
// department that wait to be signed for, and whether a has such a queue.
// Grid staff have none: what reaches their grid is their grid's open list.
func (a Actor) SignQueue() (Filter, bool) {
	f := Filter{Statuses: []Status{StatusDispatched}}
	switch a.HandlerLevel() {
	case category.LevelDepartment:
		f.Level, f.HandlerCode = category.LevelDepartment, a.Scope.DepartmentCode()
	case category.LevelStreet:
		f.Level, f.HandlerCode = category.LevelStreet, a.Scope.RegionPrefix()
	default:
		return Filter{}, false
	}
	return f, true
}

// MaySearchByPhone reports whether a may look orders up by the reporter's
// phone (List refuses everyone else).
func (a Actor) MaySearchByPhone() bool { return a.privileged() }

// MayReveal reports whether a may reveal o's reporter (RevealReporter's
// rule): the centre and supervisors, or the handler of an order that is not
// confidential. A reporter already hidden from a is never revealed.
func MayReveal(a Actor, o Order) bool {
	return !o.Reporter.Hidden && a.mayReveal(&o)
}

func (a Actor) mayReveal(o *Order) bool {
	return a.privileged() || (!o.Confidential && a.isHandler(o))
}

// MayResolveOnSpot reports whether a's finds may be resolved as they are
// filed (FileHandled): the grid's own handlers. A building head reports;
// the grid worker handles it.
func (a Actor) MayResolveOnSpot() bool {
	return MayFileThrough(a.Role, ChannelPatrol) && slices.Contains(handlerRoles[category.LevelGrid], a.Role)
}

// DefaultChannel is the channel a's filing goes through when it names
// none: a resident's web form, a grid or community patrol find, an admin's
// API call, or else a call taken at the hotline.
func DefaultChannel(a Actor) string {
	switch {
	case a.isResident():
		return ChannelWeb
	case a.MayResolveOnSpot():
		return ChannelPatrol
	case a.Role == auth.RoleAdmin:
		return ChannelAPI
	}
	return ChannelHotline
}
