package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestCreateUser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		u, err := auth.CreateUser(ctx, db, auth.NewUser{Username: "ZhangSan", DisplayName: " 张三 ",
			Role: auth.RoleGrid, NodeCode: community, Password: goodPassword}, auth.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 || u.Username != "zhangsan" || u.DisplayName != "张三" || u.Role != auth.RoleGrid ||
			u.NodeCode != community || u.DepartmentCode != "" || u.Disabled || u.Version != 1 || u.CreatedAt.IsZero() {
			t.Fatalf("created user: %+v", u)
		}
		byName, err := auth.GetUserByUsername(ctx, db, "ZHANGSAN")
		if err != nil || byName != u {
			t.Fatalf("GetUserByUsername: %+v, %v; want %+v", byName, err, u)
		}
		var hash string
		if err := db.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = ?`, u.ID).Scan(&hash); err != nil {
			t.Fatal(err)
		}
		if ok, err := auth.VerifyPassword(hash, goodPassword); !ok || err != nil || strings.Contains(hash, goodPassword) {
			t.Fatalf("stored hash %q does not verify (%v, %v)", hash, ok, err)
		}

		admin := auth.User{ID: u.ID, Username: "zhangsan"}
		d, err := auth.CreateUser(ctx, db, auth.NewUser{Username: "cg.wang", Role: auth.RoleDepartment,
			DepartmentCode: "cg", Password: goodPassword}, auth.ActorOf(admin, "10.1.2.3"))
		if err != nil {
			t.Fatal(err)
		}
		if d.DepartmentCode != "cg" || d.DepartmentRegion != district || d.NodeCode != "" || d.DisplayName != "cg.wang" {
			t.Fatalf("department user: %+v", d)
		}
		if got, err := auth.GetUser(ctx, db, d.ID); err != nil || got != d {
			t.Fatalf("GetUser: %+v, %v", got, err)
		}

		rows := auditRows(t, db, audit.Filter{Action: "user.create"})
		if len(rows) != 2 {
			t.Fatalf("user.create audit rows = %d, want 2", len(rows))
		}
		if r := rows[0]; r.Target != "user:cg.wang" || r.ActorID != u.ID || r.ActorName != "zhangsan" ||
			r.IP != "10.1.2.3" || r.Detail != "role=department department=cg" {
			t.Errorf("audit of web create: %+v", r)
		}
		if r := rows[1]; r.Target != "user:zhangsan" || r.ActorID != 0 || r.ActorName != "(command line)" {
			t.Errorf("audit of command-line create: %+v", r)
		}
		if _, err := auth.GetUser(ctx, db, 9999); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("GetUser(9999): %v, want ErrNotFound", err)
		}
		if _, err := auth.GetUserByUsername(ctx, db, "nobody"); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("GetUserByUsername(nobody): %v, want ErrNotFound", err)
		}
	})
}

func TestCreateUserRejectsBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		mustCreate(t, db, auth.NewUser{Username: "taken", NodeCode: community})
		users, audits := count(t, db, "users"), count(t, db, "audit_log")

		ok := auth.NewUser{Username: "newuser", Role: auth.RoleCommunity, NodeCode: community, Password: goodPassword}
		cases := []struct {
			name  string
			edit  func(*auth.NewUser)
			field string // "" for ErrConflict
		}{
			{"username too short", func(n *auth.NewUser) { n.Username = "ab" }, "username"},
			{"username too long", func(n *auth.NewUser) { n.Username = strings.Repeat("a", 33) }, "username"},
			{"username with space", func(n *auth.NewUser) { n.Username = "zhang san" }, "username"},
			{"username in Chinese", func(n *auth.NewUser) { n.Username = "张三丰" }, "username"},
			{"unknown role", func(n *auth.NewUser) { n.Role = "mayor" }, "role"},
			{"no role", func(n *auth.NewUser) { n.Role = "" }, "role"},
			{"neither node nor department", func(n *auth.NewUser) { n.NodeCode = "" }, "node_code"},
			{"both node and department", func(n *auth.NewUser) { n.DepartmentCode = "cg" }, "node_code"},
			{"department role on a node", func(n *auth.NewUser) { n.Role = auth.RoleDepartment }, "department_code"},
			{"node does not exist", func(n *auth.NewUser) { n.NodeCode = "330199" }, "node_code"},
			{"department does not exist", func(n *auth.NewUser) { n.NodeCode, n.DepartmentCode = "", "nope" }, "department_code"},
			{"password too short", func(n *auth.NewUser) { n.Password = "short" }, "password"},
			{"display name too long", func(n *auth.NewUser) { n.DisplayName = strings.Repeat("名", 65) }, "display_name"},
			{"display name with newline", func(n *auth.NewUser) { n.DisplayName = "a\nb" }, "display_name"},
			{"duplicate username", func(n *auth.NewUser) { n.Username = "Taken" }, ""},
		}
		for _, c := range cases {
			in := ok
			c.edit(&in)
			_, err := auth.CreateUser(ctx, db, in, auth.Actor{})
			if c.field == "" {
				if !errors.Is(err, auth.ErrConflict) {
					t.Errorf("%s: %v, want ErrConflict", c.name, err)
				}
				continue
			}
			var ve *auth.ValidationError
			if !errors.Is(err, auth.ErrInvalid) || !errors.As(err, &ve) || ve.Field != c.field {
				t.Errorf("%s: %v, want a ValidationError on %s", c.name, err, c.field)
			}
		}
		if n := count(t, db, "users"); n != users {
			t.Errorf("users = %d after rejected creates, want %d", n, users)
		}
		if n := count(t, db, "audit_log"); n != audits {
			t.Errorf("audit rows = %d after rejected creates, want %d", n, audits)
		}
		if _, err := auth.CreateUser(ctx, db, ok, auth.Actor{}); err != nil {
			t.Fatalf("the valid input itself: %v", err)
		}
	})
}

func TestUpdateUser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		u := mustCreate(t, db, auth.NewUser{Username: "lisi", DisplayName: "李", Role: auth.RoleGrid, NodeCode: community})
		admin := auth.Actor{UserID: 99, Name: "root", IP: "10.0.0.9"}

		edit := auth.UserUpdate{DisplayName: "李四", Role: auth.RoleCommunity, NodeCode: community2}
		got, err := auth.UpdateUser(ctx, db, u.ID, edit, u.Version, admin)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 || got.DisplayName != "李四" || got.Role != auth.RoleCommunity || got.NodeCode != community2 ||
			got.Username != "lisi" || !got.CreatedAt.Equal(u.CreatedAt) {
			t.Fatalf("updated: %+v", got)
		}
		rows := auditRows(t, db, audit.Filter{Action: "user.update"})
		if len(rows) != 1 || rows[0].ActorID != 99 || rows[0].Target != "user:lisi" ||
			!strings.Contains(rows[0].Detail, `role: "grid" → "community"`) ||
			!strings.Contains(rows[0].Detail, `node: "`+community+`" → "`+community2+`"`) ||
			strings.Contains(rows[0].Detail, "disabled") {
			t.Fatalf("update audit: %+v", rows)
		}

		// The old version is stale now: nothing changes.
		_, err = auth.UpdateUser(ctx, db, u.ID, auth.UserUpdate{Role: auth.RoleAdmin, NodeCode: city}, u.Version, admin)
		if !errors.Is(err, auth.ErrStaleVersion) {
			t.Fatalf("stale update: %v, want ErrStaleVersion", err)
		}
		// Bad placement: nothing changes.
		_, err = auth.UpdateUser(ctx, db, u.ID, auth.UserUpdate{Role: auth.RoleCommunity, NodeCode: "330199"}, 2, admin)
		if !errors.Is(err, auth.ErrInvalid) {
			t.Fatalf("unknown node: %v, want ErrInvalid", err)
		}
		_, err = auth.UpdateUser(ctx, db, u.ID, auth.UserUpdate{Role: auth.RoleCommunity, NodeCode: community, DepartmentCode: "cg"}, 2, admin)
		if !errors.Is(err, auth.ErrInvalid) {
			t.Fatalf("node and department: %v, want ErrInvalid", err)
		}
		if _, err := auth.UpdateUser(ctx, db, 9999, edit, 1, admin); !errors.Is(err, auth.ErrNotFound) {
			t.Fatalf("unknown user: %v, want ErrNotFound", err)
		}
		now, err := auth.GetUser(ctx, db, u.ID)
		if err != nil || now != got {
			t.Fatalf("after rejected updates: %+v (%v), want %+v", now, err, got)
		}

		// Changing nothing writes nothing.
		same, err := auth.UpdateUser(ctx, db, u.ID, edit, 2, admin)
		if err != nil || same.Version != 2 {
			t.Fatalf("no-op update: %+v, %v", same, err)
		}

		// Move to a department, then disable: the sessions end.
		sess, _, err := auth.SignIn(ctx, db, "lisi", goodPassword, "", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		moved, err := auth.UpdateUser(ctx, db, u.ID, auth.UserUpdate{DisplayName: "李四", Role: auth.RoleDepartment, DepartmentCode: "sw"}, 2, admin)
		if err != nil || moved.NodeCode != "" || moved.DepartmentCode != "sw" || moved.DepartmentRegion != district2 {
			t.Fatalf("move to department: %+v, %v", moved, err)
		}
		if _, _, err := auth.SessionUser(ctx, db, sess.Token, time.Now()); err != nil {
			t.Fatalf("session after a move: %v (only disabling ends sessions)", err)
		}
		off, err := auth.UpdateUser(ctx, db, u.ID, auth.UserUpdate{DisplayName: "李四", Role: auth.RoleDepartment,
			DepartmentCode: "sw", Disabled: true}, moved.Version, admin)
		if err != nil || !off.Disabled {
			t.Fatalf("disable: %+v, %v", off, err)
		}
		if n := count(t, db, "sessions"); n != 0 {
			t.Errorf("sessions after disabling = %d, want 0", n)
		}
		if _, _, err := auth.SignIn(ctx, db, "lisi", goodPassword, "", time.Now()); !errors.Is(err, auth.ErrBadCredentials) {
			t.Errorf("disabled sign-in: %v, want ErrBadCredentials", err)
		}
	})
}

func TestSetPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		mustCreate(t, db, auth.NewUser{Username: "wang", NodeCode: street})
		sess, _, err := auth.SignIn(ctx, db, "wang", goodPassword, "", t0)
		if err != nil {
			t.Fatal(err)
		}
		// Make tries wait, then reset the password: the count is gone.
		for i := range 5 {
			_, _, _ = auth.SignIn(ctx, db, "wang", "wrong password", "", t0.Add(time.Duration(i)*time.Second))
		}
		if _, _, err := auth.SignIn(ctx, db, "wang", goodPassword, "", t0.Add(10*time.Second)); !errors.Is(err, auth.ErrLockedOut) {
			t.Fatalf("setup: want tries to wait, got %v", err)
		}

		if err := auth.SetPassword(ctx, db, "wang", "too short", auth.Actor{}); !errors.Is(err, auth.ErrWeakPassword) {
			t.Fatalf("weak: %v, want ErrWeakPassword", err)
		}
		if err := auth.SetPassword(ctx, db, "ghost", "a new long password", auth.Actor{}); !errors.Is(err, auth.ErrNotFound) {
			t.Fatalf("unknown user: %v, want ErrNotFound", err)
		}
		if err := auth.SetPassword(ctx, db, "Wang", "a new long password", auth.Actor{}); err != nil {
			t.Fatal(err)
		}
		at := t0.Add(20 * time.Second) // the wait would still run without the reset
		if _, _, err := auth.SessionUser(ctx, db, sess.Token, at); !errors.Is(err, auth.ErrBadCredentials) {
			t.Errorf("old session after reset: %v, want ErrBadCredentials", err)
		}
		if _, _, err := auth.SignIn(ctx, db, "wang", goodPassword, "", at); !errors.Is(err, auth.ErrBadCredentials) {
			t.Errorf("old password: %v, want ErrBadCredentials", err)
		}
		if _, _, err := auth.SignIn(ctx, db, "wang", "a new long password", "", at); err != nil {
			t.Errorf("new password: %v", err)
		}
		if rows := auditRows(t, db, audit.Filter{Action: "user.password"}); len(rows) != 1 || rows[0].Target != "user:wang" {
			t.Errorf("user.password audit: %+v", rows)
		}
	})
}
