package party

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/zone"
)

// Reception is a 党代表接待日: when and where party deputies (named in
// office, so in clear) receive residents, and the matters raised.
type Reception struct {
	ID            int64     `json:"id"`
	CommunityCode string    `json:"community_code"`
	CommunityName string    `json:"community_name"`
	StartsAt      time.Time `json:"starts_at"`
	Place         string    `json:"place,omitempty"`
	Deputies      string    `json:"deputies"`
	Matters       []Matter  `json:"matters,omitempty"`
}

// Matter is what one visitor raised; the visitor's name and phone sealed
// and shown masked.
type Matter struct {
	ID           int64     `json:"id"`
	ReceptionID  int64     `json:"reception_id"`
	VisitorName  string    `json:"visitor_name"`
	VisitorPhone string    `json:"visitor_phone"`
	Matter       string    `json:"matter"`
	OrderNumber  string    `json:"order_number,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

// ReceptionInput schedules a reception day.
type ReceptionInput struct {
	CommunityCode string    `json:"community_code"`
	StartsAt      time.Time `json:"starts_at"`
	Place         string    `json:"place"`
	Deputies      string    `json:"deputies"`
}

// ScheduleReception puts a reception day on a community's calendar.
func (s *Service) ScheduleReception(ctx context.Context, a Actor, in ReceptionInput) (Reception, error) {
	if err := a.need(keepRoles, "keep party records"); err != nil {
		return Reception{}, err
	}
	place, err := clean("place", in.Place, 2, 60, true)
	if err != nil {
		return Reception{}, err
	}
	deputies, err := clean("deputies", in.Deputies, 2, 200, true)
	if err != nil {
		return Reception{}, err
	}
	if in.StartsAt.IsZero() {
		return Reception{}, invalid("starts_at is required — 请填写接待时间")
	}
	var id int64
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		comm, err := community(ctx, tx, in.CommunityCode)
		if err != nil {
			return err
		}
		if !a.keeps(comm.Code) {
			return notFound("community", comm.Code)
		}
		now := s.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO party_receptions (community_code, starts_at, place, deputies, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, comm.Code, store.Millis(in.StartsAt), place, deputies, store.Millis(now)).Scan(&id); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "party.reception", target("reception", id), comm.Name+" "+in.StartsAt.In(zone.Shanghai()).Format(time.DateTime))
	})
	if err != nil {
		return Reception{}, err
	}
	return s.loadReception(ctx, s.cfg.DB, a, id)
}

func (s *Service) receptions(ctx context.Context, q store.Querier, where string, args ...any) ([]Reception, error) {
	rows, err := q.QueryContext(ctx, `SELECT x.id, x.community_code, COALESCE(r.name, ''), x.starts_at, x.place, x.deputies
		FROM party_receptions x LEFT JOIN regions r ON r.code = x.community_code WHERE `+where+` ORDER BY x.starts_at DESC, x.id DESC LIMIT 200`, args...)
	if err != nil {
		return nil, err
	}
	var out []Reception
	for rows.Next() {
		var x Reception
		var at int64
		if err := rows.Scan(&x.ID, &x.CommunityCode, &x.CommunityName, &at, &x.Place, &x.Deputies); err != nil {
			rows.Close()
			return nil, err
		}
		x.StartsAt = store.Time(at)
		out = append(out, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Matters, err = s.matters(ctx, q, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Service) matters(ctx context.Context, q store.Querier, receptionID int64) ([]Matter, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, visitor_name_sealed, visitor_phone_sealed, matter, COALESCE(order_number, ''), created_at
		FROM party_matters WHERE reception_id = ? ORDER BY id`, receptionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Matter
	for rows.Next() {
		m := Matter{ReceptionID: receptionID}
		var name, phone string
		var at int64
		if err := rows.Scan(&m.ID, &name, &phone, &m.Matter, &m.OrderNumber, &at); err != nil {
			return nil, err
		}
		if m.VisitorName, err = s.cfg.Keys.Open(name); err != nil {
			return nil, fmt.Errorf("party matter %d: %w", m.ID, err)
		}
		m.VisitorName = maskName(m.VisitorName)
		if phone != "" {
			if m.VisitorPhone, err = s.cfg.Keys.Open(phone); err != nil {
				return nil, fmt.Errorf("party matter %d: %w", m.ID, err)
			}
			m.VisitorPhone = pii.MaskPhone(m.VisitorPhone)
		}
		m.CreatedAt = store.Time(at)
		out = append(out, m)
	}
	return out, rows.Err()
}

func (s *Service) loadReception(ctx context.Context, q store.Querier, a Actor, id int64) (Reception, error) {
	if _, err := a.listPrefix(""); err != nil {
		return Reception{}, err
	}
	xs, err := s.receptions(ctx, q, `x.id = ?`, id)
	if err != nil {
		return Reception{}, err
	}
	if len(xs) == 0 || !a.Scope.CoversRegion(xs[0].CommunityCode) {
		return Reception{}, notFound("reception", id)
	}
	return xs[0], nil
}

// GetReception returns a reception day with its matters.
func (s *Service) GetReception(ctx context.Context, a Actor, id int64) (Reception, error) {
	return s.loadReception(ctx, s.cfg.DB, a, id)
}

