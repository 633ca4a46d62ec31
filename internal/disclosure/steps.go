package disclosure

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"civicgrid/internal/imagemeta"
	"civicgrid/internal/store"
)

// step loads n for an action a must be offered now, inside tx.
func (s *Service) step(ctx context.Context, tx *store.Tx, a Actor, id int64, version int, action string) (Notice, error) {
	n, err := load(ctx, tx, id)
	if err != nil {
		return Notice{}, err
	}
	if !MayRead(a.User.Role) || !a.Scope.CoversRegion(n.CommunityCode) {
		return Notice{}, notFound(id)
	}
	if !slices.Contains(Actions(a, n, s.now()), action) {
		if MayWrite(a.User.Role) {
			return Notice{}, fmt.Errorf("%w: notice %d cannot be %s now — 该公开当前不能进行此操作", ErrConflict, id, action)
		}
		return Notice{}, fmt.Errorf("%w: a %q user may not %s notices — 无权进行此操作", ErrForbidden, a.User.Role, action)
	}
	if version != 0 && version != n.Version {
		return Notice{}, fmt.Errorf("%w: notice %d is at version %d, not %d — 已被他人修改，请刷新", ErrStale, id, n.Version, version)
	}
	return n, nil
}

func bump(ctx context.Context, tx *store.Tx, n Notice, set string, args ...any) error {
	args = append(args, n.ID, n.Version)
	res, err := tx.ExecContext(ctx, `UPDATE disclosures SET `+set+`, version = version + 1 WHERE id = ? AND version = ?`, args...)
	if err != nil {
		return err
	}
	if k, err := res.RowsAffected(); err != nil {
		return err
	} else if k == 0 {
		return fmt.Errorf("%w: notice %d changed meanwhile — 已被他人修改，请刷新", ErrStale, n.ID)
	}
	return nil
}

// Edit changes a notice. A draft changes freely; a published notice needs
// a reason, and the text it replaces is kept as a revision the public sees.
func (s *Service) Edit(ctx context.Context, a Actor, id int64, version int, in Input, reason string) (Notice, error) {
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		n, err := s.step(ctx, tx, a, id, version, ActionEdit)
		if err != nil {
			return err
		}
		if in.Category == "" {
			in.Category = n.Category
		}
		c, err := check(in)
		if err != nil {
			return err
		}
		now := s.now()
		if n.Status == StatusPublished {
			if reason, err = cleanText("reason", "修改原因", reason, 4, 200); err != nil {
				return err
			}
			if c.title == n.Title && c.body == n.Body && c.category == n.Category {
				return invalid("nothing changed — 内容没有变化")
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO disclosure_versions (disclosure_id, revision, title, body, reason, editor, replaced_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, id, n.Revision, n.Title, n.Body, reason, a.User.DisplayName, store.Millis(now)); err != nil {
				return err
			}
		}
		revision := n.Revision
		if n.Status == StatusPublished {
			revision++
		}
		if err := bump(ctx, tx, n, `category = ?, title = ?, body = ?, archive_at = ?, revision = ?, updated_at = ?`,
			c.category, c.title, c.body, millisOrZero(in.ArchiveAt), revision, store.Millis(now)); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "disclosure.edit", target(id), reason)
	})
	if err != nil {
		return Notice{}, err
	}
	return s.Get(ctx, a, id)
}

// Publish makes a draft public at at (zero: now; later: scheduled). The
// archive time, when set, must come after it.
func (s *Service) Publish(ctx context.Context, a Actor, id int64, version int, at time.Time) (Notice, error) {
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		n, err := s.step(ctx, tx, a, id, version, ActionPublish)
		if err != nil {
			return err
		}
		now := s.now()
		if at.IsZero() || at.Before(now) {
			at = now
		}
		if !n.ArchiveAt.IsZero() && !n.ArchiveAt.After(at) {
			return invalid("the archive time %s is not after publishing — 归档时间应晚于发布时间", n.ArchiveAt.Format(time.DateOnly))
		}
		if err := bump(ctx, tx, n, `status = ?, publish_at = ?, updated_at = ?`, StatusPublished, store.Millis(at), store.Millis(now)); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "disclosure.publish", target(id), n.Title)
	})
	if err != nil {
		return Notice{}, err
	}
	return s.Get(ctx, a, id)
}

