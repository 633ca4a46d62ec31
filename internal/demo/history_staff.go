package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/grid"
	"civicgrid/internal/order"
	"civicgrid/internal/org"
	"civicgrid/internal/store"
)

// roster is who acts in the history: the demo users where they sit, and
// added staff everywhere else, so that every step is taken by a user whose
// role and scope the engine requires (never by a stand-in).
type roster struct {
	operators   []order.Actor // the 12345 seats: intake, provisional replies, callbacks
	dispatchers []order.Actor
	demoGrid    string
	demoGridMen []order.Actor          // the demo grid's worker and head
	community   order.Actor            // the demo community committee (runs its grids)
	gridCentres map[string]order.Actor // street code → its grid centre (网格中心), for the other grids
	streets     map[string]order.Actor // street code → street office
	departments map[string]order.Actor // department code → department
}

// demoGridOf is the grid the demo's grid worker works in.
func demoGridOf(ctx context.Context, db *store.DB) (string, error) {
	u, err := auth.GetUserByUsername(ctx, db, "grid")
	if err != nil {
		return "", fmt.Errorf("demo: the history needs the demo users: %w", err)
	}
	ms, err := grid.GridsOfUser(ctx, db, u.ID)
	if err != nil {
		return "", err
	}
	if len(ms) != 1 {
		return "", fmt.Errorf("demo: the demo grid worker belongs to %d grids, want 1", len(ms))
	}
	return ms[0].GridCode, nil
}

// buildRoster adds the history's staff and loads everyone who acts. It
// returns how many accounts it added.
func buildRoster(ctx context.Context, db *store.DB, p *places, demoGrid string) (*roster, int, error) {
	street, err := auth.GetUserByUsername(ctx, db, "street")
	if err != nil {
		return nil, 0, fmt.Errorf("demo: the history needs the demo users: %w", err)
	}
	dept, err := auth.GetUserByUsername(ctx, db, "department")
	if err != nil {
		return nil, 0, fmt.Errorf("demo: the history needs the demo users: %w", err)
	}
	depts, err := org.ListDepartments(ctx, db, DistrictCode)
	if err != nil {
		return nil, 0, err
	}
	add := staffToAdd(p.streets, depts, street.NodeCode, dept.DepartmentCode)
	// Random passwords nobody is shown: an admin sets one with
	// `civicgrid user passwd`.
	for _, nu := range add {
		if nu.Password, err = newPassword(nu.Username); err != nil {
			return nil, 0, err
		}
		if _, err := auth.CreateUser(ctx, db, nu, auth.Actor{}); err != nil {
			return nil, 0, fmt.Errorf("demo: history staff %s: %w", nu.Username, err)
		}
	}
	r, err := loadRoster(ctx, db, demoGrid, add)
	return r, len(add), err
}

// staffToAdd: a street office user for each street but the demo's, a user
// for each department but the demo's, a grid centre (网格中心, grid role
// at the street) for each street, and more 12345 seats. Each account
// costs an argon2id hash, so the grid centres stand for the grid workers
// outside the demo community rather than one account per community.
func staffToAdd(streets []org.Region, depts []org.Department, demoStreet, demoDept string) []auth.NewUser {
	add := []auth.NewUser{
		{Username: "operator2", DisplayName: "12345话务员 二号席", Role: auth.RoleOperator, NodeCode: DistrictCode},
		{Username: "operator3", DisplayName: "12345话务员 三号席", Role: auth.RoleOperator, NodeCode: DistrictCode},
		{Username: "dispatcher2", DisplayName: "区指挥中心 值班长", Role: auth.RoleDispatcher, NodeCode: DistrictCode},
	}
	for _, s := range streets {
		if s.Code != demoStreet {
			add = append(add, auth.NewUser{Username: "street-" + s.Code, DisplayName: s.Name + "办",
				Role: auth.RoleStreet, NodeCode: s.Code})
		}
		add = append(add, auth.NewUser{Username: "gridcentre-" + s.Code, DisplayName: s.Name + "网格中心",
			Role: auth.RoleGrid, NodeCode: s.Code})
	}
	for _, d := range depts {
		if d.Code != demoDept {
			add = append(add, auth.NewUser{Username: "dept-" + d.Code, DisplayName: d.Name,
				Role: auth.RoleDepartment, DepartmentCode: d.Code})
		}
	}
	return add
}

