package care

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"civicgrid/internal/imagemeta"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// VisitInput is one visit as a grid worker records it on the phone.
// Lat/Lng is the phone's position (both zero: none); Photo, optional, is
// stripped of EXIF before it is sealed. With Order set, an order is filed
// from the visit in the same step, through the patrol intake.
type VisitInput struct {
	MemberID  int64
	VisitedAt time.Time // zero: now
	Findings  string
	Lat, Lng  float64
	Photo     []byte
	Order     *VisitOrder
}

// VisitOrder is the order a visit files: category and what to do.
type VisitOrder struct {
	Category    string
	Description string
	// Key makes a resent form file one order (order.Input.IdempotencyKey).
	Key string
}

// Visit is a recorded visit as a name-seeing caller gets it.
type Visit struct {
	ID          int64
	MemberID    int64
	GroupCode   string
	GridCode    string
	VisitorID   int64
	VisitorName string
	VisitedAt   time.Time
	Findings    string
	Lat, Lng    float64
	HasPhoto    bool
	OrderNumber string
}

// visitDetail is what a visit keeps sealed.
type visitDetail struct {
	Findings string  `json:"f"`
	Lat      float64 `json:"lat,omitempty"`
	Lng      float64 `json:"lng,omitempty"`
}

// Bounds of a visit.
const (
	maxFindings = 2000
	maxPhoto    = 8 << 20
	backdate    = 7 * day // a visit is recorded within a week
)

func checkVisit(in VisitInput, now time.Time) (VisitInput, error) {
	in.Findings = strings.TrimSpace(in.Findings)
	if n := utf8.RuneCountInString(in.Findings); n < 2 || n > maxFindings {
		return in, invalid("请填写走访情况（2至%d字） (findings: 2 to %d characters)", maxFindings, maxFindings)
	}
	if in.VisitedAt.IsZero() {
		in.VisitedAt = now
	}
	if in.VisitedAt.After(now.Add(5*time.Minute)) || in.VisitedAt.Before(now.Add(-backdate)) {
		return in, invalid("走访时间应在近7天内且不晚于现在 (the visit time: within the last 7 days)")
	}
	if (in.Lat != 0 || in.Lng != 0) && (math.Abs(in.Lat) > 90 || math.Abs(in.Lng) > 180 || math.IsNaN(in.Lat) || math.IsNaN(in.Lng)) {
		return in, invalid("定位无效 (the position is not a valid point)")
	}
	if len(in.Photo) > maxPhoto {
		return in, invalid("照片不能超过8MB (the photo is larger than 8 MiB)")
	}
	if in.Order != nil {
		in.Order.Description = strings.TrimSpace(in.Order.Description)
		if in.Order.Category == "" || in.Order.Description == "" {
			return in, invalid("上报工单需选择类别并描述问题 (an order needs a category and a description)")
		}
	}
	return in, nil
}

// photoType recognises the three image formats the photo may be in.
func photoType(b []byte) string {
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

// RecordVisit records a visit to a member by a keeper in scope and, when
// asked, files an order from it first (so a refused order writes no
// visit). The member's next due date moves on from the visit.
func (s *Service) RecordVisit(ctx context.Context, a Actor, in VisitInput) (Visit, error) {
	if !MayKeep(a.User.Role) {
		return Visit{}, forbidden("only community and grid staff record visits")
	}
	now := s.now()
	in, err := checkVisit(in, now)
	if err != nil {
		return Visit{}, err
	}
	m, err := s.Member(ctx, a, in.MemberID)
	if err != nil {
		return Visit{}, err
	}
	if m.Ended {
		return Visit{}, invalid("该对象已移出关爱群体 (the member has left the group)")
	}
	var ctype string
	var photo []byte
	if len(in.Photo) > 0 {
		if ctype = photoType(in.Photo); ctype == "" {
			return Visit{}, invalid("照片应为JPEG、PNG或WebP (the photo is not a JPEG, PNG or WebP image)")
		}
		if photo, err = imagemeta.Clean(ctype, in.Photo); err != nil {
			return Visit{}, invalid("照片已损坏 (the photo cannot be read)")
		}
	}
	raw, _ := json.Marshal(visitDetail{Findings: in.Findings, Lat: in.Lat, Lng: in.Lng})
	detail, err := s.Keys.Seal(string(raw))
	if err != nil {
		return Visit{}, err
	}
	var photoSealed string
	if photo != nil {
		if photoSealed, err = s.Keys.Seal(base64.StdEncoding.EncodeToString(photo)); err != nil {
			return Visit{}, err
		}
	}
	number := ""
	if in.Order != nil {
		if number, err = s.fileOrder(ctx, a, m, in); err != nil {
			return Visit{}, err
		}
	}
	var id int64
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO care_visits (member_id, group_code, grid_code, visitor_id, visited_at, detail_sealed,
			order_number, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			m.ID, m.GroupCode, m.GridCode, a.User.ID, store.Millis(in.VisitedAt), detail, number, store.Millis(now)).Scan(&id)
		if err != nil {
			return err
		}
		if photoSealed != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO care_visit_photos (visit_id, content_type, photo_sealed) VALUES (?, ?, ?)`,
				id, ctype, photoSealed); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE care_members SET last_visit_at = ?, version = version + 1
			WHERE id = ? AND last_visit_at < ?`, store.Millis(in.VisitedAt), m.ID, store.Millis(in.VisitedAt)); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "care.visit", fmt.Sprintf("care_member:%d", m.ID), number)
	})
	if err != nil {
		return Visit{}, err
	}
	return Visit{ID: id, MemberID: m.ID, GroupCode: m.GroupCode, GridCode: m.GridCode, VisitorID: a.User.ID,
		VisitorName: a.User.DisplayName, VisitedAt: in.VisitedAt, Findings: in.Findings, Lat: in.Lat, Lng: in.Lng,
		HasPhoto: photo != nil, OrderNumber: number}, nil
}

