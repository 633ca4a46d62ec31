package order

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"civicgrid/internal/imagemeta"
	"civicgrid/internal/store"
)

// Photo is an uploaded image as the caller received it. Its type is
// sniffed from the content, never taken from the name.
type Photo struct {
	Name string
	Body io.Reader
}

// PhotoInfo describes a stored photo of an order.
type PhotoInfo struct {
	Stage       string // "intake" (with the report) or "evidence" (with the resolution)
	SHA256      string
	ContentType string
	Size        int64
	Name        string
	EventSeq    int // the timeline event it came with
	CreatedAt   time.Time
	Public      bool // a resolution photo staff marked for the resident (SetPhotoPublic)
}

const (
	stageIntake   = "intake"
	stageEvidence = "evidence"
	maxPhotoName  = 100
)

// blob is a read and checked photo, not yet stored.
type blob struct {
	name  string
	sha   string
	ctype string
	data  []byte
}

// readPhotos reads and checks every photo before anything is written: at
// most maxPhotos, each at most maxPhoto bytes and a well-formed JPEG, PNG
// or WebP, stored without its metadata.
func (s *Service) readPhotos(field string, photos []Photo) ([]blob, error) {
	if len(photos) > s.maxPhotos {
		return nil, invalid(field, "at most %d photos, got %d", s.maxPhotos, len(photos))
	}
	out := make([]blob, 0, len(photos))
	seen := map[string]bool{}
	for i, p := range photos {
		where := fmt.Sprintf("%s[%d]", field, i)
		if p.Body == nil {
			return nil, invalid(where, "no content")
		}
		data, err := io.ReadAll(io.LimitReader(p.Body, s.maxPhoto+1))
		if err != nil {
			return nil, fmt.Errorf("order: read %s: %w", where, err)
		}
		if int64(len(data)) > s.maxPhoto {
			return nil, invalidKind(ErrPhotoTooLarge, where, "larger than %d bytes (%.0f MiB)", s.maxPhoto, float64(s.maxPhoto)/(1<<20))
		}
		ctype := sniffImage(data)
		if ctype == "" {
			return nil, invalidKind(ErrPhotoType, where, "%q is not a JPEG, PNG or WebP image", cleanPhotoName(p.Name))
		}
		// Strip EXIF/XMP/IPTC (GPS, device) and turn the pixels upright
		// before anything is hashed or stored (internal/imagemeta).
		if data, err = imagemeta.Clean(ctype, data); err != nil {
			return nil, invalidKind(ErrPhotoType, where, "%q is not a readable %s image — 图片已损坏或格式不对", cleanPhotoName(p.Name), strings.TrimPrefix(ctype, "image/"))
		}
		sum := sha256.Sum256(data)
		b := blob{name: cleanPhotoName(p.Name), sha: hex.EncodeToString(sum[:]), ctype: ctype, data: data}
		if seen[b.sha] {
			continue
		}
		seen[b.sha] = true
		out = append(out, b)
	}
	return out, nil
}

// sniffImage recognises the three formats by their magic numbers.
func sniffImage(b []byte) string {
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return "image/jpeg"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case len(b) >= 12 && bytes.Equal(b[:4], []byte("RIFF")) && bytes.Equal(b[8:12], []byte("WEBP")):
		return "image/webp"
	}
	return ""
}

func cleanPhotoName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	if name == "." || name == "/" || !utf8.ValidString(name) {
		return ""
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name)
	if rs := []rune(name); len(rs) > maxPhotoName {
		name = string(rs[:maxPhotoName])
	}
	return name
}

var shaRE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// PhotoPath is where the file of a photo with the given SHA-256 lives:
// DATA/uploads/ab/cd/<sha256>. It refuses anything but a hex digest, so a
// caller cannot be tricked into a path outside the uploads.
func (s *Service) PhotoPath(sha string) (string, error) {
	if !shaRE.MatchString(sha) {
		return "", invalid("sha256", "not a SHA-256 hex digest")
	}
	return filepath.Join(s.uploads, sha[:2], sha[2:4], sha), nil
}

// storeBlobs writes each photo once: content addressing makes a second
// write of the same bytes unnecessary, and a temporary file plus rename
// means a crash never leaves half a photo under its final name. Files are
// written before the transaction that references them; a failed
// transaction leaves an unreferenced file, never a reference without one.
func (s *Service) storeBlobs(bs []blob) error {
	for _, b := range bs {
		path, err := s.PhotoPath(b.sha)
		if err != nil {
			return err
		}
		if _, err := os.Stat(path); err == nil {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return fmt.Errorf("order: photo directory: %w", err)
		}
		if err := writeFileAtomic(path, b.data); err != nil {
			return fmt.Errorf("order: store photo: %w", err)
		}
	}
	return nil
}

func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".upload-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o640); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func insertPhotos(ctx context.Context, tx *store.Tx, orderID int64, stage string, seq int, bs []blob, now time.Time) error {
	for _, b := range bs {
		_, err := tx.ExecContext(ctx, `INSERT INTO order_photos (order_id, stage, sha256, content_type, size, name, event_seq, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id, stage, sha256) DO NOTHING`,
			orderID, stage, b.sha, b.ctype, int64(len(b.data)), b.name, seq, store.Millis(now))
		if err != nil {
			return fmt.Errorf("order: photo row: %w", err)
		}
	}
	return nil
}

// Photos lists the photos of an order the actor may see, oldest first.
func (s *Service) Photos(ctx context.Context, a Actor, number string) ([]PhotoInfo, error) {
	o, err := s.loadReadable(ctx, s.db, a, number)
	if err != nil {
		return nil, err
	}
	return photosOf(ctx, s.db, o.ID, false)
}

// photosOf lists the photos of the order with id, oldest first; only the
// public ones when onlyPublic.
func photosOf(ctx context.Context, q store.Querier, id int64, onlyPublic bool) ([]PhotoInfo, error) {
	cond := ""
	if onlyPublic {
		cond = ` AND public = TRUE AND stage = 'evidence'`
	}
	rows, err := q.QueryContext(ctx, `SELECT stage, sha256, content_type, size, name, event_seq, created_at, public
		FROM order_photos WHERE order_id = ?`+cond+` ORDER BY event_seq, sha256`, id)
	if err != nil {
		return nil, fmt.Errorf("order: photos: %w", err)
	}
	defer rows.Close()
	out := []PhotoInfo{}
	for rows.Next() {
		var p PhotoInfo
		var created int64
		if err := rows.Scan(&p.Stage, &p.SHA256, &p.ContentType, &p.Size, &p.Name, &p.EventSeq, &created, &p.Public); err != nil {
			return nil, err
		}
		p.CreatedAt = store.Time(created)
		out = append(out, p)
	}
	return out, rows.Err()
}
