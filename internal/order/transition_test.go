package order_test

import (
	"errors"
	"slices"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/order"
)

func TestTransitionTable(t *testing.T) {
	const (
		grid   = category.LevelGrid
		street = category.LevelStreet
		centre = category.LevelCentre
		dept   = category.LevelDepartment
	)
	cases := []struct {
		status order.Status
		level  string
		action order.Action
		role   string
		to     order.Status
		err    error
	}{
		{order.StatusNew, centre, order.ActionAccept, auth.RoleOperator, order.StatusPending, nil},
		{order.StatusNew, centre, order.ActionAccept, auth.RoleGrid, "", order.ErrForbidden},
		{order.StatusPending, centre, order.ActionAccept, auth.RoleOperator, "", order.ErrIllegalTransition},
		{order.StatusPending, centre, order.ActionDispatch, auth.RoleDispatcher, order.StatusDispatched, nil},
		{order.StatusPending, centre, order.ActionDispatch, auth.RoleOperator, "", order.ErrForbidden},
		{order.StatusDispatched, grid, order.ActionSign, auth.RoleGrid, order.StatusProcessing, nil},
		{order.StatusDispatched, grid, order.ActionSign, auth.RoleCommunity, order.StatusProcessing, nil},
		{order.StatusDispatched, grid, order.ActionSign, auth.RoleStreet, "", order.ErrForbidden},
		{order.StatusDispatched, dept, order.ActionSign, auth.RoleDepartment, order.StatusProcessing, nil},
		{order.StatusProcessing, dept, order.ActionSign, auth.RoleDepartment, "", order.ErrIllegalTransition},
		{order.StatusProcessing, grid, order.ActionEscalate, auth.RoleGrid, order.StatusDispatched, nil},
		{order.StatusProcessing, street, order.ActionEscalate, auth.RoleStreet, order.StatusPending, nil},
		{order.StatusProcessing, dept, order.ActionEscalate, auth.RoleDepartment, "", order.ErrForbidden},
		{order.StatusDispatched, dept, order.ActionReturn, auth.RoleDepartment, order.StatusPending, nil},
		{order.StatusProcessing, street, order.ActionReply, auth.RoleStreet, "", nil},
		{order.StatusPending, centre, order.ActionReply, auth.RoleOperator, "", nil},
		{order.StatusDispatched, dept, order.ActionResolve, auth.RoleDepartment, "", order.ErrIllegalTransition},
		{order.StatusProcessing, dept, order.ActionResolve, auth.RoleDepartment, order.StatusResolved, nil},
		{order.StatusResolved, dept, order.ActionCallback, auth.RoleDispatcher, order.StatusClosed, nil},
		{order.StatusResolved, dept, order.ActionCallback, auth.RoleDepartment, "", order.ErrForbidden},
		{order.StatusResolved, dept, order.ActionReopen, auth.RoleDispatcher, order.StatusDispatched, nil},
		{order.StatusClosed, dept, order.ActionReopen, auth.RoleDispatcher, "", order.ErrIllegalTransition},
		{order.StatusDispatched, grid, order.ActionCancel, auth.RoleDispatcher, "", order.ErrIllegalTransition},
		{order.StatusNew, centre, order.ActionAnswer, auth.RoleOperator, order.StatusClosed, nil},
		{order.StatusCancelled, centre, order.ActionDispatch, auth.RoleDispatcher, "", order.ErrIllegalTransition},
		{order.StatusProcessing, dept, order.ActionResolve, auth.RoleSupervisor, "", order.ErrForbidden},
	}
	for _, c := range cases {
		to, err := order.Next(c.status, c.level, c.action, c.role)
		if c.err == nil && (err != nil || to != c.to) {
			t.Errorf("%s %s/%s by %s: %q, %v; want %q", c.action, c.status, c.level, c.role, to, err, c.to)
		}
		if c.err != nil && !errors.Is(err, c.err) {
			t.Errorf("%s %s/%s by %s: %v, want %v", c.action, c.status, c.level, c.role, err, c.err)
		}
	}
	// Closed and cancelled orders are final for everyone but a reopen of
	// a resolved order.
	for _, st := range []order.Status{order.StatusClosed, order.StatusCancelled, order.StatusMerged} {
		for _, role := range auth.Roles() {
			if got := order.Allowed(st, dept, role); len(got) != 0 {
				t.Errorf("%s allows %v to %s", st, got, role)
			}
		}
	}
	if got := order.Allowed(order.StatusProcessing, grid, auth.RoleGrid); !slices.Equal(got,
		[]order.Action{order.ActionReply, order.ActionReturn, order.ActionEscalate, order.ActionResolve,
			order.ActionExtensionRequest, order.ActionSuspensionRequest}) {
		t.Errorf("grid worker on a processing order may %v", got)
	}
}
