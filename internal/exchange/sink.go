package exchange

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"civicgrid/internal/category"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// Sink is the exchange's outbox sink (a notify.Sink): it forwards orders
// downstream and sends status events upstream, so a message that fails is
// retried with the outbox's backoff and one that the peer took is never
// lost. Give it the topics Topics.
type Sink struct{ s *Service }

// Sink returns the service's outbox sink.
func (s *Service) Sink() *Sink { return &Sink{s: s} }

// Name implements notify.Sink.
func (*Sink) Name() string { return "exchange" }

// upstreamEvent maps a step on an order that came from upstream to the
// status event the upstream hears, if any.
func upstreamEvent(p order.OutboxPayload) string {
	switch p.Action {
	case order.ActionCreate:
		return order.DownstreamAccepted
	case order.ActionDispatch, order.ActionRedispatch:
		return order.DownstreamDispatch
	case order.ActionReply:
		return order.DownstreamReplied
	case order.ActionResolve:
		return order.DownstreamResolved
	case order.ActionReturnUpstream, order.ActionCancel: // 退回上级平台, or 作废 with a reason: not ours
		return order.DownstreamReturned
	case order.ActionExtensionRequest:
		return order.DownstreamExtension
	case order.ActionCallback, order.ActionAnswer:
		if p.To == order.StatusClosed {
			return order.DownstreamClosed
		}
	}
	return ""
}

// Deliver implements notify.Sink.
func (k *Sink) Deliver(ctx context.Context, e order.OutboxEvent) error {
	if !strings.HasPrefix(e.Topic, "order.") && e.Topic != TopicForward {
		return nil
	}
	var p order.OutboxPayload
	if err := json.Unmarshal(e.Payload, &p); err != nil {
		return fmt.Errorf("exchange: outbox %d: %w", e.ID, err)
	}
	s := k.s
	if e.Topic == TopicForward { // by hand (ForwardNow): the order's own events came before the link
		return s.forward(ctx, p.OrderID)
	}
	var xid, linkID int64
	var direction, ref string
	err := s.db.QueryRowContext(ctx, `SELECT id, link_id, direction, ref FROM exchange_orders WHERE order_id = ?`, p.OrderID).
		Scan(&xid, &linkID, &direction, &ref)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if p.Action == order.ActionCreate || p.Action == order.ActionAccept {
			return s.forward(ctx, p.OrderID)
		}
		return nil
	case err != nil:
		return fmt.Errorf("exchange: outbox %d: %w", e.ID, err)
	case direction == "in":
		typ := upstreamEvent(p)
		if typ == "" {
			return nil
		}
		return s.sendEvent(ctx, e.ID, xid, linkID, ref, p, typ)
	case p.Action == order.ActionCreate || p.Action == order.ActionAccept:
		// A retry of the forward: the district answers a message it
		// already took as it did the first time.
		return s.forward(ctx, p.OrderID)
	}
	return nil
}

