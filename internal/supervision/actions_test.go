package supervision_test

import (
	"slices"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/order"
	"civicgrid/internal/supervision"
)

// TestActionsFollowTheSteps: what a case offers each actor is what Answer
// and Close accept — the handler (or a dispatcher at the centre) answers an
// open case; a supervisor closes it once answered or past due, and is told
// to wait until then.
func TestActionsFollowTheSteps(t *testing.T) {
	t.Parallel()
	staff := func(role, node, dept string) order.Actor {
		u := auth.User{ID: 9, Role: role, NodeCode: node, DepartmentCode: dept}
		return order.StaffActor(u, auth.ScopeOf(u, "210504"), "")
	}
	supervisor := staff(auth.RoleSupervisor, "210504", "")
	leader := staff(auth.RoleLeader, "210504", "")
	dispatcher := staff(auth.RoleDispatcher, "210504", "")
	cg := staff(auth.RoleDepartment, "", "mingshan-cg")
	other := staff(auth.RoleDepartment, "", "mingshan-sw")
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	atDept := order.Order{Level: category.LevelDepartment, HandlerCode: "mingshan-cg"}
	atCentre := order.Order{Level: category.LevelCentre}
	open := supervision.Case{Status: supervision.StatusOpen, DueAt: now.Add(24 * time.Hour)}
	late := supervision.Case{Status: supervision.StatusOpen, DueAt: now.Add(-time.Hour)}
	answered := supervision.Case{Status: supervision.StatusAnswered, DueAt: now.Add(24 * time.Hour)}
	closed := supervision.Case{Status: supervision.StatusClosed}
	cases := []struct {
		name string
		a    order.Actor
		c    supervision.Case
		o    order.Order
		want []order.Action
	}{
		{"handler, open", cg, open, atDept, []order.Action{supervision.ActionAnswer}},
		{"another department", other, open, atDept, nil},
		{"dispatcher, at a department", dispatcher, open, atDept, nil},
		{"dispatcher, at the centre", dispatcher, open, atCentre, []order.Action{supervision.ActionAnswer}},
		{"handler, answered", cg, answered, atDept, nil},
		{"supervisor, open and not due", supervisor, open, atDept, nil},
		{"supervisor, past due", supervisor, late, atDept, []order.Action{supervision.ActionClose}},
		{"supervisor, answered", supervisor, answered, atDept, []order.Action{supervision.ActionClose}},
		{"supervisor, closed", supervisor, closed, atDept, nil},
		{"leader, answered", leader, answered, atDept, nil},
	}
	for _, c := range cases {
		if got := supervision.Actions(c.a, c.c, c.o, now); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	if until, wait := supervision.CloseWaitsUntil(supervisor, open, now); !wait || !until.Equal(open.DueAt) {
		t.Errorf("supervisor on an open case: waits %v until %v, want until its due date", wait, until)
	}
	for _, c := range []struct {
		a order.Actor
		c supervision.Case
	}{{supervisor, late}, {supervisor, answered}, {leader, open}} {
		if _, wait := supervision.CloseWaitsUntil(c.a, c.c, now); wait {
			t.Errorf("%s on a %s case is told to wait", c.a.Role, c.c.Status)
		}
	}
	if !supervision.MayOpen(supervisor) || supervision.MayOpen(leader) || supervision.MayOpen(dispatcher) {
		t.Error("only supervisors open cases")
	}
	if !supervision.Oversees(supervisor) || !supervision.Oversees(leader) || supervision.Oversees(dispatcher) ||
		supervision.Oversees(order.Actor{Role: auth.RoleSupervisor}) {
		t.Error("supervisors and leaders with a place oversee; nobody else")
	}
}
