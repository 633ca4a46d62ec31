package exchange

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/errs"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// ErrWrongWay: a message the link's direction does not carry (a
// downstream district pushing orders, an upstream pushing status).
var ErrWrongWay = errs.New(errs.Forbidden, "exchange: not over this link")

// Verify checks a message's signature: the link exists, the signature
// matches under its secret, the timestamp is within MaxSkew, and the
// nonce was not seen before (it is recorded now). It returns the link.
func (s *Service) Verify(ctx context.Context, sig Signature) (Link, error) {
	at, err := sig.checkShape()
	if err != nil {
		return Link{}, err
	}
	l, err := s.LinkNamed(ctx, s.db, sig.Link)
	if errors.Is(err, ErrNotFound) {
		return Link{}, fmt.Errorf("%w: no link named %q here", ErrBadSignature, sig.Link)
	}
	if err != nil {
		return Link{}, err
	}
	now := s.now()
	if err := sig.verifyWith(l.secret, at, now); err != nil {
		return Link{}, err
	}
	// Nonces live twice the window: a replay inside it is always caught,
	// and one after it fails the timestamp.
	if _, err := s.db.ExecContext(ctx, `DELETE FROM exchange_nonces WHERE at < ?`, store.Millis(now.Add(-2*MaxSkew))); err != nil {
		return Link{}, fmt.Errorf("exchange: purge nonces: %w", err)
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO exchange_nonces (link_id, nonce, at) VALUES (?, ?, ?)
		ON CONFLICT (link_id, nonce) DO NOTHING`, l.ID, sig.Nonce, store.Millis(now))
	if err != nil {
		return Link{}, fmt.Errorf("exchange: nonce: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return Link{}, err
	} else if n == 0 {
		return Link{}, fmt.Errorf("%w: nonce %s was already used on link %q (a replayed message; sign each send afresh)", ErrReplayed, sig.Nonce, l.Name)
	}
	return l, nil
}

// recall returns the answer given to message id on link l, if any.
func recall(ctx context.Context, q store.Querier, linkID int64, id string, out any) (bool, error) {
	var result string
	err := q.QueryRowContext(ctx, `SELECT result FROM exchange_inbox WHERE link_id = ? AND message_id = ?`, linkID, id).Scan(&result)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("exchange: inbox: %w", err)
	}
	return true, json.Unmarshal([]byte(result), out)
}

func remember(ctx context.Context, tx *store.Tx, linkID int64, id, kind string, result any, now time.Time) error {
	b, err := json.Marshal(result)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO exchange_inbox (link_id, message_id, kind, result, at) VALUES (?, ?, ?, ?, ?)`,
		linkID, id, kind, string(b), store.Millis(now))
	return err
}

// ReceiveOrder takes an order l's upstream pushed. A message id seen
// before gets its first answer again, as does the same upstream order
// under a new message id. An order whose category path has no local
// category mapped is held (ReceiptHeld) until an admin maps it; any
// other problem is refused and nothing is stored.
func (s *Service) ReceiveOrder(ctx context.Context, l Link, m OrderMessage) (OrderReceipt, error) {
	if l.Direction != Upstream {
		return OrderReceipt{}, fmt.Errorf("%w: link %q is downstream of this instance; it sends status events, not orders", ErrWrongWay, l.Name)
	}
	if err := m.check(); err != nil {
		return OrderReceipt{}, err
	}
	var r OrderReceipt
	if found, err := recall(ctx, s.db, l.ID, m.MessageID, &r); found || err != nil {
		return r, err
	}
	if r, found, err := s.known(ctx, l, m.Order.ID); found || err != nil {
		return r, err
	}
	if _, err := s.area(l, m.Order.Place); err != nil {
		return OrderReceipt{}, err
	}
	if _, err := OpenReporter(l.key, l.Name, m.Order.ID, m.Order.ReporterSealed); err != nil {
		return OrderReceipt{}, err
	}
	code, mapped, err := s.mapped(ctx, s.db, l.ID, m.Order.CategoryPath)
	if err != nil {
		return OrderReceipt{}, err
	}
	if !mapped {
		r, err = s.hold(ctx, l, m, "unmapped category — 上级分类未对应本地分类: "+m.Order.CategoryPath)
	} else {
		r, err = s.file(ctx, l, m, code, 0)
	}
	if store.IsUniqueViolation(err) || errors.Is(err, order.ErrIdempotencyConflict) {
		// A concurrent delivery of the same order won; answer as it did.
		if r, found, err := s.known(ctx, l, m.Order.ID); found || err != nil {
			return r, err
		}
	}
	return r, err
}

