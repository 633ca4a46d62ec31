package order_test

import (
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/order"
)

// TestDeskOf: who opens the command centre's desk and who acts on it — the
// rule the dispatch pages used to hold themselves.
func TestDeskOf(t *testing.T) {
	t.Parallel()
	node := func(role string) order.Actor {
		u := auth.User{ID: 3, Role: role, NodeCode: "210504"}
		return order.StaffActor(u, auth.ScopeOf(u, ""), "")
	}
	cases := []struct {
		name string
		a    order.Actor
		want order.Desk
	}{
		{"dispatcher", node(auth.RoleDispatcher), order.Desk{Board: true, Dispatch: true, Callbacks: true, Call: true}},
		{"operator", node(auth.RoleOperator), order.Desk{Callbacks: true, Call: true}},
		{"supervisor", node(auth.RoleSupervisor), order.Desk{Board: true, Callbacks: true}},
		{"leader", node(auth.RoleLeader), order.Desk{Board: true, Callbacks: true}},
		{"street", node(auth.RoleStreet), order.Desk{}},
		{"admin", node(auth.RoleAdmin), order.Desk{}},
		{"department", deptActor("mingshan-cg"), order.Desk{}},
		{"resident", order.ResidentActor(""), order.Desk{}},
		{"dispatcher without scope", order.Actor{Role: auth.RoleDispatcher}, order.Desk{}},
	}
	for _, c := range cases {
		if got := order.DeskOf(c.a); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

// TestDuplicateRights: who is shown likely duplicates, and who may merge
// an order now (dispatchers, while it is open).
func TestDuplicateRights(t *testing.T) {
	t.Parallel()
	node := func(role string) order.Actor {
		u := auth.User{ID: 3, Role: role, NodeCode: "210504"}
		return order.StaffActor(u, auth.ScopeOf(u, ""), "")
	}
	for role, want := range map[string]bool{auth.RoleOperator: true, auth.RoleDispatcher: true, auth.RoleSupervisor: true,
		auth.RoleStreet: false, auth.RoleLeader: false, auth.RoleGrid: false} {
		if got := node(role).SeeksDuplicates(); got != want {
			t.Errorf("%s SeeksDuplicates = %v, want %v", role, got, want)
		}
	}
	open := order.Order{Status: order.StatusPending, Level: "centre"}
	if !order.MayMerge(node(auth.RoleDispatcher), open) {
		t.Error("a dispatcher may not merge a pending order")
	}
	if order.MayMerge(node(auth.RoleOperator), open) || order.MayMerge(node(auth.RoleSupervisor), open) {
		t.Error("only dispatchers merge")
	}
	if order.MayMerge(node(auth.RoleDispatcher), order.Order{Status: order.StatusClosed, Level: "centre"}) {
		t.Error("a closed order was offered for merging")
	}
}
