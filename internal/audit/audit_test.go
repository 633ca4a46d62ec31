package audit_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"civicgrid/internal/audit"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

var t0 = time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)

func TestRecordAndList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		entries := []audit.Entry{
			{At: t0, ActorID: 7, ActorName: "admin", Action: "user.create", Target: "user:li", Detail: "role=grid", IP: "10.0.0.1"},
			{At: t0.Add(time.Minute), Action: "signin.failed", Target: "user:nobody", Detail: "unknown user", IP: "10.0.0.2"},
			{At: t0.Add(2 * time.Minute), ActorID: 7, ActorName: "admin", Action: "signin", Target: "user:admin"},
			{At: t0.Add(3 * time.Minute), ActorID: 8, ActorName: "li", Action: "signin", Target: "user:li"},
		}
		for _, e := range entries {
			if err := audit.Record(ctx, db, e); err != nil {
				t.Fatal(err)
			}
		}

		all, err := audit.List(ctx, db, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 4 {
			t.Fatalf("got %d entries, want 4", len(all))
		}
		if all[0].Target != "user:li" || all[0].Action != "signin" || !all[0].At.Equal(t0.Add(3*time.Minute)) {
			t.Errorf("newest first: got %+v", all[0])
		}
		first := all[3]
		want := entries[0]
		if first.ID == 0 || !first.At.Equal(want.At) || first.ActorID != 7 || first.ActorName != "admin" ||
			first.Action != want.Action || first.Target != want.Target || first.Detail != want.Detail || first.IP != want.IP {
			t.Errorf("round trip: got %+v, want %+v", first, want)
		}
		if all[2].ActorID != 0 {
			t.Errorf("anonymous actor read back as %d", all[2].ActorID)
		}
		var nulls int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE actor_id IS NULL`).Scan(&nulls); err != nil {
			t.Fatal(err)
		}
		if nulls != 1 {
			t.Errorf("actor_id NULL rows = %d, want 1 (ActorID 0 is stored as NULL)", nulls)
		}

		check := func(name string, f audit.Filter, wantActions ...string) {
			t.Helper()
			got, err := audit.List(ctx, db, f)
			if err != nil {
				t.Fatal(err)
			}
			var acts []string
			for _, e := range got {
				acts = append(acts, e.Action+"@"+e.Target)
			}
			if strings.Join(acts, ",") != strings.Join(wantActions, ",") {
				t.Errorf("%s: got %v, want %v", name, acts, wantActions)
			}
		}
		check("action", audit.Filter{Action: "signin"}, "signin@user:li", "signin@user:admin")
		check("actor", audit.Filter{ActorID: 7}, "signin@user:admin", "user.create@user:li")
		check("target", audit.Filter{Target: "user:li"}, "signin@user:li", "user.create@user:li")
		check("since inclusive", audit.Filter{Since: t0.Add(2 * time.Minute)}, "signin@user:li", "signin@user:admin")
		check("until exclusive", audit.Filter{Until: t0.Add(time.Minute)}, "user.create@user:li")
		check("limit+offset", audit.Filter{Limit: 2, Offset: 1}, "signin@user:admin", "signin.failed@user:nobody")
	})
}

func TestRecordGoesWithTheTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if err := audit.Record(ctx, tx, audit.Entry{At: t0, Action: "user.create", Target: "user:x"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx: %v", err)
		}
		got, err := audit.List(ctx, db, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 0 {
			t.Fatalf("rolled-back audit row is visible: %+v", got)
		}
	})
}

func TestRecordRejectsAndCuts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := audit.Record(ctx, db, audit.Entry{At: t0, Action: "  "}); !errors.Is(err, audit.ErrNoAction) {
			t.Fatalf("blank action: %v, want ErrNoAction", err)
		}
		long := strings.Repeat("网格", 3000) // 6000 runes
		if err := audit.Record(ctx, db, audit.Entry{Action: "note", Detail: long}); err != nil {
			t.Fatal(err)
		}
		got, err := audit.List(ctx, db, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 {
			t.Fatalf("got %d rows, want 1 (the blank action must not land)", len(got))
		}
		if n := utf8.RuneCountInString(got[0].Detail); n != 4000 || !utf8.ValidString(got[0].Detail) {
			t.Errorf("detail cut to %d runes (valid=%v), want 4000", n, utf8.ValidString(got[0].Detail))
		}
		if got[0].At.IsZero() || time.Since(got[0].At) > time.Minute {
			t.Errorf("zero At not stamped with now: %v", got[0].At)
		}
	})
}
