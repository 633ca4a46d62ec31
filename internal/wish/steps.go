package wish

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"civicgrid/internal/imagemeta"
	"civicgrid/internal/store"
)

// update changes w with set if its version is still version (0: the one
// read), raising the version; where narrows it further (a status).
func update(ctx context.Context, tx *store.Tx, w Wish, version int, set string, args ...any) error {
	if version == 0 {
		version = w.Version
	}
	args = append(args, w.ID, version, w.Status)
	res, err := tx.ExecContext(ctx, `UPDATE wishes SET `+set+`, version = version + 1 WHERE id = ? AND version = ? AND status = ?`, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%w: wish %d changed since version %d — 心愿已被他人更新，请刷新", ErrStale, w.ID, version)
	}
	return nil
}

// Review approves a pending wish (it goes on the wall) or rejects it with
// a note saying why.
func (s *Service) Review(ctx context.Context, a Actor, id int64, version int, approve bool, note string) (Wish, error) {
	min, action, status := 0, ActionApprove, StatusApproved
	if !approve {
		min, action, status = 2, ActionReject, StatusRejected
	}
	note, err := clean("note", note, min, 200, false)
	if err != nil {
		return Wish{}, err
	}
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		w, err := s.load(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := a.need(w, action); err != nil {
			return err
		}
		now := s.now()
		if err := update(ctx, tx, w, version, `status = ?, review_note = ?, reviewed_at = ?, updated_at = ?`,
			status, note, store.Millis(now), store.Millis(now)); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "wish."+action, target(id), note)
	})
	if err != nil {
		return Wish{}, err
	}
	return s.read(ctx, s.cfg.DB, id, false)
}

// ClaimInput is who claims a wish: a party member, a volunteer or a unit
// (with its name), and a contact person. A registered party member claims
// as themselves with MemberID (Kind member, no name or phone typed: the
// register gives them), and their hours are credited on fulfilment.
type ClaimInput struct {
	Kind     string
	Unit     string
	Name     string
	Phone    string
	MemberID int64
}

// Claim takes an approved wish for the claimant. A wish is claimed once:
// the status moves from approved in one conditional UPDATE, so of two
// claims at the same time one wins and the other gets ErrClaimed.
func (s *Service) Claim(ctx context.Context, a Actor, id int64, in ClaimInput) (Wish, error) {
	kind := ""
	for _, k := range ClaimantKinds {
		if in.Kind == k.Code || in.Kind == k.Zh {
			kind = k.Code
		}
	}
	if kind == "" {
		return Wish{}, invalid("kind %q: a wish is claimed by a member (党员), a volunteer (志愿者) or a unit (爱心单位) — 请选择认领人身份", in.Kind)
	}
	unit := ""
	if kind == ClaimantUnit {
		var err error
		if unit, err = clean("unit", in.Unit, 2, 60, true); err != nil {
			return Wish{}, err
		}
	}
	var who sealed
	switch {
	case in.MemberID != 0 && kind != ClaimantMember:
		return Wish{}, invalid("a member reference goes with kind member (党员) — 党员编号只用于党员认领")
	case in.MemberID != 0 && s.cfg.Members == nil:
		return Wish{}, invalid("no party-member register here: claim with a name and phone — 未接入党员名册，请填写姓名和电话")
	case in.MemberID != 0 && a.resident():
		return Wish{}, invalid("a member claims as themselves through the community — 党员认领请由社区登记")
	case in.MemberID == 0:
		var err error
		if who, err = s.seal(in.Name, in.Phone, true); err != nil {
			return Wish{}, err
		}
	}
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		w, err := s.load(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := a.need(w, ActionClaim); err != nil {
			return err
		}
		if in.MemberID != 0 {
			name, phone, err := s.cfg.Members.WishClaimant(ctx, tx, in.MemberID, w.CommunityCode)
			if err != nil {
				return err
			}
			if who, err = s.seal(name, phone, false); err != nil {
				return err
			}
		}
		now := s.now()
		res, err := tx.ExecContext(ctx, `UPDATE wishes SET status = ?, claimant_kind = ?, claimant_name_sealed = ?, claimant_phone_sealed = ?,
			claimant_unit = ?, claimant_member_id = ?, claimed_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND status = ?`,
			StatusClaimed, kind, who.name, who.phone, unit, nullID(in.MemberID), store.Millis(now), store.Millis(now), id, StatusApproved)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return ErrClaimed
		}
		return a.audit().Record(ctx, tx, now, "wish.claim", target(id), kind+" "+unit)
	})
	if err != nil {
		if errors.Is(err, ErrClaimed) {
			return Wish{}, fmt.Errorf("%w: wish %d was claimed by someone else first — 该心愿已被认领，请选择其他心愿", ErrClaimed, id)
		}
		return Wish{}, err
	}
	return s.read(ctx, s.cfg.DB, id, false)
}

