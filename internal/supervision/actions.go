package supervision

import (
	"context"
	"errors"
	"fmt"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/order"
)

// The rules of who may take which step on a case, in one place: Open,
// Answer and Close check them, and Actions offers them to the pages and
// the API.

// Oversees reports whether a oversees an area: reads the candidates and
// every case in it (supervisors and leaders with a place in the tree).
func Oversees(a order.Actor) bool { return isOverseer(a) && a.Scope.RegionPrefix() != "" }

// MayOpen reports whether a may open supervision cases: supervisors only.
func MayOpen(a order.Actor) bool { return a.Role == auth.RoleSupervisor }

// mayAnswer: the order's current lead handler, or a dispatcher while the
// order is with the command centre.
func mayAnswer(a order.Actor, o order.Order) bool {
	return a.Handles(o) || (o.Level == category.LevelCentre && a.Role == auth.RoleDispatcher)
}

// mayClose: supervisors close cases.
func mayClose(a order.Actor) bool { return a.Role == auth.RoleSupervisor }

// Actions lists what a may do to case c on its order o at now: answer it
// (its handler, while open) or close it (a supervisor, once answered or
// past its due date without an answer). The steps still check on submit.
func Actions(a order.Actor, c Case, o order.Order, now time.Time) []order.Action {
	var out []order.Action
	if c.Status == StatusOpen && mayAnswer(a, o) {
		out = append(out, ActionAnswer)
	}
	if mayClose(a) && c.Status != StatusClosed && (c.Status != StatusOpen || c.Overdue(now)) {
		out = append(out, ActionClose)
	}
	return out
}

// CloseWaitsUntil is, for a supervisor looking at an open case that is not
// yet due, when it may be closed without an answer; false otherwise.
func CloseWaitsUntil(a order.Actor, c Case, now time.Time) (time.Time, bool) {
	if mayClose(a) && c.Status == StatusOpen && !c.Overdue(now) {
		return c.DueAt, true
	}
	return time.Time{}, false
}

// Actions loads case id and its order as a may see them and lists what a
// may do to the case now (the package's Actions).
func (s *Service) Actions(ctx context.Context, a order.Actor, id int64) (Case, []order.Action, error) {
	c, err := loadCase(ctx, s.db, id)
	if err != nil {
		return Case{}, nil, err
	}
	o, err := s.orders.Lookup(ctx, s.db, a, c.Number)
	if errors.Is(err, order.ErrNotFound) {
		return Case{}, nil, fmt.Errorf("%w: %w", caseNotFound(id), err)
	}
	if err != nil {
		return Case{}, nil, err
	}
	return c, Actions(a, c, o, s.clockNow()), nil
}
