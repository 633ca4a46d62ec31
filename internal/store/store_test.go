package store_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestRebind(t *testing.T) {
	cases := map[string]string{
		"SELECT 1":                             "SELECT 1",
		"SELECT ? , ?":                         "SELECT $1 , $2",
		"SELECT '?' , ? WHERE x = 'a?b' AND ?": "SELECT '?' , $1 WHERE x = 'a?b' AND $2",
	}
	for in, want := range cases {
		if got := store.Postgres.Rebind(in); got != want {
			t.Errorf("Rebind(%q) = %q, want %q", in, got, want)
		}
		if got := store.SQLite.Rebind(in); got != in {
			t.Errorf("sqlite Rebind changed %q to %q", in, got)
		}
	}
}

func TestTransactionCommitsAndRollsBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		insert := func(tx *store.Tx, code string) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO regions (code, name, official_name, level, created_at, updated_at)
				VALUES (?, ?, ?, 'province', ?, ?)`, code, "n"+code, "n"+code, int64(1), int64(1))
			return err
		}
		if err := db.InTx(ctx, func(tx *store.Tx) error { return insert(tx, "11") }); err != nil {
			t.Fatal(err)
		}
		boom := errors.New("boom")
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if err := insert(tx, "12"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx returned %v, want boom", err)
		}
		err = db.InTx(ctx, func(tx *store.Tx) error { return insert(tx, "11") })
		if !store.IsUniqueViolation(err) {
			t.Fatalf("duplicate insert: %v, want a unique violation", err)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("regions = %d, want 1 (the rolled-back row must not land)", n)
		}
		// Migrating again is a no-op.
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

// Group commit's savepoints keep their statement journal in memory: on
// disk it cost a pwrite per page first changed in each savepoint.
func TestSQLiteKeepsTheStatementJournalInMemory(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	// Several connections at once, so more than the first one is asked.
	var conns []*sql.Conn
	for i := 0; i < 3; i++ {
		c, err := db.SQL().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	for i, c := range conns {
		var mode int
		if err := c.QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if mode != 2 {
			t.Errorf("connection %d: temp_store = %d, want 2 (MEMORY)", i, mode)
		}
	}
	for _, c := range conns {
		c.Close()
	}
}
