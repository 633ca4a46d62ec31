package auth_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func lastSeen(t *testing.T, db *store.DB, token string) time.Time {
	t.Helper()
	sum := sha256.Sum256([]byte(token))
	var ms int64
	err := db.QueryRowContext(context.Background(), `SELECT last_seen_at FROM sessions WHERE token_hash = ?`,
		hex.EncodeToString(sum[:])).Scan(&ms)
	if err != nil {
		t.Fatal(err)
	}
	return store.Time(ms)
}

func TestSessionStoresOnlyTheHash(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		u := mustCreate(t, db, auth.NewUser{Username: "zhou", NodeCode: street})
		sess, got, err := auth.SignIn(ctx, db, "Zhou", goodPassword, "10.0.0.1", t0)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != u.ID || sess.UserID != u.ID || len(sess.Token) != 43 || len(sess.CSRFToken) != 43 ||
			sess.Token == sess.CSRFToken || !sess.ExpiresAt.Equal(t0.Add(12*time.Hour)) {
			t.Fatalf("session %+v for %+v", sess, got)
		}
		var stored string
		if err := db.QueryRowContext(ctx, `SELECT token_hash FROM sessions`).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte(sess.Token))
		if stored != hex.EncodeToString(sum[:]) {
			t.Fatalf("stored %q, want the SHA-256 of the token", stored)
		}
		again, _, err := auth.SignIn(ctx, db, "zhou", goodPassword, "", t0)
		if err != nil || again.Token == sess.Token {
			t.Fatalf("second session: %v (tokens must differ)", err)
		}
		if got, s, err := auth.SessionUser(ctx, db, sess.Token, t0.Add(time.Minute)); err != nil || got.ID != u.ID ||
			s.Token != "" || s.CSRFToken != sess.CSRFToken || !s.ExpiresAt.Equal(sess.ExpiresAt) {
			t.Fatalf("SessionUser: %+v %+v %v", got, s, err)
		}
		for _, bad := range []string{"", "nope", sess.Token + "x", stored} {
			if _, _, err := auth.SessionUser(ctx, db, bad, t0); err != auth.ErrBadCredentials {
				t.Errorf("SessionUser(%q): %v, want ErrBadCredentials", bad, err)
			}
		}
	})
}

func TestSessionIdleExpiry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		mustCreate(t, db, auth.NewUser{Username: "wuyi", NodeCode: street})
		sess, _, err := auth.SignIn(ctx, db, "wuyi", goodPassword, "", t0)
		if err != nil {
			t.Fatal(err)
		}
		use := func(at time.Time) error {
			_, _, err := auth.SessionUser(ctx, db, sess.Token, at)
			return err
		}
		// Activity within a minute is not written…
		if err := use(t0.Add(30 * time.Second)); err != nil {
			t.Fatal(err)
		}
		if got := lastSeen(t, db, sess.Token); !got.Equal(t0) {
			t.Fatalf("last_seen_at = %v after 30 s, want unchanged %v", got, t0)
		}
		// …later activity is, and idleness counts from it.
		active := t0.Add(10 * time.Minute)
		if err := use(active); err != nil {
			t.Fatal(err)
		}
		if got := lastSeen(t, db, sess.Token); !got.Equal(active) {
			t.Fatalf("last_seen_at = %v, want %v", got, active)
		}
		if err := use(active.Add(30*time.Minute - time.Millisecond)); err != nil {
			t.Fatalf("29m59.999s idle: %v", err)
		}
		active = active.Add(30*time.Minute - time.Millisecond)
		if err := use(active.Add(30 * time.Minute)); !errors.Is(err, auth.ErrSessionExpired) {
			t.Fatalf("30 min idle: %v, want ErrSessionExpired", err)
		}
		if n := count(t, db, "sessions"); n != 0 {
			t.Fatalf("expired session row kept (%d rows)", n)
		}
		if err := use(active.Add(31 * time.Minute)); err != auth.ErrBadCredentials {
			t.Fatalf("after expiry: %v, want ErrBadCredentials (the row is gone)", err)
		}

		// A custom policy.
		p := auth.Policy{Idle: 5 * time.Minute}
		s2, _, err := p.SignIn(ctx, db, "wuyi", goodPassword, "", t0)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := p.SessionUser(ctx, db, s2.Token, t0.Add(5*time.Minute)); !errors.Is(err, auth.ErrSessionExpired) {
			t.Fatalf("custom idle 5m: %v, want ErrSessionExpired", err)
		}
	})
}

