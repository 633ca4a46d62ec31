package category_test

import (
	"context"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func catActor(role, node string) category.Actor {
	u := auth.User{ID: 1, Username: role, Role: role, NodeCode: node}
	return category.ActorOf(u, auth.ScopeOf(u, ""))
}

// TestListForShowsRetiredEntriesToAdminsOnly: asking for the whole
// catalogue lists retired entries to an admin; a resident or other staff
// asking the same gets the entries in use, and nobody gets them unasked.
func TestListForShowsRetiredEntriesToAdminsOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := category.Seed(ctx, db); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `UPDATE categories SET active = ? WHERE code = 'gas.leak'`, false); err != nil {
			t.Fatal(err)
		}
		inUse, err := category.List(ctx, db, false)
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			who         string
			a           category.Actor
			withRetired bool
			want        int
		}{
			{"district admin asking", catActor(auth.RoleAdmin, "210504"), true, len(inUse) + 1},
			{"street admin asking", catActor(auth.RoleAdmin, "210504002"), true, len(inUse) + 1},
			{"district admin not asking", catActor(auth.RoleAdmin, "210504"), false, len(inUse)},
			{"dispatcher asking", catActor(auth.RoleDispatcher, "210504"), true, len(inUse)},
			{"resident asking", category.Actor{}, true, len(inUse)},
		}
		for _, c := range cases {
			got, err := category.ListFor(ctx, db, c.a, c.withRetired)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != c.want {
				t.Errorf("%s: %d entries, want %d", c.who, len(got), c.want)
			}
		}
	})
}

// TestOnlyDistrictAdminsEditTheCatalogue: the catalogue is one for the
// deployment, so only an admin of the district or wider may change it.
func TestOnlyDistrictAdminsEditTheCatalogue(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		a    category.Actor
		want bool
	}{
		{catActor(auth.RoleAdmin, "21"), true},
		{catActor(auth.RoleAdmin, "210504"), true},
		{catActor(auth.RoleAdmin, "210504002"), false},
		{catActor(auth.RoleDispatcher, "210504"), false},
		{category.Actor{}, false},
	} {
		if got := c.a.MayEdit(); got != c.want {
			t.Errorf("%+v MayEdit = %v, want %v", c.a, got, c.want)
		}
	}
}
