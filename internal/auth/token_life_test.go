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

func TestAPITokensExpire(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		u := mustCreate(t, db, auth.NewUser{Username: "qin", NodeCode: district})
		before := time.Now().Truncate(time.Millisecond)
		plain, err := auth.CreateToken(ctx, db, u.ID, "nightly export", auth.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		list, err := auth.ListTokens(ctx, db, u.ID)
		if err != nil || len(list) != 1 {
			t.Fatalf("ListTokens: %+v %v", list, err)
		}
		exp := list[0].ExpiresAt
		if exp.Before(before.Add(auth.DefaultTokenTTL)) || exp.After(time.Now().Add(auth.DefaultTokenTTL)) {
			t.Fatalf("expires %v, want 90 days from issue", exp)
		}
		if _, err := auth.TokenUser(ctx, db, plain, exp.Add(-time.Millisecond)); err != nil {
			t.Fatalf("a millisecond before expiry: %v", err)
		}
		if _, err := auth.TokenUser(ctx, db, plain, exp); err != auth.ErrBadCredentials {
			t.Fatalf("at expiry: %v, want ErrBadCredentials", err)
		}
		if list[0].Valid(exp) || !list[0].Valid(exp.Add(-time.Second)) {
			t.Fatal("Token.Valid disagrees with TokenUser")
		}

		short, err := auth.CreateTokenTTL(ctx, db, u.ID, "one day", 24*time.Hour, auth.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := auth.TokenUser(ctx, db, short, time.Now().Add(25*time.Hour)); err != auth.ErrBadCredentials {
			t.Fatalf("a 1-day token after 25 h: %v", err)
		}
		for _, ttl := range []time.Duration{time.Minute, -time.Hour, 367 * 24 * time.Hour} {
			if _, err := auth.CreateTokenTTL(ctx, db, u.ID, "bad", ttl, auth.Actor{}); !errors.Is(err, auth.ErrInvalid) {
				t.Errorf("ttl %v: %v, want ErrInvalid", ttl, err)
			}
		}
		if n := count(t, db, "api_tokens"); n != 2 {
			t.Fatalf("%d tokens, want the 2 issued", n)
		}
	})
}

// A password change or disabling an account ends every token, so a thief's
// token does not outlive the reset.
func TestPasswordChangeAndDisableRevokeTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		u := mustCreate(t, db, auth.NewUser{Username: "han", NodeCode: district})
		admin := mustCreate(t, db, auth.NewUser{Username: "root", NodeCode: district, Role: auth.RoleAdmin})
		a, _ := auth.CreateToken(ctx, db, u.ID, "laptop", auth.Actor{})
		b, _ := auth.CreateToken(ctx, db, u.ID, "phone", auth.Actor{})
		now := time.Now()
		if err := auth.SetPassword(ctx, db, "han", "a fresh passphrase 7", auth.ActorOf(admin, "10.0.0.9")); err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{a, b} {
			if _, err := auth.TokenUser(ctx, db, tok, now); err != auth.ErrBadCredentials {
				t.Fatalf("token after a password change: %v, want ErrBadCredentials", err)
			}
		}
		rows := auditRows(t, db, audit.Filter{Target: "user:han", Action: "token.revoke"})
		if len(rows) != 1 || !strings.Contains(rows[0].Detail, "password set") || rows[0].ActorName != "root" {
			t.Fatalf("revoke audit after password change: %+v", rows)
		}

		c, _ := auth.CreateToken(ctx, db, u.ID, "new laptop", auth.Actor{})
		u, err := auth.GetUser(ctx, db, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := auth.UpdateUser(ctx, db, u.ID, auth.UserUpdate{DisplayName: u.DisplayName, Role: u.Role,
			NodeCode: u.NodeCode, Disabled: true}, u.Version, auth.Actor{}); err != nil {
			t.Fatal(err)
		}
		u, _ = auth.GetUser(ctx, db, u.ID)
		if _, err := auth.UpdateUser(ctx, db, u.ID, auth.UserUpdate{DisplayName: u.DisplayName, Role: u.Role,
			NodeCode: u.NodeCode, Disabled: false}, u.Version, auth.Actor{}); err != nil {
			t.Fatal(err)
		}
		if _, err := auth.TokenUser(ctx, db, c, now); err != auth.ErrBadCredentials {
			t.Fatalf("token after disable and re-enable: %v, want ErrBadCredentials", err)
		}
		list, _ := auth.ListTokens(ctx, db, u.ID)
		for _, tok := range list {
			if tok.RevokedAt.IsZero() {
				t.Errorf("token %d %q not revoked", tok.ID, tok.Name)
			}
		}
	})
}

func TestRevokeTokenByOwnerOrAdminInScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		owner := mustCreate(t, db, auth.NewUser{Username: "luzi", NodeCode: street})
		colleague := mustCreate(t, db, auth.NewUser{Username: "mayu", NodeCode: street})
		admin := mustCreate(t, db, auth.NewUser{Username: "boss", NodeCode: district, Role: auth.RoleAdmin})
		farAdmin := mustCreate(t, db, auth.NewUser{Username: "far", NodeCode: district2, Role: auth.RoleAdmin})
		scope := func(u auth.User) auth.Scope {
			s, err := auth.ScopeForUser(ctx, db, u)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		plain, _ := auth.CreateToken(ctx, db, owner.ID, "sync", auth.Actor{})
		id := func() int64 {
			list, _ := auth.ListTokens(ctx, db, owner.ID)
			return list[0].ID
		}()
		for _, by := range []auth.User{colleague, farAdmin} {
			if err := auth.RevokeTokenBy(ctx, db, id, by, scope(by), "10.0.0.1"); !errors.Is(err, auth.ErrNotFound) {
				t.Errorf("%s revoking: %v, want ErrNotFound", by.Username, err)
			}
		}
		if err := auth.RevokeTokenBy(ctx, db, 99999, owner, scope(owner), ""); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("unknown id: %v, want ErrNotFound", err)
		}
		if _, err := auth.TokenUser(ctx, db, plain, time.Now()); err != nil {
			t.Fatalf("token after refused revokes: %v", err)
		}
		if err := auth.RevokeTokenBy(ctx, db, id, admin, scope(admin), "10.0.0.2"); err != nil {
			t.Fatalf("admin in scope: %v", err)
		}
		if _, err := auth.TokenUser(ctx, db, plain, time.Now()); err != auth.ErrBadCredentials {
			t.Fatalf("token after revoke: %v", err)
		}
		mine, _ := auth.CreateToken(ctx, db, owner.ID, "mine", auth.Actor{})
		list, _ := auth.ListTokens(ctx, db, owner.ID)
		if err := auth.RevokeTokenBy(ctx, db, list[0].ID, owner, scope(owner), ""); err != nil {
			t.Fatalf("owner: %v", err)
		}
		if _, err := auth.TokenUser(ctx, db, mine, time.Now()); err != auth.ErrBadCredentials {
			t.Fatalf("own token after revoke: %v", err)
		}
		rows := auditRows(t, db, audit.Filter{Target: "user:luzi", Action: "token.revoke"})
		if len(rows) != 2 || rows[1].ActorName != "boss" || rows[1].IP != "10.0.0.2" {
			t.Fatalf("revoke audit: %+v", rows)
		}
	})
}