// Receptions lists the reception days in a's scope (under a region of it),
// newest first.
func (s *Service) Receptions(ctx context.Context, a Actor, under string) ([]Reception, error) {
	prefix, err := a.listPrefix(under)
	if err != nil {
		return nil, err
	}
	return s.receptions(ctx, s.cfg.DB, `x.community_code LIKE ?`, prefix+"%")
}

// MatterInput is what a visitor raised.
type MatterInput struct {
	Name   string `json:"name"`
	Phone  string `json:"phone"`
	Matter string `json:"matter"`
}

// RecordMatter records a visitor and what they raised at a reception that
// has begun.
func (s *Service) RecordMatter(ctx context.Context, a Actor, receptionID int64, in MatterInput) (Reception, error) {
	name, err := clean("visitor", in.Name, 1, 40, true)
	if err != nil {
		return Reception{}, err
	}
	matter, err := clean("matter", in.Matter, 4, 2000, false)
	if err != nil {
		return Reception{}, err
	}
	phone := pii.NormalizePhone(in.Phone)
	if in.Phone != "" && !pii.ValidPhone(phone) {
		return Reception{}, invalid("phone %q is not a phone number — 联系电话格式不对", in.Phone)
	}
	sn, err := s.cfg.Keys.Seal(name)
	if err != nil {
		return Reception{}, err
	}
	sp := ""
	if phone != "" {
		if sp, err = s.cfg.Keys.Seal(phone); err != nil {
			return Reception{}, err
		}
	}
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		x, err := s.loadReception(ctx, tx, a, receptionID)
		if err != nil {
			return err
		}
		if !a.keeps(x.CommunityCode) {
			return forbidden("a %q user may not record reception matters — 无权登记接待事项", a.User.Role)
		}
		now := s.now()
		if now.Before(x.StartsAt.Add(-time.Hour)) {
			return invalid("the reception day is on %s: record what was raised once it has begun — 接待日尚未开始",
				x.StartsAt.In(zone.Shanghai()).Format(time.DateTime))
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO party_matters (reception_id, visitor_name_sealed, visitor_name_blind, visitor_phone_sealed,
			visitor_phone_blind, matter, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, x.ID, sn, s.cfg.Keys.Blind(name), sp,
			s.cfg.Keys.Blind(phone), matter, store.Millis(now)).Scan(&id); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "party.matter", target("reception", x.ID), fmt.Sprintf("matter %d", id))
	})
	if err != nil {
		return Reception{}, err
	}
	return s.loadReception(ctx, s.cfg.DB, a, receptionID)
}

// MayFileMatters reports whether the role turns a raised matter into a work
// order: the community, which files it as its own find (the patrol intake:
// accepted at once and first handled by the community).
func MayFileMatters(role string) bool {
	return order.MayFileThrough(role, order.ChannelPatrol) && MayKeep(role)
}

// FileMatter turns a raised matter into a work order of category in one
// step: the order (with the visitor as reporter) and the link are stored
// together or not at all, and a matter becomes one order only.
func (s *Service) FileMatter(ctx context.Context, a Actor, matterID int64, category, address string) (order.Order, error) {
	if s.cfg.Orders == nil {
		return order.Order{}, conflict("work orders are not served here — 未接入工单服务")
	}
	if !MayFileMatters(a.User.Role) {
		return order.Order{}, forbidden("a %q user may not file orders from a reception day; the community does — 由社区将接待事项转为工单", a.User.Role)
	}
	var recID int64
	var matter, nameBox, phoneBox, number string
	err := s.cfg.DB.QueryRowContext(ctx, `SELECT reception_id, matter, visitor_name_sealed, visitor_phone_sealed, COALESCE(order_number, '')
		FROM party_matters WHERE id = ?`, matterID).Scan(&recID, &matter, &nameBox, &phoneBox, &number)
	if err != nil {
		return order.Order{}, notFound("matter", matterID)
	}
	x, err := s.loadReception(ctx, s.cfg.DB, a, recID)
	if err != nil {
		return order.Order{}, notFound("matter", matterID)
	}
	if !a.keeps(x.CommunityCode) {
		return order.Order{}, notFound("matter", matterID)
	}
	if number != "" {
		return order.Order{}, conflict("this matter is work order %s already — 该事项已转为工单 %s", number, number)
	}
	name, err := s.cfg.Keys.Open(nameBox)
	if err != nil {
		return order.Order{}, err
	}
	phone := ""
	if phoneBox != "" {
		if phone, err = s.cfg.Keys.Open(phoneBox); err != nil {
			return order.Order{}, err
		}
	}
	if address == "" {
		address = x.CommunityName + " " + x.Place
	}
	in := order.Input{Channel: order.ChannelPatrol, Category: category, CommunityCode: x.CommunityCode, Address: address,
		Description: matter + "\n（" + x.StartsAt.In(zone.Shanghai()).Format(time.DateOnly) + " 党代表接待日反映）", ReporterName: name, ReporterPhone: phone}
	o, _, err := s.cfg.Orders.CreateLinked(ctx, a.orderActor(), in, func(ctx context.Context, tx *store.Tx, o order.Order) error {
		res, err := tx.ExecContext(ctx, `UPDATE party_matters SET order_number = ? WHERE id = ? AND order_number IS NULL`, o.Number, matterID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return conflict("this matter became a work order a moment ago — 该事项刚刚已转为工单")
		}
		return a.audit().Record(ctx, tx, s.now(), "party.file", target("reception", recID), fmt.Sprintf("matter %d → %s", matterID, o.Number))
	})
	return o, err
}
