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

func TestSignInLockout(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		u := mustCreate(t, db, auth.NewUser{Username: "zhao", NodeCode: district})
		clock := t0
		signIn := func(pw string) error {
			clock = clock.Add(time.Second)
			_, _, err := auth.SignIn(ctx, db, "zhao", pw, "10.0.0.7", clock)
			return err
		}

		// A success resets the count: 4 failures, a success, 4 more failures
		// and still no lockout.
		for round := range 2 {
			for i := range 4 {
				if err := signIn("wrong password"); err != auth.ErrBadCredentials {
					t.Fatalf("round %d failure %d: %v, want exactly ErrBadCredentials", round, i+1, err)
				}
			}
			if round == 0 {
				if err := signIn(goodPassword); err != nil {
					t.Fatalf("success after 4 failures: %v", err)
				}
			}
		}
		// The fifth failure in a row locks.
		err := signIn("wrong password")
		lockedAt := clock
		var locked *auth.LockedOutError
		if !errors.As(err, &locked) || !errors.Is(err, auth.ErrLockedOut) {
			t.Fatalf("5th failure: %v, want a LockedOutError", err)
		}
		unlock := lockedAt.Add(15 * time.Minute)
		if !locked.Until.Equal(unlock) {
			t.Fatalf("locked until %v, want %v", locked.Until, unlock)
		}
		if got, _ := auth.GetUser(ctx, db, u.ID); !got.LockedUntil.Equal(unlock) {
			t.Errorf("User.LockedUntil = %v, want %v", got.LockedUntil, unlock)
		}
		// The right password is refused while locked, right up to the end.
		for _, at := range []time.Time{lockedAt.Add(time.Minute), unlock.Add(-time.Millisecond)} {
			_, _, err := auth.SignIn(ctx, db, "zhao", goodPassword, "10.0.0.7", at)
			if !errors.As(err, &locked) || !locked.Until.Equal(unlock) {
				t.Fatalf("right password at %v while locked: %v, want LockedOutError until %v", at, err, unlock)
			}
		}
		// From the unlock time it works, and the count starts again.
		sess, got, err := auth.SignIn(ctx, db, "zhao", goodPassword, "10.0.0.7", unlock)
		if err != nil || got.ID != u.ID || sess.Token == "" || !got.LockedUntil.IsZero() {
			t.Fatalf("after lockout: %+v, %+v, %v", sess, got, err)
		}

		want := map[string]int{"signin.failed": 8, "signin.locked": 3, "signin": 2}
		for action, n := range want {
			rows := auditRows(t, db, audit.Filter{Action: action})
			if len(rows) != n {
				t.Errorf("%s audit rows = %d, want %d", action, len(rows), n)
			}
			for _, r := range rows {
				if r.ActorID != u.ID || r.Target != "user:zhao" || r.IP != "10.0.0.7" {
					t.Errorf("%s audit row: %+v", action, r)
				}
			}
		}
	})
}

func TestLockoutRunsOutAndCountsAfresh(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		mustCreate(t, db, auth.NewUser{Username: "qian", NodeCode: district})
		p := auth.Policy{MaxFailures: 3, Lockout: time.Hour}
		at := t0
		for i := range 3 {
			_, _, err := p.SignIn(ctx, db, "qian", "wrong password", "", at.Add(time.Duration(i)*time.Second))
			if wantLock := i == 2; errors.Is(err, auth.ErrLockedOut) != wantLock {
				t.Fatalf("failure %d: %v (lock expected: %v)", i+1, err, wantLock)
			}
		}
		// Lockout over: one wrong password is a plain failure (count 1), not
		// an immediate relock.
		after := at.Add(2 * time.Hour)
		for i := range 2 {
			if _, _, err := p.SignIn(ctx, db, "qian", "wrong password", "", after.Add(time.Duration(i)*time.Second)); err != auth.ErrBadCredentials {
				t.Fatalf("failure %d after lockout: %v, want ErrBadCredentials", i+1, err)
			}
		}
		if _, _, err := p.SignIn(ctx, db, "qian", "wrong password", "", after.Add(3*time.Second)); !errors.Is(err, auth.ErrLockedOut) {
			t.Fatalf("third failure after lockout: %v, want ErrLockedOut", err)
		}
	})
}

