package auth_test

import (
	"context"
	"errors"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestUpdateUserIn: an admin moves a user within their subtree; a node
// outside it, a user outside it and their own placement are refused by the
// domain, whatever the page sends.
func TestUpdateUserIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		admin := mustCreate(t, db, auth.NewUser{Username: "streetadmin", Role: auth.RoleAdmin, NodeCode: street, Password: goodPassword})
		worker := mustCreate(t, db, auth.NewUser{Username: "worker", Role: auth.RoleGrid, NodeCode: community, Password: goodPassword})
		other := mustCreate(t, db, auth.NewUser{Username: "far", Role: auth.RoleGrid, NodeCode: street2, Password: goodPassword})
		scope := auth.ScopeOf(admin, "")
		act := auth.ActorOf(admin, "127.0.0.1")

		moved, err := auth.UpdateUserIn(ctx, db, admin, scope, worker.ID, auth.UserUpdate{DisplayName: worker.DisplayName,
			Role: auth.RoleStreet, NodeCode: street}, worker.Version, act)
		if err != nil || moved.Role != auth.RoleStreet || moved.NodeCode != street {
			t.Fatalf("move within the street: %+v, %v", moved, err)
		}
		var verr *auth.ValidationError
		_, err = auth.UpdateUserIn(ctx, db, admin, scope, worker.ID, auth.UserUpdate{DisplayName: worker.DisplayName,
			Role: auth.RoleStreet, NodeCode: street2}, moved.Version, act)
		if !errors.As(err, &verr) || verr.Reason != auth.ReasonOutside || verr.Field != "node_code" {
			t.Fatalf("move outside the street: %v", err)
		}
		_, err = auth.UpdateUserIn(ctx, db, admin, scope, other.ID, auth.UserUpdate{DisplayName: "x",
			Role: auth.RoleGrid, NodeCode: community}, other.Version, act)
		if !errors.Is(err, auth.ErrNotFound) {
			t.Fatalf("a user outside the street: %v", err)
		}
		_, err = auth.UpdateUserIn(ctx, db, admin, scope, admin.ID, auth.UserUpdate{DisplayName: "x",
			Role: auth.RoleLeader, NodeCode: street}, admin.Version, act)
		if !errors.As(err, &verr) || verr.Reason != auth.ReasonSelf {
			t.Fatalf("the admin demotes themself: %v", err)
		}
		_, err = auth.UpdateUserIn(ctx, db, admin, scope, admin.ID, auth.UserUpdate{DisplayName: admin.DisplayName,
			Role: admin.Role, NodeCode: admin.NodeCode, Disabled: true}, admin.Version, act)
		if !errors.As(err, &verr) || verr.Reason != auth.ReasonSelfDisable {
			t.Fatalf("the admin disables themself: %v", err)
		}
		if back, err := auth.GetUser(ctx, db, admin.ID); err != nil || back.Disabled {
			t.Fatalf("a refused self-disable disabled the admin: %+v, %v", back, err)
		}
	})
}

// TestCreateUserIn: an admin creates users in their subtree only; a node
// or department outside it is refused on its field, a non-admin is
// forbidden, and a refusal writes nothing.
func TestCreateUserIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		admin := mustCreate(t, db, auth.NewUser{Username: "districtadmin", Role: auth.RoleAdmin, NodeCode: district, Password: goodPassword})
		leader := mustCreate(t, db, auth.NewUser{Username: "leader", Role: auth.RoleLeader, NodeCode: district, Password: goodPassword})
		scope := auth.ScopeOf(admin, "")
		act := auth.ActorOf(admin, "127.0.0.1")
		nu := func(name, node, dept string) auth.NewUser {
			return auth.NewUser{Username: name, Role: auth.RoleCommunity, NodeCode: node, DepartmentCode: dept, Password: goodPassword}
		}
		if u, err := auth.CreateUserIn(ctx, db, admin, scope, nu("inside", community, ""), act); err != nil || u.NodeCode != community {
			t.Fatalf("a user in the district: %+v, %v", u, err)
		}
		dept := nu("cgworker", "", "cg")
		dept.Role = auth.RoleDepartment
		if _, err := auth.CreateUserIn(ctx, db, admin, scope, dept, act); err != nil {
			t.Fatalf("a user of the district's department: %v", err)
		}
		before := countUsers(t, db)
		var verr *auth.ValidationError
		for _, c := range []struct {
			in    auth.NewUser
			field string
		}{
			{nu("faraway", community3, ""), "node_code"},
			{func() auth.NewUser { d := nu("farsw", "", "sw"); d.Role = auth.RoleDepartment; return d }(), "department_code"},
		} {
			_, err := auth.CreateUserIn(ctx, db, admin, scope, c.in, act)
			if !errors.As(err, &verr) || verr.Reason != auth.ReasonOutside || verr.Field != c.field {
				t.Errorf("%s outside the district: %v, want ReasonOutside on %s", c.in.Username, err, c.field)
			}
		}
		if _, err := auth.CreateUserIn(ctx, db, leader, auth.ScopeOf(leader, ""), nu("byleader", community, ""), auth.ActorOf(leader, "")); !errors.Is(err, auth.ErrForbidden) {
			t.Errorf("a leader creates a user: %v, want ErrForbidden", err)
		}
		if _, err := auth.CreateUserIn(ctx, db, admin, auth.Scope{}, nu("noscope", community, ""), act); !errors.Is(err, auth.ErrForbidden) {
			t.Errorf("an admin with no scope creates a user: %v, want ErrForbidden", err)
		}
		if after := countUsers(t, db); after != before {
			t.Errorf("refused creations wrote users: %d → %d", before, after)
		}
	})
}

func countUsers(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