func TestSessionAbsoluteExpiry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		mustCreate(t, db, auth.NewUser{Username: "zheng", NodeCode: street})
		sess, _, err := auth.SignIn(ctx, db, "zheng", goodPassword, "", t0)
		if err != nil {
			t.Fatal(err)
		}
		// Busy all day: never idle, yet the session ends after 12 hours.
		at := t0
		for at.Before(t0.Add(12*time.Hour - 20*time.Minute)) {
			at = at.Add(20 * time.Minute)
			if _, _, err := auth.SessionUser(ctx, db, sess.Token, at); err != nil {
				t.Fatalf("active at %v: %v", at.Sub(t0), err)
			}
		}
		if _, _, err := auth.SessionUser(ctx, db, sess.Token, t0.Add(12*time.Hour-time.Millisecond)); err != nil {
			t.Fatalf("just before 12 h: %v", err)
		}
		if _, _, err := auth.SessionUser(ctx, db, sess.Token, t0.Add(12*time.Hour)); !errors.Is(err, auth.ErrSessionExpired) {
			t.Fatalf("at 12 h: %v, want ErrSessionExpired", err)
		}
		if n := count(t, db, "sessions"); n != 0 {
			t.Fatalf("expired session row kept (%d rows)", n)
		}
	})
}

func TestSignOutAndPurge(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		u := mustCreate(t, db, auth.NewUser{Username: "feng", NodeCode: street})
		a, _, err := auth.SignIn(ctx, db, "feng", goodPassword, "", t0)
		if err != nil {
			t.Fatal(err)
		}
		b, _, err := auth.SignIn(ctx, db, "feng", goodPassword, "", t0.Add(20*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if err := auth.SignOut(ctx, db, b.Token); err != nil {
			t.Fatal(err)
		}
		if _, _, err := auth.SessionUser(ctx, db, b.Token, t0.Add(21*time.Minute)); err != auth.ErrBadCredentials {
			t.Fatalf("signed-out session: %v, want ErrBadCredentials", err)
		}
		if err := auth.SignOut(ctx, db, b.Token); err != nil {
			t.Fatalf("signing out twice: %v", err)
		}
		if rows := auditRows(t, db, audit.Filter{Action: "signout"}); len(rows) != 1 || rows[0].ActorID != u.ID {
			t.Fatalf("signout audit: %+v", rows)
		}
		c, _, err := auth.SignIn(ctx, db, "feng", goodPassword, "", t0.Add(25*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		// At t0+31m, a (last seen t0) is idle; c is not.
		n, err := auth.PurgeSessions(ctx, db, t0.Add(31*time.Minute))
		if err != nil || n != 1 {
			t.Fatalf("purge: %d, %v; want 1", n, err)
		}
		if _, _, err := auth.SessionUser(ctx, db, a.Token, t0.Add(31*time.Minute)); err != auth.ErrBadCredentials {
			t.Errorf("purged session: %v", err)
		}
		if _, _, err := auth.SessionUser(ctx, db, c.Token, t0.Add(31*time.Minute)); err != nil {
			t.Errorf("live session purged: %v", err)
		}
	})
}

func TestCheckCSRF(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		mustCreate(t, db, auth.NewUser{Username: "chen", NodeCode: street})
		a, _, err := auth.SignIn(ctx, db, "chen", goodPassword, "", t0)
		if err != nil {
			t.Fatal(err)
		}
		b, _, err := auth.SignIn(ctx, db, "chen", goodPassword, "", t0)
		if err != nil {
			t.Fatal(err)
		}
		_, fromCookie, err := auth.SessionUser(ctx, db, a.Token, t0.Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if !auth.CheckCSRF(a, a.CSRFToken) || !auth.CheckCSRF(fromCookie, a.CSRFToken) {
			t.Fatal("the session's own CSRF token is refused")
		}
		for name, bad := range map[string]string{
			"empty":         "",
			"other session": b.CSRFToken,
			"session token": a.Token,
			"prefix":        a.CSRFToken[:42],
			"longer":        a.CSRFToken + "x",
		} {
			if auth.CheckCSRF(fromCookie, bad) {
				t.Errorf("CSRF %s accepted", name)
			}
		}
		if auth.CheckCSRF(auth.Session{}, "") {
			t.Error("a zero session accepts an empty token")
		}
	})
}
