package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"civicgrid/internal/store"
)

// maxManifest bounds the manifest read into memory.
const maxManifest = 64 << 20

// Restore puts the backup src into dataDir, which must be empty or absent
// unless force is set (then the archive's files replace those there).
// Every member is extracted to a staging directory inside dataDir and
// checked against the manifest (names, sizes, SHA-256, nothing missing or
// extra) and the database against SQLite's own check before anything is
// moved into place: a damaged archive changes nothing.
func Restore(ctx context.Context, src, dataDir string, force bool) (m Manifest, err error) {
	created, err := prepareDir(dataDir, force)
	if err != nil {
		return Manifest{}, err
	}
	defer func() {
		if err != nil && created {
			os.RemoveAll(dataDir)
		}
	}()
	stage, err := os.MkdirTemp(dataDir, ".restore-*")
	if err != nil {
		return Manifest{}, fmt.Errorf("backup: staging: %w", err)
	}
	defer os.RemoveAll(stage)
	got, body, err := extract(src, stage)
	if err != nil {
		return Manifest{}, err
	}
	if m, err = verify(got, body); err != nil {
		return Manifest{}, err
	}
	if m.Dialect == store.SQLite.String() {
		if _, _, err := checkSQLite(ctx, filepath.Join(stage, dbName)); err != nil {
			return Manifest{}, err
		}
	}
	for _, mem := range m.Members {
		if err := place(stage, dataDir, mem.Name); err != nil {
			return Manifest{}, err
		}
	}
	return m, nil
}

// prepareDir checks dataDir may be restored into and creates it if absent;
// created says it did.
func prepareDir(dataDir string, force bool) (created bool, err error) {
	entries, err := os.ReadDir(dataDir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dataDir, 0o700); err != nil {
			return false, fmt.Errorf("backup: create %s: %w", dataDir, err)
		}
		return true, nil
	case err != nil:
		return false, fmt.Errorf("backup: %w", err)
	case len(entries) > 0 && !force:
		return false, fmt.Errorf("%s: %w", dataDir, ErrNotEmpty)
	}
	return false, nil
}

// extract writes each member under stage, hashing it, and returns what it
// found and the manifest's bytes.
func extract(src, stage string) (map[string]Member, []byte, error) {
	f, err := os.Open(src)
	if err != nil {
		return nil, nil, fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, nil, fmt.Errorf("backup: %s: %v: %w", src, err, ErrCorrupt)
	}
	tr := tar.NewReader(zr)
	got := map[string]Member{}
	var manifest []byte
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("backup: read: %v: %w", err, ErrCorrupt)
		}
		if h.Typeflag != tar.TypeReg || !allowedName(h.Name) {
			return nil, nil, fmt.Errorf("backup: unexpected member %q: %w", h.Name, ErrCorrupt)
		}
		if _, dup := got[h.Name]; dup || (h.Name == manifestName && manifest != nil) {
			return nil, nil, fmt.Errorf("backup: member %q twice: %w", h.Name, ErrCorrupt)
		}
		if h.Name == manifestName {
			if manifest, err = io.ReadAll(io.LimitReader(tr, maxManifest)); err != nil {
				return nil, nil, fmt.Errorf("backup: read manifest: %v: %w", err, ErrCorrupt)
			}
			continue
		}
		mem, err := extractFile(tr, filepath.Join(stage, filepath.FromSlash(h.Name)), h.Name)
		if err != nil {
			return nil, nil, err
		}
		got[h.Name] = mem
	}
	// Reading to the end checks gzip's own CRC as well.
	if _, err := io.Copy(io.Discard, zr); err != nil {
		return nil, nil, fmt.Errorf("backup: read: %v: %w", err, ErrCorrupt)
	}
	if manifest == nil {
		return nil, nil, fmt.Errorf("backup: no manifest: %w", ErrCorrupt)
	}
	return got, manifest, nil
}

func extractFile(r io.Reader, path, name string) (Member, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return Member{}, fmt.Errorf("backup: %w", err)
	}
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return Member{}, fmt.Errorf("backup: %w", err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), r)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Member{}, fmt.Errorf("backup: extract %s: %v: %w", name, err, ErrCorrupt)
	}
	return Member{Name: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// allowedName admits only the members a backup has, as clean relative
// slash paths, so nothing can be written outside the data directory.
func allowedName(name string) bool {
	if !fs.ValidPath(name) || strings.ContainsAny(name, `\:`) {
		return false
	}
	return name == manifestName || name == dbName || name == keyName || strings.HasPrefix(name, uploadsDir+"/")
}

// verify parses the manifest and checks the extracted members against it.
func verify(got map[string]Member, body []byte) (Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(body, &m); err != nil {
		return Manifest{}, fmt.Errorf("backup: manifest: %v: %w", err, ErrCorrupt)
	}
	if m.App != "civicgrid" || m.Format != Format {
		return Manifest{}, fmt.Errorf("backup: format %q %d, want civicgrid %d: %w", m.App, m.Format, Format, ErrCorrupt)
	}
	d := store.SQLite
	if m.Dialect == store.Postgres.String() {
		d = store.Postgres
	} else if m.Dialect != store.SQLite.String() {
		return Manifest{}, fmt.Errorf("backup: unknown dialect %q: %w", m.Dialect, ErrCorrupt)
	}
	if latest, err := store.LatestSchema(d); err != nil {
		return Manifest{}, err
	} else if m.Schema > latest {
		return Manifest{}, fmt.Errorf("backup: schema %d, this civicgrid knows up to %d: %w", m.Schema, latest, ErrNewer)
	}
	if len(m.Members) != len(got) {
		return Manifest{}, fmt.Errorf("backup: %d members, the manifest lists %d: %w", len(got), len(m.Members), ErrCorrupt)
	}
	for _, want := range m.Members {
		if g, ok := got[want.Name]; !ok || g != want {
			return Manifest{}, fmt.Errorf("backup: %s does not match its checksum in the manifest: %w", want.Name, ErrCorrupt)
		}
	}
	hasDB := slices.ContainsFunc(m.Members, func(x Member) bool { return x.Name == dbName })
	if hasDB != (d == store.SQLite) {
		return Manifest{}, fmt.Errorf("backup: a %s backup with%s a database file: %w", m.Dialect, map[bool]string{true: "", false: "out"}[hasDB], ErrCorrupt)
	}
	return m, nil
}

// place moves a checked member from stage into dataDir. A database
// replaced under --force loses its old WAL and shared-memory files, which
// would otherwise be replayed onto the restored one.
func place(stage, dataDir, name string) error {
	to := filepath.Join(dataDir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if name == dbName {
		for _, suffix := range []string{"-wal", "-shm", "-journal"} {
			if err := os.Remove(to + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("backup: %w", err)
			}
		}
	}
	if err := os.Rename(filepath.Join(stage, filepath.FromSlash(name)), to); err != nil {
		return fmt.Errorf("backup: put %s in place: %w", name, err)
	}
	return nil
}
