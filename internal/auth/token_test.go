package auth_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestAPITokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		u := mustCreate(t, db, auth.NewUser{Username: "kong", NodeCode: district})
		other := mustCreate(t, db, auth.NewUser{Username: "meng", NodeCode: district})
		actor := auth.ActorOf(u, "10.0.0.3")

		plain, err := auth.CreateToken(ctx, db, u.ID, " 12345 bridge ", actor)
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`^cgt_[A-Za-z0-9_-]{43}$`).MatchString(plain) {
			t.Fatalf("token %q: want cgt_ + 43 base64url characters", plain)
		}
		var stored string
		if err := db.QueryRowContext(ctx, `SELECT token_hash FROM api_tokens`).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(plain, stored) || strings.Contains(stored, plain[4:]) || len(stored) != 64 {
			t.Fatalf("stored %q: want a SHA-256 hex digest, not the token", stored)
		}

		got, err := auth.TokenUser(ctx, db, plain, t0)
		if err != nil || got.ID != u.ID || got.Username != "kong" {
			t.Fatalf("TokenUser: %+v, %v", got, err)
		}
		list, err := auth.ListTokens(ctx, db, u.ID)
		if err != nil || len(list) != 1 {
			t.Fatalf("ListTokens: %+v, %v", list, err)
		}
		tok := list[0]
		if tok.Name != "12345 bridge" || tok.UserID != u.ID || !tok.LastUsedAt.Equal(t0) || !tok.RevokedAt.IsZero() {
			t.Fatalf("token row: %+v", tok)
		}
		// last_used_at is written at most once a minute.
		if _, err := auth.TokenUser(ctx, db, plain, t0.Add(59*time.Second)); err != nil {
			t.Fatal(err)
		}
		if list, _ := auth.ListTokens(ctx, db, u.ID); !list[0].LastUsedAt.Equal(t0) {
			t.Fatalf("last used %v after 59 s, want unchanged %v", list[0].LastUsedAt, t0)
		}
		if _, err := auth.TokenUser(ctx, db, plain, t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if list, _ := auth.ListTokens(ctx, db, u.ID); !list[0].LastUsedAt.Equal(t0.Add(time.Minute)) {
			t.Fatalf("last used %v, want %v", list[0].LastUsedAt, t0.Add(time.Minute))
		}

		for _, bad := range []string{"", plain[4:], "cgt_" + strings.Repeat("A", 43), plain + "x", "Bearer " + plain} {
			if _, err := auth.TokenUser(ctx, db, bad, t0); err != auth.ErrBadCredentials {
				t.Errorf("TokenUser(%q): %v, want ErrBadCredentials", bad, err)
			}
		}

		// Someone else's user id cannot revoke it.
		if err := auth.RevokeToken(ctx, db, other.ID, tok.ID, actor); !errors.Is(err, auth.ErrNotFound) {
			t.Fatalf("revoke via another user: %v, want ErrNotFound", err)
		}
		if _, err := auth.TokenUser(ctx, db, plain, t0); err != nil {
			t.Fatalf("token after a refused revoke: %v", err)
		}
		if err := auth.RevokeToken(ctx, db, u.ID, tok.ID, actor); err != nil {
			t.Fatal(err)
		}
		if err := auth.RevokeToken(ctx, db, u.ID, tok.ID, actor); err != nil {
			t.Fatalf("revoking twice: %v", err)
		}
		if _, err := auth.TokenUser(ctx, db, plain, t0.Add(time.Hour)); err != auth.ErrBadCredentials {
			t.Fatalf("revoked token: %v, want ErrBadCredentials", err)
		}
		if list, _ := auth.ListTokens(ctx, db, u.ID); len(list) != 1 || list[0].RevokedAt.IsZero() {
			t.Fatalf("revoked token listed as %+v", list)
		}

		if rows := auditRows(t, db, audit.Filter{Target: "user:kong"}); len(rows) != 3 ||
			rows[0].Action != "token.revoke" || rows[1].Action != "token.create" || rows[0].IP != "10.0.0.3" {
			t.Fatalf("token audit rows: %+v", rows)
		}
	})
}

func TestAPITokenRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		u := mustCreate(t, db, auth.NewUser{Username: "cao", NodeCode: district})
		for _, name := range []string{"", "   ", strings.Repeat("名", 65)} {
			if _, err := auth.CreateToken(ctx, db, u.ID, name, auth.Actor{}); !errors.Is(err, auth.ErrInvalid) {
				t.Errorf("token name %q: %v, want ErrInvalid", name, err)
			}
		}
		if _, err := auth.CreateToken(ctx, db, 9999, "x", auth.Actor{}); !errors.Is(err, auth.ErrNotFound) {
			t.Errorf("unknown user: %v, want ErrNotFound", err)
		}
		if n := count(t, db, "api_tokens"); n != 0 {
			t.Fatalf("%d tokens after refusals", n)
		}

		plain, err := auth.CreateToken(ctx, db, u.ID, "sync", auth.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		u, err = auth.UpdateUser(ctx, db, u.ID, auth.UserUpdate{DisplayName: u.DisplayName, Role: u.Role,
			NodeCode: u.NodeCode, Disabled: true}, u.Version, auth.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := auth.TokenUser(ctx, db, plain, t0); err != auth.ErrBadCredentials {
			t.Fatalf("disabled user's token: %v, want ErrBadCredentials", err)
		}
		if _, err := auth.CreateToken(ctx, db, u.ID, "another", auth.Actor{}); !errors.Is(err, auth.ErrInvalid) {
			t.Fatalf("token for a disabled user: %v, want ErrInvalid", err)
		}
	})
}