// fileOrder files the visit's order through the patrol intake, at the
// phone's position or else the member's grid and house.
func (s *Service) fileOrder(ctx context.Context, a Actor, m Member, in VisitInput) (string, error) {
	if s.Orders == nil {
		return "", errors.New("care: no order service to file from a visit")
	}
	oi := order.Input{Channel: order.ChannelPatrol, Category: in.Order.Category, Description: in.Order.Description,
		IdempotencyKey: in.Order.Key}
	if in.Lat != 0 || in.Lng != 0 {
		oi.Point = &order.Point{Lng: in.Lng, Lat: in.Lat}
	} else {
		oi.GridCode, oi.Address = m.GridCode, m.HouseText
	}
	o, _, err := s.Orders.Create(ctx, order.StaffActor(a.User, a.Scope, a.IP), oi)
	if err != nil {
		return "", err
	}
	return o.Number, nil
}

const visitColumns = `v.id, v.member_id, v.group_code, v.grid_code, v.visitor_id, COALESCE(NULLIF(u.display_name, ''), u.username),
	v.visited_at, v.detail_sealed, v.order_number, (SELECT COUNT(*) FROM care_visit_photos p WHERE p.visit_id = v.id)`

const visitFrom = ` FROM care_visits v JOIN users u ON u.id = v.visitor_id`

func (s *Service) scanVisits(rows interface {
	Next() bool
	Scan(...any) error
	Close() error
	Err() error
}) ([]Visit, error) {
	defer rows.Close()
	var out []Visit
	for rows.Next() {
		var v Visit
		var at int64
		var sealed string
		var photos int
		if err := rows.Scan(&v.ID, &v.MemberID, &v.GroupCode, &v.GridCode, &v.VisitorID, &v.VisitorName, &at, &sealed,
			&v.OrderNumber, &photos); err != nil {
			return nil, err
		}
		v.VisitedAt, v.HasPhoto = store.Time(at), photos > 0
		plain, err := s.Keys.Open(sealed)
		if err != nil {
			return nil, fmt.Errorf("care visit %d: %w", v.ID, err)
		}
		var d visitDetail
		if err := json.Unmarshal([]byte(plain), &d); err != nil {
			return nil, fmt.Errorf("care visit %d: %w", v.ID, err)
		}
		v.Findings, v.Lat, v.Lng = d.Findings, d.Lat, d.Lng
		out = append(out, v)
	}
	return out, rows.Err()
}

// Visits lists a member's visits, newest first (NotFound unless the
// actor sees the member by name).
func (s *Service) Visits(ctx context.Context, a Actor, memberID int64) ([]Visit, error) {
	if _, err := s.Member(ctx, a, memberID); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+visitColumns+visitFrom+` WHERE v.member_id = ? ORDER BY v.visited_at DESC, v.id DESC LIMIT 200`, memberID)
	if err != nil {
		return nil, err
	}
	return s.scanVisits(rows)
}

// VisitPhoto returns a visit's photo and its content type to an actor
// who sees the member by name.
func (s *Service) VisitPhoto(ctx context.Context, a Actor, visitID int64) ([]byte, string, error) {
	var member int64
	var ctype, sealed string
	err := s.DB.QueryRowContext(ctx, `SELECT v.member_id, p.content_type, p.photo_sealed FROM care_visits v
		JOIN care_visit_photos p ON p.visit_id = v.id WHERE v.id = ?`, visitID).Scan(&member, &ctype, &sealed)
	if store.IsNoRows(err) {
		return nil, "", notFound("visit photo %d", visitID)
	}
	if err != nil {
		return nil, "", err
	}
	if _, err := s.Member(ctx, a, member); err != nil {
		return nil, "", notFound("visit photo %d", visitID)
	}
	plain, err := s.Keys.Open(sealed)
	if err != nil {
		return nil, "", err
	}
	data, err := base64.StdEncoding.DecodeString(plain)
	return data, ctype, err
}
