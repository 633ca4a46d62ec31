package backup_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/backup"
	"civicgrid/internal/category"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// node is a SQLite civicgrid data directory with its order engine.
type node struct {
	dir  string
	db   *store.DB
	keys *pii.Keyring
	svc  *order.Service
}

func openNode(t *testing.T, dir string, seed bool) *node {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if seed {
		ordertest.SeedOrg(t, db)
		if _, err := category.Seed(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
	keys, err := pii.Load(dir, "") // DATA/keys/pii.key, created on first use
	if err != nil {
		t.Fatal(err)
	}
	svc, err := order.New(order.Config{DB: db, Locator: ordertest.BoxLocator{}, Clock: ordertest.WeekdayClock{}, Keys: keys, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return &node{dir, db, keys, svc}
}

var operator = func() order.Actor {
	u := auth.User{ID: 1, Username: "op", Role: auth.RoleOperator, NodeCode: ordertest.District}
	return order.StaffActor(u, auth.ScopeOf(u, ""), "127.0.0.1")
}()

func report(i int) order.Input {
	return order.Input{Channel: order.ChannelHotline, Category: "noise.disturb", Description: fmt.Sprintf("夜间施工噪声扰民 第%d号", i),
		Point: &order.Point{Lng: 123.05, Lat: 41.05}, Attributes: map[string]string{"source": "neighbour"},
		ReporterName: "王五", ReporterPhone: fmt.Sprintf("139%08d", i)}
}

// A backup taken while four writers file orders holds every order
// acknowledged before it began; restored into a new directory, the store
// opens and the sealed phones open with the restored key.
func TestBackupUnderWriteLoadRestores(t *testing.T) {
	t.Setenv(pii.EnvKey, "")
	ctx := context.Background()
	src := openNode(t, filepath.Join(t.TempDir(), "data"), true)

	var (
		mu    sync.Mutex
		acked = map[string]string{} // number → phone
		seq   atomic.Int64
		stop  atomic.Bool
		wg    sync.WaitGroup
		fails atomic.Int64
	)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				i := int(seq.Add(1))
				in := report(i)
				o, _, err := src.svc.Create(ctx, operator, in)
				if err != nil {
					fails.Add(1)
					t.Errorf("create %d: %v", i, err)
					return
				}
				mu.Lock()
				acked[o.Number] = in.ReporterPhone
				mu.Unlock()
			}
		}()
	}
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 200 || fails.Load() > 0 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	mu.Lock()
	before := make(map[string]string, len(acked))
	for k, v := range acked {
		before[k] = v
	}
	mu.Unlock()
	file := filepath.Join(t.TempDir(), "civicgrid.backup")
	m, err := backup.Create(ctx, src.db, src.dir, file, time.Now())
	mu.Lock()
	during := len(acked) - len(before)
	mu.Unlock()
	stop.Store(true)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("backup: %d orders acknowledged before, %d while it ran; %d in the copy", len(before), during, m.Orders)
	if !m.KeyFile || m.Dialect != "sqlite" || m.Schema < 140 || m.Orders < int64(len(before)) {
		t.Fatalf("manifest: %+v", m)
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v %v", st.Mode(), err)
	}

	dst := filepath.Join(t.TempDir(), "restored")
	if _, err := backup.Restore(ctx, file, dst, false); err != nil {
		t.Fatal(err)
	}
	got := openNode(t, dst, false)
	if got.keys.CurrentKeyID() != src.keys.CurrentKeyID() {
		t.Fatalf("restored key %s, want %s", got.keys.CurrentKeyID(), src.keys.CurrentKeyID())
	}
	for number, phone := range before {
		var sealed string
		if err := got.db.QueryRowContext(ctx, `SELECT reporter_phone FROM orders WHERE number = ?`, number).Scan(&sealed); err != nil {
			t.Fatalf("order %s acknowledged before the backup is missing: %v", number, err)
		}
		if sealed == phone {
			t.Fatalf("order %s: the phone is stored in the clear", number)
		}
		if opened, err := got.keys.Open(sealed); err != nil || opened != phone {
			t.Fatalf("order %s: sealed phone opens to %q, %v", number, opened, err)
		}
	}
	// The restored store works: an order is filed and found by phone.
	if _, _, err := got.svc.Create(ctx, operator, report(999999)); err != nil {
		t.Fatalf("create on the restored store: %v", err)
	}
	if p, err := got.svc.List(ctx, operator, order.Filter{Phone: "13900999999"}); err != nil || p.Total != 1 {
		t.Fatalf("search by phone on the restored store: %d, %v", p.Total, err)
	}
}

func TestRestoreRefusals(t *testing.T) {
	t.Setenv(pii.EnvKey, "")
	ctx := context.Background()
	src := openNode(t, filepath.Join(t.TempDir(), "data"), true)
	if _, _, err := src.svc.Create(ctx, operator, report(1)); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "b.tar.gz")
	if _, err := backup.Create(ctx, src.db, src.dir, file, time.Now()); err != nil {
		t.Fatal(err)
	}
	// Never overwrites a backup.
	if _, err := backup.Create(ctx, src.db, src.dir, file, time.Now()); !errors.Is(err, backup.ErrExists) {
		t.Fatalf("second backup to the same file: %v", err)
	}
	// A non-empty directory is left alone without --force.
	busy := t.TempDir()
	if err := os.WriteFile(filepath.Join(busy, "note.txt"), []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := backup.Restore(ctx, file, busy, false); !errors.Is(err, backup.ErrNotEmpty) {
		t.Fatalf("restore into a non-empty dir: %v", err)
	}
	if entries, _ := os.ReadDir(busy); len(entries) != 1 {
		t.Fatalf("a refused restore left %d entries", len(entries))
	}
	// With --force it restores over it, dropping a stale WAL.
	if err := os.WriteFile(filepath.Join(busy, "civicgrid.db-wal"), []byte("stale"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := backup.Restore(ctx, file, busy, true); err != nil {
		t.Fatalf("forced restore: %v", err)
	}
	if _, err := os.Stat(filepath.Join(busy, "civicgrid.db-wal")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the stale WAL survived: %v", err)
	}
	if n := openNode(t, busy, false); n.keys.CurrentKeyID() != src.keys.CurrentKeyID() {
		t.Fatal("forced restore: wrong key")
	}

	// A damaged archive changes nothing.
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad.tar.gz")
	flipped := append([]byte(nil), raw...)
	flipped[len(flipped)/2] ^= 0xff
	if err := os.WriteFile(bad, flipped, 0o600); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	if _, err := backup.Restore(ctx, bad, fresh, false); !errors.Is(err, backup.ErrCorrupt) {
		t.Fatalf("damaged archive: %v, want ErrCorrupt", err)
	}
	if _, err := os.Stat(fresh); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a refused restore left the directory behind: %v", err)
	}
}
