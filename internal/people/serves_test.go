package people_test

import (
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/people"
)

// A 楼长 works with their own buildings only; other roles are narrowed by
// their scope, not by building.
func TestServes(t *testing.T) {
	t.Parallel()
	head := people.Actor{Role: auth.RoleBuilding, Buildings: []string{"210504002001001001"}}
	for code, want := range map[string]bool{"210504002001001001": true, "210504002001001002": false, "": false} {
		if got := head.Serves(code, ""); got != want {
			t.Errorf("building head serves %q: %v", code, got)
		}
	}
	for _, role := range []string{auth.RoleGrid, auth.RoleCommunity, auth.RoleAdmin} {
		if !(people.Actor{Role: role}).Serves("210504002001001002", "") {
			t.Errorf("%q is kept from a building", role)
		}
	}
}
