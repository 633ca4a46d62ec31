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
	})
}
