package auth_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestSignInWaitsGrowPerNameAndAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		u := mustCreate(t, db, auth.NewUser{Username: "zhao", NodeCode: district})
		clock := t0
		signIn := func(pw, ip string) error {
			clock = clock.Add(time.Second)
			_, _, err := auth.SignIn(ctx, db, "zhao", pw, ip, clock)
			return err
		}
		const here, there = "10.0.0.7", "10.0.0.8"

		// A success resets the count: 4 failures, a success, 4 more failures
		// and still no wait.
		for round := range 2 {
			for i := range 4 {
				if err := signIn("wrong password", here); err != auth.ErrBadCredentials {
					t.Fatalf("round %d failure %d: %v, want exactly ErrBadCredentials", round, i+1, err)
				}
			}
			if round == 0 {
				if err := signIn(goodPassword, here); err != nil {
					t.Fatalf("success after 4 failures: %v", err)
				}
			}
		}
		// The fifth failure in a row makes tries from here wait 30 s.
		err := signIn("wrong password", here)
		var locked *auth.LockedOutError
		if !errors.As(err, &locked) || !errors.Is(err, auth.ErrLockedOut) || !locked.Until.Equal(clock.Add(30*time.Second)) {
			t.Fatalf("5th failure: %v, want a LockedOutError for 30 s", err)
		}
		resume := locked.Until
		// The right password waits too, right up to the end …
		if _, _, err := auth.SignIn(ctx, db, "zhao", goodPassword, here, resume.Add(-time.Millisecond)); !errors.As(err, &locked) || !locked.Until.Equal(resume) {
			t.Fatalf("right password while waiting: %v", err)
		}
		// … but only from this address: nobody elsewhere can lock zhao out.
		if _, _, err := auth.SignIn(ctx, db, "zhao", goodPassword, there, resume.Add(-time.Millisecond)); err != nil {
			t.Fatalf("right password from another address: %v", err)
		}
		// Each further failure from here doubles the wait: 1m, 2m, … 15m.
		clock = resume
		for _, want := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 15 * time.Minute, 15 * time.Minute} {
			err := signIn("wrong password", here)
			if !errors.As(err, &locked) || !locked.Until.Equal(clock.Add(want)) {
				t.Fatalf("failure after the wait: %v, want a wait of %v", err, want)
			}
			clock = locked.Until.Add(-time.Second)
		}
		// After the wait the right password works and the count starts again.
		if sess, got, err := auth.SignIn(ctx, db, "zhao", goodPassword, here, locked.Until); err != nil || got.ID != u.ID || sess.Token == "" {
			t.Fatalf("after the wait: %+v, %v", got, err)
		}
		clock = locked.Until
		if err := signIn("wrong password", here); err != auth.ErrBadCredentials {
			t.Fatalf("first failure after a success: %v, want ErrBadCredentials", err)
		}

		want := map[string]int{"signin.failed": 9, "signin.locked": 8, "signin": 3}
		for action, n := range want {
			rows := auditRows(t, db, audit.Filter{Action: action})
			if len(rows) != n {
				t.Errorf("%s audit rows = %d, want %d", action, len(rows), n)
			}
			for _, r := range rows {
				if r.ActorID != u.ID || r.Target != "user:zhao" || (r.IP != here && r.IP != there) {
					t.Errorf("%s audit row: %+v", action, r)
				}
			}
		}
	})
}

// Unknown and known usernames get the same answers at the same tries, so
// the answers never tell which accounts exist.
func TestUnknownAndKnownNamesAnsweredAlike(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		mustCreate(t, db, auth.NewUser{Username: "admin", NodeCode: district, Role: auth.RoleAdmin})
		answers := func(name, ip string) []string {
			var out []string
			at := t0
			for range 7 {
				at = at.Add(time.Second)
				_, _, err := auth.SignIn(ctx, db, name, "not the password", ip, at)
				var locked *auth.LockedOutError
				if errors.As(err, &locked) {
					out = append(out, "wait "+locked.Until.Sub(at).String())
				} else {
					out = append(out, fmt.Sprint(err))
				}
			}
			return out
		}
		known, unknown := answers("admin", "192.0.2.1"), answers("nobody-here", "192.0.2.2")
		if fmt.Sprint(known) != fmt.Sprint(unknown) {
			t.Fatalf("known name answered %v,\nunknown name %v", known, unknown)
		}
		if known[3] != auth.ErrBadCredentials.Error() || known[4] != "wait 30s" || known[6] != "wait 28s" {
			t.Fatalf("answers: %v", known)
		}
	})
}

