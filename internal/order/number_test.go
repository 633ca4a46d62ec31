package order_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// 8 intakes at once, 50 each: every number unique, of the day, and on a
// store where nothing failed, exactly 0001 … 0400 (PostgreSQL's sequences
// leave gaps only after a rollback).
func TestNumbersUnderConcurrentIntake(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const workers, each = 8, 50
		numbers := make([][]string, workers)
		errs := make([]error, workers)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					in := noise(fmt.Sprintf("编号 %d-%d", w, i))
					in.IdempotencyKey = fmt.Sprintf("number-%d-%d", w, i)
					o, _, err := e.svc.Create(context.Background(), operator, in)
					if err != nil {
						errs[w] = err
						return
					}
					numbers[w] = append(numbers[w], o.Number)
				}
			}()
		}
		wg.Wait()
		seen := map[string]bool{}
		for w := range workers {
			if errs[w] != nil {
				t.Fatalf("worker %d: %v", w, errs[w])
			}
			for i, n := range numbers[w] {
				if seen[n] {
					t.Fatalf("number %s handed out twice", n)
				}
				seen[n] = true
				// One worker's orders come in order: numbers rise.
				if i > 0 && n <= numbers[w][i-1] {
					t.Fatalf("worker %d got %s after %s", w, n, numbers[w][i-1])
				}
			}
		}
		for i := 1; i <= workers*each; i++ {
			if n := fmt.Sprintf("20261123%04d", i); !seen[n] {
				t.Fatalf("number %s missing from %d numbers", n, len(seen))
			}
		}
		stored := count(t, db, `SELECT COUNT(DISTINCT number) FROM orders WHERE number LIKE '20261123%'`)
		if stored != workers*each {
			t.Fatalf("%d distinct numbers stored, want %d", stored, workers*each)
		}
	})
}

// A day whose numbers an older version took from order_counters goes on
// after them on PostgreSQL too, and every day starts at 0001.
func TestNumbersContinueTheDayCounter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		mustExec(t, db, `INSERT INTO order_counters (day, seq) VALUES ('20261123', 41)`)
		first := mustCreate(t, e, operator, noise("升级后第一单"))
		second := mustCreate(t, e, operator, noise("升级后第二单"))
		if first.Number != "202611230042" || second.Number != "202611230043" {
			t.Fatalf("numbers %s, %s; want 202611230042, 202611230043", first.Number, second.Number)
		}
		e.now.Set(e.now.Now().Add(24 * time.Hour))
		next := mustCreate(t, e, operator, noise("次日第一单"))
		if next.Number != "202611240001" {
			t.Fatalf("next day's first number %s, want 202611240001", next.Number)
		}
	})
}

// On PostgreSQL a rolled-back intake may burn a number, but the next one
// is still unique and of the same day.
func TestNumberAfterRollback(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		mustCreate(t, e, operator, noise("第一单"))
		in := noise("同一个键")
		in.IdempotencyKey = "twice"
		a, _, err := e.svc.Create(context.Background(), operator, in)
		if err != nil {
			t.Fatal(err)
		}
		in.Description = "同一个键, 另一个请求"
		if _, _, err := e.svc.Create(context.Background(), operator, in); err == nil {
			t.Fatal("a different request under a used key was accepted")
		}
		c := mustCreate(t, e, operator, noise("第三单"))
		got := []string{a.Number, c.Number}
		if !sort.StringsAreSorted(got) || a.Number == c.Number || !strings.HasPrefix(c.Number, "20261123") {
			t.Fatalf("numbers %v", got)
		}
		if db.Dialect() == store.SQLite && c.Number != "202611230003" {
			t.Fatalf("SQLite gives a refused order's number back: got %s, want 202611230003", c.Number)
		}
	})
}
