package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// Concurrent writers share commits on SQLite: each caller's error must undo
// only its own work, a panic must not lose the others', and every caller
// that got nil must find its row committed.
func TestConcurrentTransactionsKeepTheirOwnOutcome(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		insert := func(tx *store.Tx, code string) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO regions (code, name, official_name, level, created_at, updated_at)
				VALUES (?, ?, ?, 'province', 1, 1)`, code, code, code)
			return err
		}
		boom := errors.New("refused")
		const n = 200
		var wg sync.WaitGroup
		results := make([]error, n)
		panics := make([]any, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				defer func() { panics[i] = recover() }()
				results[i] = db.InTx(ctx, func(tx *store.Tx) error {
					if err := insert(tx, fmt.Sprintf("%02d", i%100)+fmt.Sprint(i/100)); err != nil {
						return err
					}
					switch {
					case i%7 == 0:
						return boom // its row must vanish
					case i == 13:
						panic("member panics")
					}
					return nil
				})
			}(i)
		}
		wg.Wait()
		want := map[string]bool{}
		for i := 0; i < n; i++ {
			code := fmt.Sprintf("%02d", i%100) + fmt.Sprint(i/100)
			switch {
			case i%7 == 0:
				if !errors.Is(results[i], boom) {
					t.Errorf("caller %d: %v, want its own error", i, results[i])
				}
			case i == 13:
				if panics[i] == nil {
					t.Errorf("caller 13's panic was swallowed")
				}
			default:
				if results[i] != nil || panics[i] != nil {
					t.Errorf("caller %d: %v / %v, want success", i, results[i], panics[i])
				}
				want[code] = true
			}
		}
		rows, err := db.QueryContext(ctx, `SELECT code FROM regions`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		got := map[string]bool{}
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				t.Fatal(err)
			}
			got[c] = true
		}
		if len(got) != len(want) {
			t.Fatalf("%d rows committed, want %d", len(got), len(want))
		}
		for c := range want {
			if !got[c] {
				t.Fatalf("row %s of a successful caller is missing", c)
			}
		}
	})
}

// Autocommit writes through the DB run beside transactions from many
// goroutines: on SQLite they join the group commit (each its own member:
// a failing one, a duplicate key here, fails alone), report their own rows
// affected, and every one that succeeded is stored.
func TestAutocommitWritesJoinTheGroup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const n = 60
		var wg sync.WaitGroup
		errsDB, errsTx := make([]error, n), make([]error, n)
		affected := make([]int64, n)
		for i := 0; i < n; i++ {
			wg.Add(2)
			go func(i int) {
				defer wg.Done()
				code := fmt.Sprintf("%02d", i)
				if i == n-1 {
					code = "00" // a duplicate of caller 0's: refused, alone
				}
				res, err := db.ExecContext(ctx, `INSERT INTO regions (code, name, official_name, level, created_at, updated_at)
					VALUES (?, ?, ?, 'province', 1, 1)`, code, code, code)
				if errsDB[i] = err; err == nil {
					affected[i], errsDB[i] = res.RowsAffected()
				}
			}(i)
			go func(i int) {
				defer wg.Done()
				errsTx[i] = db.InTx(ctx, func(tx *store.Tx) error { return insertRegion(ctx, tx, fmt.Sprintf("%02dx", i)) })
			}(i)
		}
		wg.Wait()
		dup := 0
		for i := 0; i < n; i++ {
			switch {
			case store.IsUniqueViolation(errsDB[i]):
				dup++
			case errsDB[i] != nil:
				t.Errorf("write %d: %v", i, errsDB[i])
			case affected[i] != 1:
				t.Errorf("write %d: %d rows affected, want 1", i, affected[i])
			}
			if errsTx[i] != nil {
				t.Errorf("transaction %d: %v", i, errsTx[i])
			}
		}
		if dup != 1 {
			t.Fatalf("%d writes refused as duplicates, want 1", dup)
		}
		if got := countRegions(t, db); got != 2*n-1 {
			t.Fatalf("%d regions stored, want %d", got, 2*n-1)
		}
	})
}