// known answers for an upstream order already received.
func (s *Service) known(ctx context.Context, l Link, ref string) (OrderReceipt, bool, error) {
	var state, reason string
	var number sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT x.state, x.hold_reason, o.number FROM exchange_orders x
		LEFT JOIN orders o ON o.id = x.order_id WHERE x.link_id = ? AND x.direction = 'in' AND x.ref = ?`, l.ID, ref).
		Scan(&state, &reason, &number)
	if errors.Is(err, sql.ErrNoRows) {
		return OrderReceipt{}, false, nil
	}
	if err != nil {
		return OrderReceipt{}, false, fmt.Errorf("exchange: order %s: %w", ref, err)
	}
	if state == ReceiptHeld {
		return OrderReceipt{Status: ReceiptHeld, Reason: reason}, true, nil
	}
	return OrderReceipt{Status: ReceiptFiled, Number: number.String}, true, nil
}

// area is the region code of l that p lies under: the scope the order is
// filed in.
func (s *Service) area(l Link, p Place) (string, error) {
	code := p.RegionCode
	if p.GridCode != "" {
		code = p.GridCode
	}
	if a := l.covers(code); a != "" {
		return a, nil
	}
	return "", invalid("order.place: %s is not served over link %q (it serves %s) — 不属于本级管辖", code, l.Name, strings.Join(l.Regions, ", "))
}

func (s *Service) hold(ctx context.Context, l Link, m OrderMessage, reason string) (OrderReceipt, error) {
	body, err := json.Marshal(m)
	if err != nil {
		return OrderReceipt{}, err
	}
	r := OrderReceipt{Status: ReceiptHeld, Reason: reason}
	now := s.clock()
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO exchange_orders (link_id, direction, ref, state, category_path, hold_reason,
			message, created_at, updated_at) VALUES (?, 'in', ?, 'held', ?, ?, ?, ?, ?)`,
			l.ID, m.Order.ID, m.Order.CategoryPath, reason, string(body), store.Millis(now), store.Millis(now)); err != nil {
			return err
		}
		return remember(ctx, tx, l.ID, m.MessageID, "order", r, now)
	})
	if err != nil {
		return OrderReceipt{}, err
	}
	s.log.Warn("exchange: order held for a category mapping", "link", l.Name, "upstream_id", m.Order.ID, "path", m.Order.CategoryPath)
	return r, nil
}

// file files m as a local order of category code, with its link, in one
// transaction; heldID is its held row, 0 when it arrives now.
func (s *Service) file(ctx context.Context, l Link, m OrderMessage, code string, heldID int64) (OrderReceipt, error) {
	area, err := s.area(l, m.Order.Place)
	if err != nil {
		return OrderReceipt{}, err
	}
	rep, err := OpenReporter(l.key, l.Name, m.Order.ID, m.Order.ReporterSealed)
	if err != nil {
		return OrderReceipt{}, err
	}
	w := m.Order
	in := order.Input{Channel: order.ChannelUpstream, Category: code, Description: w.Text, Address: w.Place.Address,
		ReporterName: rep.Name, ReporterPhone: rep.Phone, ReporterEmail: rep.Email, Confidential: w.Confidential,
		ReceivedAt: w.ReceivedAt, IdempotencyKey: "x:" + l.Name + ":" + w.ID}
	if w.Place.Lng != nil {
		in.Point = &order.Point{Lng: *w.Place.Lng, Lat: *w.Place.Lat}
	}
	switch {
	case w.Place.GridCode != "":
		in.GridCode = w.Place.GridCode
	case len(w.Place.RegionCode) == 12:
		in.CommunityCode = w.Place.RegionCode
	}
	if w.ReplyDueAt != nil {
		in.ReplyDue = *w.ReplyDueAt
	}
	if w.ResolveDueAt != nil {
		in.ResolveDue = *w.ResolveDueAt
	}
	now := s.clock()
	var r OrderReceipt
	o, _, err := s.orders.CreateLinked(ctx, order.UpstreamActor(l.Name, area), in, func(ctx context.Context, tx *store.Tx, o order.Order) error {
		r = OrderReceipt{Status: ReceiptFiled, Number: o.Number}
		if heldID != 0 {
			_, err := tx.ExecContext(ctx, `UPDATE exchange_orders SET state = 'filed', order_id = ?, hold_reason = '', message = '',
				updated_at = ? WHERE id = ? AND state = 'held'`, o.ID, store.Millis(now), heldID)
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO exchange_orders (link_id, direction, ref, order_id, state, category_path,
			created_at, updated_at) VALUES (?, 'in', ?, ?, 'filed', ?, ?, ?)`,
			l.ID, w.ID, o.ID, w.CategoryPath, store.Millis(now), store.Millis(now)); err != nil {
			return err
		}
		return remember(ctx, tx, l.ID, m.MessageID, "order", r, now)
	})
	if err != nil {
		return OrderReceipt{}, fmt.Errorf("upstream order %s: %w", w.ID, err)
	}
	r.Number = o.Number
	return r, nil
}

// ReceiveEvent applies a status event l's district sent on an order this
// instance forwarded. Events are applied in their sequence: one ahead of
// its turn is held (EventHeld) and applied when the gap fills; one
// already applied is a duplicate. A message id seen before gets its first
// answer again.
func (s *Service) ReceiveEvent(ctx context.Context, l Link, m EventMessage) (EventReceipt, error) {
	if l.Direction != Downstream {
		return EventReceipt{}, fmt.Errorf("%w: link %q is upstream of this instance; it sends orders, not status events", ErrWrongWay, l.Name)
	}
	if err := m.check(); err != nil {
		return EventReceipt{}, err
	}
	var r EventReceipt
	if found, err := recall(ctx, s.db, l.ID, m.MessageID, &r); found || err != nil {
		return r, err
	}
	now := s.clock()
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var xid, orderID int64
		var applied int
		err := tx.QueryRowContext(ctx, `SELECT id, COALESCE(order_id, 0), applied_seq FROM exchange_orders
			WHERE link_id = ? AND direction = 'out' AND ref = ?`, l.ID, m.Event.OrderID).Scan(&xid, &orderID, &applied)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("order %q was not forwarded over link %q — 未向该链路转派此工单", m.Event.OrderID, l.Name)
		}
		if err != nil {
			return err
		}
		switch {
		case m.Event.Seq <= applied:
			r.Status = EventDuplicate
		case m.Event.Seq > applied+1:
			body, err := json.Marshal(m.Event)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO exchange_held_events (xorder_id, seq, body, at) VALUES (?, ?, ?, ?)
				ON CONFLICT (xorder_id, seq) DO NOTHING`, xid, m.Event.Seq, string(body), store.Millis(now)); err != nil {
				return err
			}
			r.Status = EventHeld
		default:
			if err := s.apply(ctx, tx, l, xid, orderID, m.Event); err != nil {
				return err
			}
			if err := s.drain(ctx, tx, l, xid, orderID, m.Event.Seq); err != nil {
				return err
			}
			r.Status = EventApplied
		}
		return remember(ctx, tx, l.ID, m.MessageID, "event", r, now)
	})
	if store.IsUniqueViolation(err) {
		if found, rerr := recall(ctx, s.db, l.ID, m.MessageID, &r); found || rerr != nil {
			return r, rerr
		}
	}
	return r, err
}

