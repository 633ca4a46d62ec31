package ui_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"civicgrid/internal/store"
)

// TestAddUserKeepsToTheAdminsScope: the users page leaves the placement
// rule to auth.CreateUserIn — a street admin placing someone in another
// street gets the form back with the refusal on the field and nothing
// stored; inside the street the user is created.
func TestAddUserKeepsToTheAdminsScope(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		c := e.client(t)
		c.signIn(streetAdmin, e.creds[streetAdmin])
		form := func(name, node string) url.Values {
			return url.Values{"username": {name}, "display_name": {"测试"}, "role": {"community"}, "node_code": {node},
				"password": {testPassword}}
		}
		users := count(t, db, "users")
		r := c.post("/admin/users", form("faraway", otherStreet))
		wantStatus(t, r, http.StatusBadRequest, "a user placed in another street")
		wantContains(t, r, "refusal", "所选组织或部门不在您的管辖范围内")
		if n := count(t, db, "users"); n != users {
			t.Fatalf("a refused user was stored: %d → %d", users, n)
		}
		r = c.post("/admin/users", form("nearby", streetAdminNode))
		wantStatus(t, r, http.StatusSeeOther, "a user placed in the admin's street")
		if n := count(t, db, "users"); n != users+1 {
			t.Fatalf("users %d → %d, want one more", users, n)
		}
	})
}

// TestAdminDoesNotDisableThemself: the rule lives in auth.UpdateUserIn now
// (the page checked it itself); the page still says why, and the account
// stays enabled.
func TestAdminDoesNotDisableThemself(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		me, _ := e.staff(t, streetAdmin)
		c := e.client(t)
		c.signIn(streetAdmin, e.creds[streetAdmin])
		r := c.post("/admin/users/"+strconv.FormatInt(me.ID, 10), url.Values{"display_name": {me.DisplayName},
			"disabled": {"1"}, "version": {strconv.Itoa(me.Version)}})
		wantStatus(t, r, http.StatusBadRequest, "an admin disables themself")
		wantContains(t, r, "refusal", "不能停用自己正在使用的账号")
		if after, _ := e.staff(t, streetAdmin); after.Disabled || after.Version != me.Version {
			t.Fatalf("the refused self-disable changed the admin: %+v", after)
		}
	})
}