// MaxPhoto bounds a fulfilment photo.
const MaxPhoto = 10 << 20

// Fulfil records that a claimed wish came true, with a photo (JPEG, PNG or
// WebP; its metadata — place, time, camera — stripped before it is kept)
// and a note for the wall.
func (s *Service) Fulfil(ctx context.Context, a Actor, id int64, version int, note string, photo []byte) (Wish, error) {
	note, err := clean("note", note, 4, 300, false)
	if err != nil {
		return Wish{}, err
	}
	if len(photo) == 0 {
		return Wish{}, fmt.Errorf("%w: a fulfilment needs a photo — 请上传心愿实现的照片", ErrPhoto)
	}
	if len(photo) > MaxPhoto {
		return Wish{}, fmt.Errorf("%w: larger than %d MiB — 照片不能超过 %d MB", ErrPhoto, MaxPhoto>>20, MaxPhoto>>20)
	}
	ct := http.DetectContentType(photo)
	if ct != "image/jpeg" && ct != "image/png" && ct != "image/webp" {
		return Wish{}, fmt.Errorf("%w: %s is not a JPEG, PNG or WebP photo — 照片须为 JPG、PNG 或 WebP 格式", ErrPhoto, ct)
	}
	cleaned, err := imagemeta.Clean(ct, photo)
	if err != nil {
		return Wish{}, fmt.Errorf("%w: %v — 照片文件已损坏，无法读取", ErrPhoto, err)
	}
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		w, err := s.load(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := a.need(w, ActionFulfil); err != nil {
			return err
		}
		now := s.now()
		if err := update(ctx, tx, w, version, `status = ?, fulfil_note = ?, fulfilled_at = ?, updated_at = ?`,
			StatusFulfilled, note, store.Millis(now), store.Millis(now)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO wish_photos (wish_id, content_type, data, created_at) VALUES (?, ?, ?, ?)`,
			id, ct, cleaned, store.Millis(now)); err != nil {
			return err
		}
		if w.ClaimantMemberID != 0 && s.cfg.Members != nil {
			if err := s.cfg.Members.CreditWish(ctx, tx, w.ClaimantMemberID, id, w.CommunityCode, now); err != nil {
				return err
			}
		}
		return a.audit().Record(ctx, tx, now, "wish.fulfil", target(id), note)
	})
	if err != nil {
		return Wish{}, err
	}
	return s.read(ctx, s.cfg.DB, id, false)
}

// Photo returns the fulfilment photo of a wish on the wall.
func (s *Service) Photo(ctx context.Context, id int64) (contentType string, data []byte, err error) {
	if _, err := s.load(ctx, s.cfg.DB, Actor{}, id); err != nil {
		return "", nil, err
	}
	err = s.cfg.DB.QueryRowContext(ctx, `SELECT content_type, data FROM wish_photos WHERE wish_id = ?`, id).Scan(&contentType, &data)
	if err != nil {
		return "", nil, notFound(id)
	}
	return contentType, data, nil
}

// Reveal returns the wish with the wisher's and the claimant's names and
// phones in clear, for a stated purpose, audited.
func (s *Service) Reveal(ctx context.Context, a Actor, id int64, purpose string) (Wish, error) {
	purpose, err := clean("purpose", purpose, 4, 200, true)
	if err != nil {
		return Wish{}, err
	}
	var out Wish
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		w, err := s.load(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := a.need(w, ActionReveal); err != nil {
			return err
		}
		if out, err = s.read(ctx, tx, id, true); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, s.now(), "wish.reveal", target(id), purpose)
	})
	return out, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