// Archive moves a published notice to the archive now.
func (s *Service) Archive(ctx context.Context, a Actor, id int64, version int) (Notice, error) {
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		n, err := s.step(ctx, tx, a, id, version, ActionArchive)
		if err != nil {
			return err
		}
		now := s.now()
		if err := bump(ctx, tx, n, `archive_at = ?, updated_at = ?`, store.Millis(now), store.Millis(now)); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "disclosure.archive", target(id), n.Title)
	})
	if err != nil {
		return Notice{}, err
	}
	return s.Get(ctx, a, id)
}

// Attachment limits.
const (
	MaxAttachment = 20 << 20
	MaxFiles      = 10
)

// Attach adds a file: a PDF or a photo (JPEG, PNG, WebP; metadata
// stripped). Anything else, an empty file or one too large is refused.
func (s *Service) Attach(ctx context.Context, a Actor, id int64, name string, data []byte) (Attachment, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 100 || strings.ContainsAny(name, "/\\\x00") {
		return Attachment{}, invalid("file name %q: give a plain name of at most 100 characters — 文件名不合适", name)
	}
	if len(data) == 0 || len(data) > MaxAttachment {
		return Attachment{}, invalid("a file of 1 byte to %d MiB — 附件须在 %d MB 以内且不能为空", MaxAttachment>>20, MaxAttachment>>20)
	}
	ct := http.DetectContentType(data)
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		ct = "application/pdf"
	case ct == "image/jpeg" || ct == "image/png" || ct == "image/webp":
		cleaned, err := imagemeta.Clean(ct, data)
		if err != nil {
			return Attachment{}, invalid("%s: the image cannot be read — 图片文件已损坏", name)
		}
		data = cleaned
	default:
		return Attachment{}, invalid("%s is %s: attach a PDF or a JPEG/PNG/WebP image — 附件只能是 PDF 或图片", name, ct)
	}
	var out Attachment
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		n, err := s.step(ctx, tx, a, id, 0, ActionAttach)
		if err != nil {
			return err
		}
		var k int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM disclosure_attachments WHERE disclosure_id = ?`, id).Scan(&k); err != nil {
			return err
		}
		if k >= MaxFiles {
			return invalid("a notice holds at most %d files — 每条公开最多 %d 个附件", MaxFiles, MaxFiles)
		}
		now := s.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO disclosure_attachments (disclosure_id, name, content_type, size, data, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, id, name, ct, len(data), data, store.Millis(now)).Scan(&out.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE disclosures SET version = version + 1, updated_at = ? WHERE id = ?`, store.Millis(now), n.ID); err != nil {
			return err
		}
		out.Name, out.ContentType, out.Size = name, ct, int64(len(data))
		return a.audit().Record(ctx, tx, now, "disclosure.attach", target(id), name)
	})
	return out, err
}

// File returns an attachment of a notice the public sees (or, with a
// staff actor, of a notice of the actor's area).
func (s *Service) File(ctx context.Context, a *Actor, id, fileID int64) (Attachment, []byte, error) {
	var err error
	if a == nil {
		_, err = s.Notice(ctx, id)
	} else {
		_, err = s.Get(ctx, *a, id)
	}
	if err != nil {
		return Attachment{}, nil, err
	}
	var x Attachment
	var data []byte
	err = s.cfg.DB.QueryRowContext(ctx, `SELECT id, name, content_type, size, data FROM disclosure_attachments WHERE id = ? AND disclosure_id = ?`,
		fileID, id).Scan(&x.ID, &x.Name, &x.ContentType, &x.Size, &data)
	if err != nil {
		return Attachment{}, nil, fmt.Errorf("%w: file %d of notice %d", ErrNotFound, fileID, id)
	}
	return x, data, nil
}