// apply records e on the city's copy and moves the order's applied
// sequence on.
func (s *Service) apply(ctx context.Context, tx *store.Tx, l Link, xid, orderID int64, e WireEvent) error {
	note := e.Note
	data := map[string]any{"seq": e.Seq}
	if e.Number != "" {
		data["number"] = e.Number
	}
	switch e.Type {
	case order.DownstreamReturned:
		note = strings.TrimSpace("退回（非本级事项）returned as not ours: " + e.Reason + " " + e.Note)
		data["reason"] = e.Reason
	case order.DownstreamExtension:
		note = strings.TrimSpace("申请延期 " + strconv.Itoa(e.ExtensionDays) + " 个工作日 extension requested: " + e.Reason + " " + e.Note)
		data["extension_days"] = e.ExtensionDays
	}
	if _, err := s.orders.RecordDownstream(ctx, tx, orderID, order.DownstreamStep{Type: e.Type, At: e.At, Note: note,
		Link: l.Name, Data: data}); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE exchange_orders SET applied_seq = ?, remote_number = CASE WHEN ? <> '' THEN ? ELSE remote_number END,
		updated_at = ? WHERE id = ?`, e.Seq, e.Number, e.Number, store.Millis(s.clock()), xid)
	return err
}

// drain applies the held events that follow seq, in order.
func (s *Service) drain(ctx context.Context, tx *store.Tx, l Link, xid, orderID int64, seq int) error {
	for {
		var body string
		err := tx.QueryRowContext(ctx, `SELECT body FROM exchange_held_events WHERE xorder_id = ? AND seq = ?`, xid, seq+1).Scan(&body)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		var e WireEvent
		if err := json.Unmarshal([]byte(body), &e); err != nil {
			return err
		}
		if err := s.apply(ctx, tx, l, xid, orderID, e); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM exchange_held_events WHERE xorder_id = ? AND seq = ?`, xid, seq+1); err != nil {
			return err
		}
		seq++
	}
}

// MaxPage is the most events one pull returns.
const MaxPage = 500

// EventsSince returns up to limit status events sent to l's upstream after
// cursor, oldest first: the pull side of the contract, for an upstream
// that missed pushes.
func (s *Service) EventsSince(ctx context.Context, l Link, cursor int64, limit int) (EventPage, error) {
	if l.Direction != Upstream {
		return EventPage{}, fmt.Errorf("%w: link %q is downstream of this instance; it has no status events to pull here", ErrWrongWay, l.Name)
	}
	if cursor < 0 {
		return EventPage{}, invalid("after: want 0 or a cursor from an earlier page")
	}
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, body FROM exchange_events WHERE link_id = ? AND id > ? ORDER BY id LIMIT ?`,
		l.ID, cursor, limit)
	if err != nil {
		return EventPage{}, fmt.Errorf("exchange: events: %w", err)
	}
	defer rows.Close()
	p := EventPage{Events: []PulledEvent{}, Next: cursor}
	for rows.Next() {
		var pe PulledEvent
		var body string
		if err := rows.Scan(&pe.Cursor, &body); err != nil {
			return EventPage{}, err
		}
		if err := json.Unmarshal([]byte(body), &pe.EventMessage); err != nil {
			return EventPage{}, err
		}
		p.Events = append(p.Events, pe)
		p.Next = pe.Cursor
	}
	return p, rows.Err()
}
