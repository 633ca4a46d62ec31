package property

import (
	"context"
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// Link ties an order about a compound's property management to the
// company that served the compound when the order came in.
type Link struct {
	OrderNumber string `json:"order_number"`
	CompanyID   int64  `json:"company_id"`
	CompanyName string `json:"company_name"`
	EstateID    int64  `json:"estate_id"`
	EstateName  string `json:"estate_name"`
	How         string `json:"how"` // auto, staff
}

// LinkOrder links order number, which the actor may see, to the company
// that served compound estate (in the order's community) on the day the
// order was received. A staff link replaces an automatic one.
func (s *Service) LinkOrder(ctx context.Context, a Actor, number string, estate int64) (Link, error) {
	if err := a.need(linkRoles, "link orders to their property"); err != nil {
		return Link{}, err
	}
	if s.cfg.Orders == nil {
		return Link{}, forbidden("orders are not linked on this server")
	}
	l := Link{OrderNumber: number, EstateID: estate, How: "staff"}
	now := s.now()
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		o, err := s.cfg.Orders.Lookup(ctx, tx, order.StaffActor(a.User, a.Scope, a.IP), number)
		if err != nil {
			return err
		}
		community, name, err := s.estateIn(ctx, tx, a, estate)
		if err != nil {
			return err
		}
		l.EstateName = name
		if community != o.CommunityCode {
			return invalid("compound %s is not in the order's community — 该小区不在工单所属社区", name)
		}
		company, ok, err := servingAt(ctx, tx, estate, o.ReceivedAt)
		if err != nil {
			return err
		}
		if !ok {
			return conflict("no company served %s on %s — 工单受理当天该小区没有物业服务合同", name, day(o.ReceivedAt))
		}
		l.CompanyID = company
		if err := tx.QueryRowContext(ctx, `SELECT name FROM property_companies WHERE id = ?`, company).Scan(&l.CompanyName); err != nil {
			return err
		}
		if err := upsertLink(ctx, tx, o.ID, company, estate, "staff", now); err != nil {
			return err
		}
		return a.audit().Record(ctx, tx, now, "property.order.link", "order:"+number, fmt.Sprintf("%s %s", name, l.CompanyName))
	})
	if err != nil {
		return Link{}, err
	}
	return l, nil
}

func upsertLink(ctx context.Context, q store.Querier, orderID, company, estate int64, how string, now time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO property_order_links (order_id, company_id, estate_id, how, linked_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (order_id) DO UPDATE SET company_id = excluded.company_id, estate_id = excluded.estate_id, how = excluded.how,
		linked_at = excluded.linked_at`, orderID, company, estate, how, store.Millis(now))
	return err
}

// autoWindow is how far back AutoLink looks for orders to link.
const autoWindow = 90 * 24 * time.Hour

// AutoLink links the recent orders about property management (a category
// whose code starts with "property." or whose name says 物业) to the
// company serving their compound on the day they came in. The compound is
// the one compound of their community named in their address or text, or
// else the one compound whose standard addresses (or buildings) lie in
// their grid; an order
// naming two, or in a grid shared by compounds, waits for a person. Orders
// linked by staff are left alone. It returns how many it linked.
func (s *Service) AutoLink(ctx context.Context) (int, error) {
	now := s.now()
	rows, err := s.cfg.DB.QueryContext(ctx, `SELECT o.id, o.community_code, COALESCE(o.grid_code, ''), o.address, o.description, o.received_at
		FROM orders o JOIN categories c ON c.code = o.category_code
		WHERE o.received_at >= ? AND (c.code LIKE 'property.%' OR c.name_zh LIKE '%物业%')
		AND NOT EXISTS (SELECT 1 FROM property_order_links l WHERE l.order_id = o.id)
		ORDER BY o.id`, store.Millis(now.Add(-autoWindow)))
	if err != nil {
		return 0, err
	}
	type cand struct {
		id                    int64
		community, grid, text string
		received              time.Time
	}
	var cands []cand
	for rows.Next() {
		var c cand
		var addr, desc string
		var at int64
		if err := rows.Scan(&c.id, &c.community, &c.grid, &addr, &desc, &at); err != nil {
			rows.Close()
			return 0, err
		}
		c.text, c.received = addr+" "+desc, store.Time(at)
		cands = append(cands, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	estates := map[string][]estateName{}
	linked := 0
	for _, c := range cands {
		list, ok := estates[c.community]
		if !ok {
			if list, err = estatesOf(ctx, s.cfg.DB, c.community); err != nil {
				return linked, err
			}
			estates[c.community] = list
		}
		var match []estateName
		for _, e := range list {
			if strings.Contains(c.text, e.name) {
				match = append(match, e)
			}
		}
		if len(match) == 0 && c.grid != "" {
			if match, err = estatesInGrid(ctx, s.cfg.DB, c.grid); err != nil {
				return linked, err
			}
		}
		if len(match) != 1 {
			continue // none, or ambiguous: a person links it
		}
		company, ok, err := servingAt(ctx, s.cfg.DB, match[0].id, c.received)
		if err != nil {
			return linked, err
		}
		if !ok {
			continue
		}
		// DO NOTHING: a staff link made since the read stands.
		res, err := s.cfg.DB.ExecContext(ctx, `INSERT INTO property_order_links (order_id, company_id, estate_id, how, linked_at)
			VALUES (?, ?, ?, 'auto', ?) ON CONFLICT (order_id) DO NOTHING`, c.id, company, match[0].id, store.Millis(now))
		if err != nil {
			return linked, err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			linked++
		}
	}
	return linked, nil
}

type estateName struct {
	id   int64
	name string
}

// estatesInGrid lists the compounds with standard addresses (or
// buildings) in a grid.
func estatesInGrid(ctx context.Context, q store.Querier, grid string) ([]estateName, error) {
	// By the grid's own addresses and buildings (their grid index), not
	// each compound's addresses: a compound has thousands.
	rows, err := q.QueryContext(ctx, `SELECT e.id, e.name FROM estates e WHERE e.retired_at IS NULL AND e.id IN (
		SELECT a.estate_id FROM addresses a WHERE a.grid_code = ? AND a.retired_at IS NULL
		UNION SELECT b.estate_id FROM buildings b WHERE b.grid_code = ? AND b.retired_at IS NULL)`, grid, grid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []estateName
	for rows.Next() {
		var e estateName
		if err := rows.Scan(&e.id, &e.name); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func estatesOf(ctx context.Context, q store.Querier, community string) ([]estateName, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM estates WHERE community_code = ? AND retired_at IS NULL`, community)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []estateName
	for rows.Next() {
		var e estateName
		if err := rows.Scan(&e.id, &e.name); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Run links new orders every interval until ctx ends.
func (s *Service) Run(ctx context.Context, every time.Duration, warn func(msg string, args ...any)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.AutoLink(ctx); err != nil && ctx.Err() == nil {
			warn("property links", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
