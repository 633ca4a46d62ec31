package apikey_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"civicgrid/internal/apikey"
	"civicgrid/internal/audit"
	"civicgrid/internal/org"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func withRegions(t *testing.T, db *store.DB) {
	t.Helper()
	divs, err := org.ParseDivisions(os.DirFS("../org/testdata/divisions"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := org.ImportDivisions(context.Background(), db, divs, "2105"); err != nil {
		t.Fatal(err)
	}
}

func countAudit(t *testing.T, db *store.DB, action string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = ?`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAddCheckRevoke(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		withRegions(t, db)
		k, plain, err := apikey.Add(ctx, db, " fixmystreet ", "210502", audit.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		if k.Name != "fixmystreet" || k.NodeCode != "210502" || !strings.HasPrefix(plain, apikey.Prefix) || len(plain) != len(apikey.Prefix)+43 {
			t.Fatalf("added %+v %q", k, plain)
		}
		var stored string
		if err := db.QueryRowContext(ctx, `SELECT key_hash FROM api_keys WHERE id = ?`, k.ID).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(stored, plain[len(apikey.Prefix):]) {
			t.Fatal("the key is stored in plain text")
		}
		now := time.Now()
		got, err := apikey.Check(ctx, db, plain, now)
		if err != nil || got.ID != k.ID || got.LastUsedAt.IsZero() {
			t.Fatalf("check: %+v %v", got, err)
		}
		for _, bad := range []string{"", plain + "x", "cgt_" + plain[5:], strings.ToUpper(plain)} {
			if _, err := apikey.Check(ctx, db, bad, now); !errors.Is(err, apikey.ErrBadKey) {
				t.Errorf("check %q: %v", bad, err)
			}
		}

		// A second live key may not take the name; a whole-jurisdiction
		// key has no node.
		if _, _, err := apikey.Add(ctx, db, "fixmystreet", "", audit.Actor{}); !errors.Is(err, apikey.ErrConflict) {
			t.Fatalf("same name: %v", err)
		}
		other, _, err := apikey.Add(ctx, db, "city-app", "", audit.Actor{Name: "admin"})
		if err != nil || other.NodeCode != "" {
			t.Fatalf("second key: %+v %v", other, err)
		}

		revoked, err := apikey.RevokeByName(ctx, db, "fixmystreet", audit.Actor{})
		if err != nil || revoked.ID != k.ID || !revoked.Revoked() {
			t.Fatalf("revoke: %+v %v", revoked, err)
		}
		if _, err := apikey.Check(ctx, db, plain, now); !errors.Is(err, apikey.ErrBadKey) {
			t.Fatalf("revoked key still works: %v", err)
		}
		if _, err := apikey.RevokeByName(ctx, db, "fixmystreet", audit.Actor{}); !errors.Is(err, apikey.ErrNotFound) {
			t.Fatalf("revoke twice by name: %v", err)
		}
		if _, err := apikey.RevokeByID(ctx, db, k.ID, audit.Actor{}); err != nil {
			t.Fatalf("revoke twice by id: %v", err)
		}
		// The name is free again once its key is revoked.
		if _, _, err := apikey.Add(ctx, db, "fixmystreet", "", audit.Actor{}); err != nil {
			t.Fatalf("reuse a revoked name: %v", err)
		}
		keys, err := apikey.List(ctx, db)
		if err != nil || len(keys) != 3 {
			t.Fatalf("list: %d %v", len(keys), err)
		}
		if n := countAudit(t, db, "apikey.add"); n != 3 {
			t.Errorf("%d apikey.add audit rows", n)
		}
		if n := countAudit(t, db, "apikey.revoke"); n != 1 {
			t.Errorf("%d apikey.revoke audit rows (revoking twice records once)", n)
		}
	})
}

func TestAddRefusesBadInputAndWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		withRegions(t, db)
		for _, c := range []struct{ name, node string }{
			{"", ""},
			{strings.Repeat("长", 65), ""},
			{"tab\there", ""},
			{"ok", "999999"},          // no such region
			{"ok", "210502001001999"}, // no such grid
			{"ok", "21%"},
		} {
			if _, _, err := apikey.Add(ctx, db, c.name, c.node, audit.Actor{}); !errors.Is(err, apikey.ErrInvalid) {
				t.Errorf("add %q %q: %v", c.name, c.node, err)
			}
		}
		if keys, _ := apikey.List(ctx, db); len(keys) != 0 {
			t.Fatalf("%d keys written", len(keys))
		}
		if n := countAudit(t, db, "apikey.add"); n != 0 {
			t.Fatalf("%d audit rows", n)
		}
	})
}

func TestReceiptsKeepTheFirstResult(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		k, _, err := apikey.Add(ctx, db, "fms", "", audit.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		if _, found, err := apikey.Recall(ctx, db, k.ID, "update:1"); found || err != nil {
			t.Fatalf("recall before: %v %v", found, err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = db.InTx(ctx, func(tx *store.Tx) error {
					return apikey.Remember(ctx, tx, k.ID, "update:1", "result-"+string(rune('a'+i)), time.Now())
				})
			}()
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, apikey.ErrReceipt):
				t.Fatalf("concurrent remember: %v", err)
			}
		}
		if won != 1 {
			t.Fatalf("%d writers won", won)
		}
		got, found, err := apikey.Recall(ctx, db, k.ID, "update:1")
		if err != nil || !found || !strings.HasPrefix(got, "result-") {
			t.Fatalf("recall: %q %v %v", got, found, err)
		}
	})
}

func TestLimiterTokenBucket(t *testing.T) {
	l := apikey.NewLimiter(3)
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	for i := range 3 {
		if ok, _ := l.Allow(1, t0); !ok {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	ok, wait := l.Allow(1, t0)
	if ok || wait != 20*time.Second {
		t.Fatalf("4th request: ok=%v wait=%v, want refused for 20s", ok, wait)
	}
	if ok, _ := l.Allow(2, t0); !ok {
		t.Fatal("another key shares the bucket")
	}
	if ok, _ := l.Allow(1, t0.Add(19*time.Second)); ok {
		t.Fatal("refilled too early")
	}
	if ok, _ := l.Allow(1, t0.Add(20*time.Second)); !ok {
		t.Fatal("not refilled after 20s")
	}
	// Idle time never banks more than the burst.
	later := t0.Add(time.Hour)
	for i := range 3 {
		if ok, _ := l.Allow(1, later); !ok {
			t.Fatalf("burst %d after idling refused", i+1)
		}
	}
	if ok, _ := l.Allow(1, later); ok {
		t.Fatal("idling banked more than the burst")
	}
	if d := apikey.NewLimiter(0); d == nil {
		t.Fatal("no default limiter")
	}
}
