package open311

import (
	"civicgrid/internal/auth"
	"civicgrid/internal/order"
)

// residentRole is the role the order timeline records for residents
// (order.Event.ActorRole "resident").
const residentRole = "resident"

// publicActor sees the orders located under area (a region or grid code)
// and nothing else: the scope of a node user at area, with no user behind
// it. Its role is not a staff role, so it passes no lifecycle rule and
// never sees a confidential order's reporter.
func publicActor(name, ip, area string) order.Actor {
	return order.Actor{Name: name, Role: residentRole, Scope: auth.ScopeOf(auth.User{NodeCode: area}, ""), IP: ip}
}
