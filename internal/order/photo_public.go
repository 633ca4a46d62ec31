package order

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"civicgrid/internal/store"
)

// SetPhotoPublic marks a resolution photo (办结照片) of the order with
// number public — shown to the resident on the tracking page and the
// track API — or internal again. Photos the resident sent and photos of
// other steps are never public. The order's handler and the centre
// (operators, dispatchers, supervisors) may do it; anyone else gets
// ErrForbidden, out of scope ErrNotFound. The change is audited.
func (s *Service) SetPhotoPublic(ctx context.Context, a Actor, number, sha string, public bool) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		o, err := load(ctx, tx, number)
		if err != nil {
			return err
		}
		if !a.canSee(&o) {
			return notFound(number)
		}
		if !MayPublishPhotos(a, o) {
			return &TransitionError{Number: number, Action: "photo_public", Status: o.Status, Level: o.Level, Role: a.Role, forbidden: true,
				Msg: "only the handler and the centre may show a resolution photo to the resident"}
		}
		res, err := tx.ExecContext(ctx, `UPDATE order_photos SET public = ? WHERE order_id = ? AND stage = ? AND sha256 = ?`,
			public, o.ID, stageEvidence, strings.ToLower(sha))
		if err != nil {
			return fmt.Errorf("order: photo public: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return err
			}
			return invalid("photo", "no resolution photo %q on order %s", sha, number)
		}
		action := "order.photo_public"
		if !public {
			action = "order.photo_internal"
		}
		return a.audit().Record(ctx, tx, s.clockNow(), action, "order:"+number, "photo: "+sha)
	})
}

// MayPublishPhotos says whether a may show o's resolution photos to the
// resident (SetPhotoPublic): the centre and the order's handler.
func MayPublishPhotos(a Actor, o Order) bool { return a.privileged() || a.isHandler(&o) }

// PublicPhoto returns the file and type of a photo some order shows its
// resident (SetPhotoPublic), by its SHA-256; any other photo is
// ErrNotFound, so the public route serves nothing else.
func (s *Service) PublicPhoto(ctx context.Context, sha string) (path, contentType string, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT content_type FROM order_photos WHERE sha256 = ? AND stage = ? AND public = TRUE
		LIMIT 1`, strings.ToLower(sha), stageEvidence).Scan(&contentType)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", notFound("photo " + sha)
	}
	if err != nil {
		return "", "", fmt.Errorf("order: public photo: %w", err)
	}
	path, err = s.PhotoPath(sha)
	return path, contentType, err
}
