package order_test

import (
	"slices"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/order"
)

func deptActor(dept string) order.Actor {
	u := auth.User{ID: 7, Role: auth.RoleDepartment, DepartmentCode: dept}
	return order.StaffActor(u, auth.ScopeOf(u, "210504"), "")
}

// TestAvailableActionsNarrowTheTable: the transition table says what a
// role may do in a status; being the handler, a co-handler, a pending
// request or an open summons decides the rest.
func TestAvailableActionsNarrowTheTable(t *testing.T) {
	t.Parallel()
	o := order.Order{Number: "202611230001", Status: order.StatusDispatched, Level: category.LevelDepartment,
		HandlerCode: "chengguan", CoHandlers: []string{"shuiwu"}, Kind: category.KindEvent}
	lead, co, other := deptActor("chengguan"), deptActor("shuiwu"), deptActor("gongdian")

	if got := order.AvailableActions(lead, o, order.Situation{}); !slices.Contains(got, order.ActionSign) {
		t.Errorf("lead handler: %v, want sign", got)
	}
	if got := order.AvailableActions(other, o, order.Situation{}); slices.Contains(got, order.ActionSign) || slices.Contains(got, order.ActionCoSign) {
		t.Errorf("an uninvolved department: %v, want neither sign nor co_sign", got)
	}
	if got := order.AvailableActions(co, o, order.Situation{}); !slices.Contains(got, order.ActionCoSign) || slices.Contains(got, order.ActionSign) {
		t.Errorf("co-handler: %v, want co_sign and no sign", got)
	}
	if !lead.Handles(o) || co.Handles(o) {
		t.Error("Handles disagrees: the lead handles, the co-handler does not")
	}

	// Report-in is offered while a summons awaits the department.
	sum := order.Summons{ID: 3, Departments: []order.SummonedDepartment{{Department: "gongdian"}}}
	if got := order.AvailableActions(other, o, order.Situation{Summons: []order.Summons{sum}}); !slices.Contains(got, order.ActionReportIn) {
		t.Errorf("summoned department: %v, want report_in", got)
	}
	sum.Departments[0].ReportedAt = time.Now()
	if got := order.AvailableActions(other, o, order.Situation{Summons: []order.Summons{sum}}); slices.Contains(got, order.ActionReportIn) {
		t.Errorf("department that reported in: %v, want no report_in", got)
	}

	// Approving an extension needs a pending request.
	disp := order.StaffActor(auth.User{ID: 8, Role: auth.RoleDispatcher, NodeCode: "210504"}, auth.ScopeOf(auth.User{ID: 8, NodeCode: "210504"}, ""), "")
	o.Status = order.StatusProcessing
	if got := order.AvailableActions(disp, o, order.Situation{}); slices.Contains(got, order.ActionExtensionApprove) {
		t.Errorf("no request pending: %v offers extension_approve", got)
	}
	pending := order.Situation{Requests: []order.DeadlineRequest{{Kind: order.RequestExtension, Status: order.RequestPending}}}
	if got := order.AvailableActions(disp, o, pending); !slices.Contains(got, order.ActionExtensionApprove) {
		t.Errorf("request pending: %v, want extension_approve", got)
	}
}