// forward sends order id to the downstream link whose regions cover its
// place, if any, recording the link first so its status events find it.
func (s *Service) forward(ctx context.Context, id int64) error {
	links, err := s.Links(ctx)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(links, func(l Link) bool { return l.Direction == Downstream }) {
		return nil // not a city: nothing to forward, nothing unsealed
	}
	f, err := s.orders.ForwardableByID(ctx, id)
	if err != nil {
		return err
	}
	o := f.Order
	if o.Channel == order.ChannelUpstream || o.Status == order.StatusNew || o.Status == order.StatusCancelled ||
		o.Status == order.StatusMerged {
		return nil
	}
	code := o.GridCode
	if code == "" {
		code = o.CommunityCode
	}
	var to *Link
	best := ""
	for i, l := range links {
		if l.Direction != Downstream {
			continue
		}
		if c := l.covers(code); len(c) > len(best) {
			best, to = c, &links[i]
		}
	}
	if to == nil {
		return nil
	}
	now := s.clock()
	if _, err := s.db.ExecContext(ctx, `INSERT INTO exchange_orders (link_id, direction, ref, order_id, state, category_path,
		created_at, updated_at) VALUES (?, 'out', ?, ?, 'filed', '', ?, ?) ON CONFLICT (link_id, direction, ref) DO NOTHING`,
		to.ID, o.Number, o.ID, store.Millis(now), store.Millis(now)); err != nil {
		return fmt.Errorf("exchange: forward %s: %w", o.Number, err)
	}
	path, err := category.Path(ctx, s.db, o.Category)
	if err != nil {
		return err
	}
	names := make([]string, len(path))
	for i, c := range path {
		names[i] = c.NameZh
	}
	sealed, err := SealReporter(to.key, to.Name, o.Number, Reporter{Name: f.ReporterName, Phone: f.ReporterPhone, Email: f.ReporterEmail})
	if err != nil {
		return err
	}
	reply, resolve := o.ReplyDueAt, o.ResolveDueAt
	region := o.CommunityCode
	w := WireOrder{ID: o.Number, CategoryPath: strings.Join(names, "/"), Text: o.Description, ReporterSealed: sealed,
		Confidential: o.Confidential, ReceivedAt: o.ReceivedAt, ReplyDueAt: &reply, ResolveDueAt: &resolve,
		Place: Place{RegionCode: region, GridCode: o.GridCode, Address: o.Address}}
	if o.Point != nil {
		lng, lat := o.Point.Lng, o.Point.Lat
		w.Place.Lng, w.Place.Lat = &lng, &lat
	}
	var r OrderReceipt
	if err := s.send(ctx, *to, http.MethodPost, PathOrders, OrderMessage{MessageID: "order-" + o.Number, Order: w}, &r); err != nil {
		return err
	}
	// The first answer is noted on the city's timeline; a repeated
	// forward (a retry of the outbox event) finds sent_seq set.
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE exchange_orders SET sent_seq = 1,
			remote_number = CASE WHEN ? <> '' THEN ? ELSE remote_number END
			WHERE link_id = ? AND direction = 'out' AND ref = ? AND sent_seq = 0`, r.Number, r.Number, to.ID, o.Number)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		note := "已转派下级平台 " + to.Name + " forwarded"
		if r.Status == ReceiptHeld {
			note += "（对方待对应分类 held for a category mapping）"
		} else if r.Number != "" {
			note += "，对方工单号 " + r.Number
		}
		_, err = s.orders.RecordDownstream(ctx, tx, o.ID, order.DownstreamStep{Type: order.DownstreamForwarded, At: s.clock(),
			Note: note, Link: to.Name, Data: map[string]any{"number": r.Number, "receipt": r.Status}})
		return err
	})
	if err != nil {
		return err
	}
	s.log.Info("exchange: order forwarded", "number", o.Number, "link", to.Name, "receipt", r.Status, "remote", r.Number)
	return nil
}

// sendEvent numbers the status event of outbox event outboxID (once: a
// retry finds it) and pushes it upstream.
func (s *Service) sendEvent(ctx context.Context, outboxID, xid, linkID int64, ref string, p order.OutboxPayload, typ string) error {
	l, err := s.linkByID(ctx, s.db, linkID)
	if err != nil {
		return err
	}
	var body string
	err = s.db.QueryRowContext(ctx, `SELECT body FROM exchange_events WHERE outbox_id = ?`, outboxID).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		body, err = s.numberEvent(ctx, outboxID, xid, linkID, ref, p, typ)
	}
	if err != nil {
		return err
	}
	var m EventMessage
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		return err
	}
	var r EventReceipt
	if err := s.send(ctx, l, http.MethodPost, PathEvents, m, &r); err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `UPDATE exchange_events SET sent_at = ? WHERE outbox_id = ?`, store.Millis(s.clock()), outboxID)
	return err
}

func (s *Service) numberEvent(ctx context.Context, outboxID, xid, linkID int64, ref string, p order.OutboxPayload, typ string) (string, error) {
	ev, err := s.orders.EventOf(ctx, p.OrderID, p.Seq)
	if err != nil {
		return "", err
	}
	w := WireEvent{OrderID: ref, Number: p.Number, Type: typ, At: p.At, Note: ev.Note}
	switch typ {
	case order.DownstreamReturned:
		w.Reason, w.Note = ev.Note, ""
	case order.DownstreamExtension:
		w.Reason, w.Note = ev.Note, ""
		if d, ok := ev.Data["working_days"].(float64); ok {
			w.ExtensionDays = int(d)
		}
	}
	var body string
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRowContext(ctx, `UPDATE exchange_orders SET sent_seq = sent_seq + 1 WHERE id = ? RETURNING sent_seq`,
			xid).Scan(&w.Seq); err != nil {
			return err
		}
		b, err := json.Marshal(EventMessage{MessageID: "event-" + strconv.FormatInt(outboxID, 10), Event: w})
		if err != nil {
			return err
		}
		body = string(b)
		_, err = tx.ExecContext(ctx, `INSERT INTO exchange_events (link_id, xorder_id, seq, type, body, outbox_id, at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, linkID, xid, w.Seq, typ, body, outboxID, store.Millis(s.clock()))
		return err
	})
	return body, err
}