func TestSignInUnknownAndDisabled(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		u := mustCreate(t, db, auth.NewUser{Username: "sun", NodeCode: district})
		if _, _, err := auth.SignIn(ctx, db, "ghost", goodPassword, "10.9.9.9", t0); err != auth.ErrBadCredentials {
			t.Fatalf("unknown user: %v, want exactly ErrBadCredentials", err)
		}
		rows := auditRows(t, db, audit.Filter{Action: "signin.failed"})
		if len(rows) != 1 || rows[0].ActorID != 0 || rows[0].ActorName != "(anonymous)" ||
			rows[0].Target != "user:ghost" || rows[0].IP != "10.9.9.9" {
			t.Fatalf("unknown-user audit: %+v", rows)
		}
		// Unknown users are not locked out (there is nothing to lock), and
		// do not touch anybody's count.
		for range 6 {
			if _, _, err := auth.SignIn(ctx, db, "ghost", "x", "", t0); err != auth.ErrBadCredentials {
				t.Fatalf("unknown user again: %v", err)
			}
		}

		// An oversized password is a plain wrong password, and counted.
		huge := strings.Repeat("x", auth.MaxPasswordLen+1)
		if _, _, err := auth.SignIn(ctx, db, "sun", huge, "", t0); err != auth.ErrBadCredentials {
			t.Fatalf("oversized password: %v, want ErrBadCredentials", err)
		}
		if rows := auditRows(t, db, audit.Filter{Action: "signin.failed", ActorID: u.ID}); len(rows) != 1 ||
			rows[0].Detail != "wrong password (1 in a row)" {
			t.Fatalf("oversized password audit: %+v", rows)
		}

		if _, err := auth.UpdateUser(ctx, db, u.ID, auth.UserUpdate{DisplayName: u.DisplayName, Role: u.Role,
			NodeCode: u.NodeCode, Disabled: true}, u.Version, auth.Actor{}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := auth.SignIn(ctx, db, "sun", goodPassword, "", t0); err != auth.ErrBadCredentials {
			t.Fatalf("disabled user, right password: %v, want exactly ErrBadCredentials", err)
		}
		if n := count(t, db, "sessions"); n != 0 {
			t.Fatalf("sessions = %d after refused sign-ins", n)
		}
	})
}

// The three kinds of failure must cost the same: compare these.
func BenchmarkSignInUnknownUser(b *testing.B)   { benchSignIn(b, "ghost", goodPassword) }
func BenchmarkSignInWrongPassword(b *testing.B) { benchSignIn(b, "bench", "wrong password") }
func BenchmarkSignInSuccess(b *testing.B)       { benchSignIn(b, "bench", goodPassword) }

func benchSignIn(b *testing.B, username, pw string) {
	db := storetest.SQLite(b)
	ctx := context.Background()
	seedOrg(b, db)
	if _, err := auth.CreateUser(ctx, db, auth.NewUser{Username: "bench", Role: auth.RoleLeader, NodeCode: city,
		Password: goodPassword}, auth.Actor{}); err != nil {
		b.Fatal(err)
	}
	restore := auth.UseDefaultHashCost()
	defer restore()
	if err := auth.SetPassword(ctx, db, "bench", goodPassword, auth.Actor{}); err != nil {
		b.Fatal(err)
	}
	// A policy that never locks, so every failure is a real check.
	p := auth.Policy{MaxFailures: 1 << 30}
	b.ResetTimer()
	for b.Loop() {
		_, _, err := p.SignIn(ctx, db, username, pw, "", time.Now())
		if (pw == goodPassword && username == "bench") != (err == nil) {
			b.Fatal(err)
		}
	}
}

// Failures arriving together are all counted: no lost update lets an
// attacker guess in parallel past the limit.
func TestConcurrentFailuresAllCount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		mustCreate(t, db, auth.NewUser{Username: "jiang", NodeCode: district})
		p := auth.Policy{MaxFailures: 8}
		errs := make(chan error, 8)
		for range 8 {
			go func() {
				_, _, err := p.SignIn(ctx, db, "jiang", "wrong password", "", t0)
				errs <- err
			}()
		}
		locked := 0
		for range 8 {
			err := <-errs
			switch {
			case errors.Is(err, auth.ErrLockedOut):
				locked++
			case err != auth.ErrBadCredentials:
				t.Fatalf("concurrent failure: %v", err)
			}
		}
		if locked != 1 {
			t.Fatalf("%d of 8 concurrent failures reported the lock, want exactly 1", locked)
		}
		if _, _, err := p.SignIn(ctx, db, "jiang", goodPassword, "", t0.Add(time.Minute)); !errors.Is(err, auth.ErrLockedOut) {
			t.Fatalf("after 8 concurrent failures: %v, want ErrLockedOut", err)
		}
	})
}