// Password spraying: a few tries at many accounts from one address soon
// waits, for every name from that address; other addresses are unaffected.
func TestSprayingFromOneAddressWaits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		mustCreate(t, db, auth.NewUser{Username: "victim", NodeCode: district})
		p := auth.Policy{AddressFailures: 6}
		for i := range 6 {
			_, _, err := p.SignIn(ctx, db, fmt.Sprintf("staff%02d", i), "Spring2025!", "198.51.100.9", t0.Add(time.Duration(i)*time.Second))
			if wantWait := i == 5; errors.Is(err, auth.ErrLockedOut) != wantWait {
				t.Fatalf("spray %d: %v (wait expected: %v)", i+1, err, wantWait)
			}
		}
		if _, _, err := p.SignIn(ctx, db, "victim", goodPassword, "198.51.100.9", t0.Add(10*time.Second)); !errors.Is(err, auth.ErrLockedOut) {
			t.Fatalf("another name from the spraying address: %v, want ErrLockedOut", err)
		}
		if _, _, err := p.SignIn(ctx, db, "victim", goodPassword, "198.51.100.10", t0.Add(10*time.Second)); err != nil {
			t.Fatalf("from another address: %v", err)
		}
		// IPv6 clients are counted by their /64.
		for i := range 6 {
			_, _, err := p.SignIn(ctx, db, "nobody", "guess", fmt.Sprintf("2001:db8:5:6::%x", i+1), t0.Add(time.Duration(i)*time.Second))
			if wantWait := i == 4; wantWait && !errors.Is(err, auth.ErrLockedOut) {
				t.Fatalf("IPv6 try %d from a fresh address in the same /64: %v, want ErrLockedOut", i+1, err)
			}
		}
	})
}

func TestFailuresAreForgottenAfterADay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedOrg(t, db)
		mustCreate(t, db, auth.NewUser{Username: "qian", NodeCode: district})
		p := auth.Policy{MaxFailures: 3}
		for i := range 3 {
			_, _, err := p.SignIn(ctx, db, "qian", "wrong password", "", t0.Add(time.Duration(i)*time.Second))
			if wantWait := i == 2; errors.Is(err, auth.ErrLockedOut) != wantWait {
				t.Fatalf("failure %d: %v (wait expected: %v)", i+1, err, wantWait)
			}
		}
		after := t0.Add(25 * time.Hour)
		for i := range 2 {
			if _, _, err := p.SignIn(ctx, db, "qian", "wrong password", "", after.Add(time.Duration(i)*time.Second)); err != auth.ErrBadCredentials {
				t.Fatalf("failure %d a day later: %v, want ErrBadCredentials", i+1, err)
			}
		}
		if _, _, err := p.SignIn(ctx, db, "qian", "wrong password", "", after.Add(3*time.Second)); !errors.Is(err, auth.ErrLockedOut) {
			t.Fatalf("third failure a day later: %v, want ErrLockedOut", err)
		}
		if n, err := auth.PurgeSignInFailures(ctx, db, after.Add(48*time.Hour)); err != nil || n != 2 {
			t.Fatalf("purge: %d, %v; want the name's and the address's rows", n, err)
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
		// Unknown names are counted like known ones, from their address.
		for i := range 3 {
			if _, _, err := auth.SignIn(ctx, db, "ghost", "x", "10.9.9.9", t0); err != auth.ErrBadCredentials {
				t.Fatalf("unknown user again (%d): %v", i+2, err)
			}
		}
		if _, _, err := auth.SignIn(ctx, db, "ghost", "x", "10.9.9.9", t0); !errors.Is(err, auth.ErrLockedOut) {
			t.Fatalf("5th try at an unknown name: %v, want ErrLockedOut", err)
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
	// A policy that never waits, so every failure is a real check.
	p := auth.Policy{MaxFailures: 1 << 30, AddressFailures: 1 << 30}
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
		p := auth.Policy{MaxFailures: 8, AddressFailures: 100}
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
		if _, _, err := p.SignIn(ctx, db, "jiang", goodPassword, "", t0.Add(10*time.Second)); !errors.Is(err, auth.ErrLockedOut) {
			t.Fatalf("after 8 concurrent failures: %v, want ErrLockedOut", err)
		}
	})
}
