package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"civicgrid/internal/store"
)

// source is a file to archive under name.
type source struct{ path, name string }

// Create writes a backup of the store db, whose data directory is dataDir,
// to dest (mode 0600), while the service may go on writing. It refuses an
// existing dest. On PostgreSQL the database itself is left to pg_dump.
func Create(ctx context.Context, db *store.DB, dataDir, dest string, now time.Time) (Manifest, error) {
	if _, err := os.Lstat(dest); err == nil {
		return Manifest{}, fmt.Errorf("%s: %w", dest, ErrExists)
	}
	stage, err := os.MkdirTemp(filepath.Dir(dest), ".civicgrid-backup-*")
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: staging: %w", err)
	}
	defer os.RemoveAll(stage)

	m := Manifest{Format: Format, App: "civicgrid", CreatedAt: now.UTC().Truncate(time.Second), Dialect: db.Dialect().String()}
	var srcs []source
	if db.Dialect() == store.SQLite {
		cp := filepath.Join(stage, dbName)
		// VACUUM INTO reads in one transaction: a consistent copy while
		// writers continue, compacted, without the WAL.
		if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, cp); err != nil {
			return Manifest{}, fmt.Errorf("backup: copy the database: %w", err)
		}
		if m.Schema, m.Orders, err = checkSQLite(ctx, cp); err != nil {
			return Manifest{}, err
		}
		srcs = append(srcs, source{cp, dbName})
	} else if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version`).Scan(&m.Schema); err != nil {
		return Manifest{}, fmt.Errorf("backup: schema version: %w", err)
	}
	key := filepath.Join(dataDir, filepath.FromSlash(keyName))
	if st, err := os.Stat(key); err == nil && st.Mode().IsRegular() {
		srcs, m.KeyFile = append(srcs, source{key, keyName}), true
	}
	photos, err := uploads(dataDir)
	if err != nil {
		return Manifest{}, err
	}
	srcs = append(srcs, photos...)
	if err := writeArchive(dest, srcs, &m); err != nil {
		return Manifest{}, err
	}
	return m, nil
}

// HasSQLiteStore reports an error unless dataDir holds a SQLite store.
func HasSQLiteStore(dataDir string) error {
	if st, err := os.Stat(filepath.Join(dataDir, dbName)); err != nil || !st.Mode().IsRegular() {
		return fmt.Errorf("backup: no civicgrid store in %s (no %s there): %w", dataDir, dbName, ErrNoStore)
	}
	return nil
}

// checkSQLite opens a copied database read-only, checks it and returns its
// schema version and order count.
func checkSQLite(ctx context.Context, path string) (schema, orders int64, err error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return 0, 0, fmt.Errorf("backup: open the copy: %w", err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&check); err != nil || check != "ok" {
		return 0, 0, fmt.Errorf("backup: the copied database fails its check (%q): %v: %w", check, err, ErrCorrupt)
	}
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version`).Scan(&schema); err != nil {
		return 0, 0, fmt.Errorf("backup: schema version of the copy: %w", err)
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders`).Scan(&orders); err != nil {
		return 0, 0, fmt.Errorf("backup: count orders of the copy: %w", err)
	}
	return schema, orders, nil
}

// uploads lists the photos (content-addressed, never changed once written).
func uploads(dataDir string) ([]source, error) {
	root := filepath.Join(dataDir, uploadsDir)
	var out []source
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && path == root {
			return fs.SkipDir
		}
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(dataDir, path)
		if err != nil {
			return err
		}
		out = append(out, source{path, filepath.ToSlash(rel)})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("backup: list uploads: %w", err)
	}
	return out, nil
}

// writeArchive writes srcs and then the manifest (with each member's size
// and hash as written) to a temporary file renamed to dest once synced, so
// a half-written backup never carries dest's name.
func writeArchive(dest string, srcs []source, m *Manifest) (err error) {
	f, err := os.CreateTemp(filepath.Dir(dest), ".civicgrid-backup-*.part")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	zw := gzip.NewWriter(f)
	tw := tar.NewWriter(zw)
	for _, s := range srcs {
		mem, err := addFile(tw, s, m.CreatedAt)
		if err != nil {
			return err
		}
		m.Members = append(m.Members, mem)
	}
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: manifestName, Mode: 0o600, Size: int64(len(body)), ModTime: m.CreatedAt, Typeflag: tar.TypeReg}); err != nil {
		return fmt.Errorf("backup: write: %w", err)
	}
	if _, err := tw.Write(body); err != nil {
		return fmt.Errorf("backup: write: %w", err)
	}
	if err := tw.Close(); err != nil {
		return fmt.Errorf("backup: write: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("backup: write: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("backup: sync: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Lstat(dest); err == nil {
		return fmt.Errorf("%s: %w", dest, ErrExists)
	}
	return os.Rename(f.Name(), dest)
}

// addFile copies one file into tw, hashing exactly the bytes written.
func addFile(tw *tar.Writer, s source, at time.Time) (Member, error) {
	f, err := os.Open(s.path)
	if err != nil {
		return Member{}, fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Member{}, fmt.Errorf("backup: %w", err)
	}
	if err := tw.WriteHeader(&tar.Header{Name: s.name, Mode: 0o600, Size: st.Size(), ModTime: at, Typeflag: tar.TypeReg}); err != nil {
		return Member{}, fmt.Errorf("backup: write %s: %w", s.name, err)
	}
	h := sha256.New()
	if _, err := io.CopyN(io.MultiWriter(tw, h), f, st.Size()); err != nil {
		return Member{}, fmt.Errorf("backup: copy %s: %w", s.name, err)
	}
	return Member{Name: s.name, Size: st.Size(), SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}
