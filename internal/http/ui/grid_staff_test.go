package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
)

// TestGridStaffForm: an admin appoints and removes 网格员 on the grid panel;
// a second 网格长 is refused in words; a street admin cannot staff a grid
// of another street.
func TestGridStaffForm(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		gridhead, err := auth.GetUserByUsername(ctx, db, "gridhead")
		if err != nil {
			t.Fatal(err)
		}
		ms, err := grid.GridsOfUser(ctx, db, gridhead.ID)
		if err != nil || len(ms) != 1 {
			t.Fatalf("demo grid head's grids %v, %v", ms, err)
		}
		code := ms[0].GridCode
		u, err := auth.CreateUser(ctx, db, auth.NewUser{Username: "xiaoli", DisplayName: "李小丽", Role: auth.RoleGrid,
			NodeCode: code[:12], Password: testPassword}, auth.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		c := e.client(t)
		c.signIn("admin", e.creds["admin"])
		panel := "/admin/grids?under=" + code[:12] + "&grid=" + code
		wantContains(t, c.get(panel), "panel", "安排网格人员", `name="duty"`)

		r := c.post("/admin/grids/"+code+"/members", url.Values{"username": {"xiaoli"}, "role": {"head"}, "duty": {"full"}})
		wantStatus(t, r, http.StatusConflict, "second head")
		wantContains(t, r, "second head", "本网格已有网格长")

		r = c.post("/admin/grids/"+code+"/members", url.Values{"username": {"xiaoli"}, "role": {"worker"}, "duty": {"part"}})
		wantStatus(t, r, http.StatusSeeOther, "appoint worker")
		r = c.get(r.Header.Get("Location"))
		wantContains(t, r, "after appointing", "李小丽", "兼职", "已安排。")
		if ms, _ := grid.Members(ctx, db, code); !hasMember(ms, u.ID, grid.RoleWorker, grid.DutyPart) {
			t.Fatalf("members after appointing: %+v", ms)
		}

		r = c.post("/admin/grids/"+code+"/members", url.Values{"username": {"nobody"}, "role": {"worker"}, "duty": {"full"}})
		wantStatus(t, r, http.StatusBadRequest, "unknown user")
		wantContains(t, r, "unknown user", "本辖区没有这个用户")

		r = c.post("/admin/grids/"+code+"/members/"+strconv.FormatInt(u.ID, 10)+"/remove", url.Values{})
		wantStatus(t, r, http.StatusSeeOther, "remove")
		if ms, _ := grid.Members(ctx, db, code); hasMember(ms, u.ID, grid.RoleWorker, grid.DutyPart) {
			t.Fatalf("still a member after removal: %+v", ms)
		}

		// A street admin of another street: the grid does not exist for them.
		other, err := grid.List(ctx, db, otherStreet, 1, 0)
		if err != nil || len(other) == 0 {
			t.Fatal("no grid in the other street")
		}
		sa := e.client(t)
		sa.signIn(streetAdmin, e.creds[streetAdmin])
		sa.get("/home")
		r = sa.post("/admin/grids/"+other[0].Code+"/members", url.Values{"username": {"xiaoli"}, "role": {"worker"}, "duty": {"full"}})
		wantStatus(t, r, http.StatusNotFound, "street admin staffs another street's grid")
		// An operator is no admin.
		op := e.client(t)
		op.signIn("operator", e.creds["operator"])
		op.get("/home")
		r = op.post("/admin/grids/"+code+"/members", url.Values{"username": {"xiaoli"}, "role": {"worker"}, "duty": {"full"}})
		wantStatus(t, r, http.StatusForbidden, "operator staffs a grid")
	})
}

func hasMember(ms []grid.Member, id int64, role, duty string) bool {
	for _, m := range ms {
		if m.UserID == id && m.Role == role && m.Duty == duty {
			return true
		}
	}
	return false
}
