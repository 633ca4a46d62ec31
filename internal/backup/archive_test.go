package backup_test

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"civicgrid/internal/backup"
)

// craft writes a tar.gz of the given members in order.
func craft(t *testing.T, members ...[2]string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "crafted.tar.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	tw := tar.NewWriter(zw)
	for _, m := range members {
		if err := tw.WriteHeader(&tar.Header{Name: m[0], Mode: 0o600, Size: int64(len(m[1])), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(m[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func sum(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }

// Archives that are not what Create writes are refused before anything
// lands in the data directory, and nothing is written outside it.
func TestRestoreRefusesCraftedArchives(t *testing.T) {
	const key = "c2VjcmV0LWtleS1vZi10aGlydHktdHdvLWJ5dGVzISE=\n"
	manifest := func(name, content, hash string) string {
		return `{"format":1,"app":"civicgrid","dialect":"postgres","schema_version":1,"key_file":true,
			"members":[{"name":"` + name + `","size":` + itoaLen(content) + `,"sha256":"` + hash + `"}]}`
	}
	cases := map[string]string{
		"path escape":       craft(t, [2]string{"../escaped", "x"}, [2]string{"manifest.json", manifest("../escaped", "x", sum("x"))}),
		"absolute path":     craft(t, [2]string{"/tmp/abs", "x"}),
		"unknown member":    craft(t, [2]string{"keys/other.key", "x"}),
		"checksum mismatch": craft(t, [2]string{"keys/pii.key", key}, [2]string{"manifest.json", manifest("keys/pii.key", key, sum("other"))}),
		"no manifest":       craft(t, [2]string{"keys/pii.key", key}),
		"unlisted member":   craft(t, [2]string{"keys/pii.key", key}, [2]string{"uploads/ab/cd", "p"}, [2]string{"manifest.json", manifest("keys/pii.key", key, sum(key))}),
		"newer schema": craft(t, [2]string{"keys/pii.key", key}, [2]string{"manifest.json",
			`{"format":1,"app":"civicgrid","dialect":"postgres","schema_version":999999,"members":[{"name":"keys/pii.key","size":` + itoaLen(key) + `,"sha256":"` + sum(key) + `"}]}`}),
	}
	for name, file := range cases {
		parent := t.TempDir()
		dir := filepath.Join(parent, "data")
		_, err := backup.Restore(context.Background(), file, dir, false)
		want := backup.ErrCorrupt
		if name == "newer schema" {
			want = backup.ErrNewer
		}
		if !errors.Is(err, want) {
			t.Errorf("%s: %v, want %v", name, err, want)
		}
		if entries, _ := os.ReadDir(parent); len(entries) != 0 {
			t.Errorf("%s: left %d entries beside or in the data directory", name, len(entries))
		}
	}
	// The well-formed key-only archive (a PostgreSQL deployment's) restores.
	good := craft(t, [2]string{"keys/pii.key", key}, [2]string{"manifest.json", manifest("keys/pii.key", key, sum(key))})
	dir := filepath.Join(t.TempDir(), "data")
	if m, err := backup.Restore(context.Background(), good, dir, false); err != nil || m.Dialect != "postgres" {
		t.Fatalf("key-only archive: %+v, %v", m, err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "keys", "pii.key")); err != nil || string(b) != key {
		t.Fatalf("restored key: %q, %v", b, err)
	}
}

func itoaLen(s string) string { return strconv.Itoa(len(s)) }

func TestPGDumpCommandMasksThePassword(t *testing.T) {
	got := backup.PGDumpCommand("postgres://civic:s3cret@db.internal:5432/civicgrid?sslmode=verify-full", "/backups/cg.pgdump")
	if strings.Contains(got, "s3cret") || !strings.Contains(got, "pg_dump --format=custom") || !strings.Contains(got, "'/backups/cg.pgdump'") {
		t.Fatalf("pg_dump line: %s", got)
	}
}
