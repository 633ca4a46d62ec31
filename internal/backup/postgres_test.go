package backup_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"civicgrid/internal/backup"
	"civicgrid/internal/pii"
	"civicgrid/internal/store/storetest"
)

// On PostgreSQL the archive holds the key file and the photos (the
// database is pg_dump's) and restores them; the photos are byte-identical.
func TestBackupOnPostgresHoldsKeyAndPhotos(t *testing.T) {
	t.Setenv(pii.EnvKey, "")
	ctx := context.Background()
	db := storetest.Postgres(t)
	dir := t.TempDir()
	keys, err := pii.Load(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	photo := filepath.Join(dir, "uploads", "ab", "abcdef0123.jpg")
	if err := os.MkdirAll(filepath.Dir(photo), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(photo, []byte("\xff\xd8\xff not really a jpeg"), 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "pg.tar.gz")
	m, err := backup.Create(ctx, db, dir, file, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if m.Dialect != "postgres" || !m.KeyFile || m.Schema < 140 || len(m.Members) != 2 {
		t.Fatalf("manifest: %+v", m)
	}
	to := filepath.Join(t.TempDir(), "data")
	if _, err := backup.Restore(ctx, file, to, false); err != nil {
		t.Fatal(err)
	}
	if got, err := pii.Load(to, ""); err != nil || got.CurrentKeyID() != keys.CurrentKeyID() {
		t.Fatalf("restored key: %v", err)
	}
	want, _ := os.ReadFile(photo)
	if got, err := os.ReadFile(filepath.Join(to, "uploads", "ab", "abcdef0123.jpg")); err != nil || string(got) != string(want) {
		t.Fatalf("restored photo differs: %v", err)
	}
	if _, err := os.Stat(filepath.Join(to, "civicgrid.db")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a PostgreSQL backup restored a SQLite file: %v", err)
	}
}