// loadRoster makes the actors, with their scopes as the server computes
// them, of the demo users and the added staff.
func loadRoster(ctx context.Context, db *store.DB, demoGrid string, added []auth.NewUser) (*roster, error) {
	r := &roster{demoGrid: demoGrid, gridCentres: map[string]order.Actor{}, streets: map[string]order.Actor{},
		departments: map[string]order.Actor{}}
	actor := func(username string) (order.Actor, error) {
		u, err := auth.GetUserByUsername(ctx, db, username)
		if err != nil {
			return order.Actor{}, fmt.Errorf("demo: history actor %s: %w", username, err)
		}
		scope, err := auth.ScopeForUser(ctx, db, u)
		if err != nil {
			return order.Actor{}, err
		}
		return order.StaffActor(u, scope, ""), nil
	}
	demoUsers := []struct {
		name string
		to   func(order.Actor)
	}{
		{"operator", func(a order.Actor) { r.operators = append(r.operators, a) }},
		{"dispatcher", func(a order.Actor) { r.dispatchers = append(r.dispatchers, a) }},
		{"grid", func(a order.Actor) { r.demoGridMen = append(r.demoGridMen, a) }},
		{"gridhead", func(a order.Actor) { r.demoGridMen = append(r.demoGridMen, a) }},
		{"community", func(a order.Actor) { r.community = a }},
		{"street", func(a order.Actor) { r.streets[a.Scope.RegionPrefix()] = a }},
		{"department", func(a order.Actor) { r.departments[a.Scope.DepartmentCode()] = a }},
	}
	for _, du := range demoUsers {
		a, err := actor(du.name)
		if err != nil {
			return nil, err
		}
		du.to(a)
	}
	for _, nu := range added {
		a, err := actor(nu.Username)
		if err != nil {
			return nil, err
		}
		switch nu.Role {
		case auth.RoleOperator:
			r.operators = append(r.operators, a)
		case auth.RoleDispatcher:
			r.dispatchers = append(r.dispatchers, a)
		case auth.RoleStreet:
			r.streets[nu.NodeCode] = a
		case auth.RoleDepartment:
			r.departments[nu.DepartmentCode] = a
		case auth.RoleGrid:
			r.gridCentres[nu.NodeCode] = a
		}
	}
	return r, nil
}

// handler is who acts for the order's current handler, or false when the
// order sits at the centre.
func (r *roster) handler(o order.Order, rng *rand.Rand) (order.Actor, bool) {
	var a order.Actor
	var ok bool
	switch o.Level {
	case category.LevelGrid:
		return r.gridActor(o.HandlerCode, rng), true
	case category.LevelStreet:
		a, ok = r.streets[o.HandlerCode]
	case category.LevelDepartment:
		a, ok = r.departments[o.HandlerCode]
	}
	return a, ok
}

// gridActor is who works a grid: in the demo grid its worker (now and
// then its head); in the rest of the demo community its committee, which
// runs the community's grids; elsewhere the street's grid centre.
func (r *roster) gridActor(gridCode string, rng *rand.Rand) order.Actor {
	switch {
	case gridCode == r.demoGrid:
		if rng.IntN(5) == 0 {
			return r.demoGridMen[1]
		}
		return r.demoGridMen[0]
	case r.community.Scope.CoversRegion(gridCode):
		return r.community
	}
	return r.gridCentres[gridCode[:9]]
}

func (r *roster) operator(rng *rand.Rand) order.Actor { return r.operators[rng.IntN(len(r.operators))] }

// dispatcher: the day shift mostly, the duty chief now and then.
func (r *roster) dispatcher(rng *rand.Rand) order.Actor {
	if rng.IntN(4) == 0 {
		return r.dispatchers[1]
	}
	return r.dispatchers[0]
}
