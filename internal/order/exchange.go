package order

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/store"
)

// Hooks for the exchange between deployments (internal/exchange,
// docs/exchange.md): the actor an upstream platform files as, the order
// as it is forwarded downstream, and the district's status mirrored onto
// the city's copy.

// UpstreamActor is an upstream platform (link is the exchange link's name)
// filing orders through the channel upstream into area, a region code of
// this instance. Its orders are accepted at once and routed by the
// catalogue, like an operator's; the timeline records it as the system.
func UpstreamActor(link, area string) Actor {
	return Actor{Name: "上级平台 " + link, Role: roleSystem, Scope: auth.ScopeOf(auth.User{NodeCode: area}, ""), IP: "exchange"}
}

// Forwardable is an order as the exchange forwards it downstream, the
// reporter unsealed in memory only to be sealed again for the peer.
type Forwardable struct {
	Order         Order
	ReporterName  string
	ReporterPhone string
	ReporterEmail string
}

// ForwardableByID reads order id for forwarding.
func (s *Service) ForwardableByID(ctx context.Context, id int64) (Forwardable, error) {
	o, err := loadByID(ctx, s.db, id)
	if err != nil {
		return Forwardable{}, err
	}
	f := Forwardable{Order: o}
	if f.ReporterName, f.ReporterPhone, err = s.openReporter(&o); err != nil {
		return Forwardable{}, err
	}
	if f.ReporterEmail, err = s.keys.Open(o.sealedEmail); err != nil {
		return Forwardable{}, fmt.Errorf("order %s: reporter e-mail: %w", o.Number, err)
	}
	f.Order.Reporter = Reporter{Hidden: true}
	return f, nil
}

// EventOf reads event seq of order id (the note of a step an outbox
// payload names).
func (s *Service) EventOf(ctx context.Context, id int64, seq int) (Event, error) {
	var e Event
	var at int64
	var action, from, to, data string
	err := s.db.QueryRowContext(ctx, `SELECT seq, at, COALESCE(actor_id, 0), actor_name, actor_role, action, from_status,
		to_status, note, public, data FROM order_events WHERE order_id = ? AND seq = ?`, id, seq).
		Scan(&e.Seq, &at, &e.ActorID, &e.ActorName, &e.ActorRole, &action, &from, &to, &e.Note, &e.Public, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return Event{}, fmt.Errorf("%w: event %d of order #%d", ErrNotFound, seq, id)
	}
	if err != nil {
		return Event{}, fmt.Errorf("order: event %d of #%d: %w", seq, id, err)
	}
	e.At, e.Action, e.From, e.To = store.Time(at), Action(action), Status(from), Status(to)
	if err := json.Unmarshal([]byte(data), &e.Data); err != nil {
		return Event{}, err
	}
	return e, nil
}

// Downstream steps a district reports on an order the city forwarded.
const (
	DownstreamAccepted  = "accepted"
	DownstreamDispatch  = "dispatched"
	DownstreamReplied   = "replied"
	DownstreamResolved  = "resolved"
	DownstreamReturned  = "returned"
	DownstreamExtension = "extension_requested"
	DownstreamClosed    = "closed"
)

// DownstreamSteps lists them in lifecycle order.
func DownstreamSteps() []string {
	return []string{DownstreamAccepted, DownstreamDispatch, DownstreamReplied, DownstreamResolved, DownstreamReturned,
		DownstreamExtension, DownstreamClosed}
}

// DownstreamStep is one status event of the district, as the city's copy
// records it.
type DownstreamStep struct {
	Type string // Downstream…
	At   time.Time
	Note string // the district's note; the reason of a return
	Link string // the exchange link it came over
	Data map[string]any
}

// RecordDownstream records d on the city's copy of order id (forwarded
// downstream), in tx: a timeline event (action "downstream_"+d.Type) and
// the milestones the measures count — the reply time, the resolution,
// the closure; a return brings the order back to the centre (pending).
// Milestones already set are kept (the first reply counts).
func (s *Service) RecordDownstream(ctx context.Context, tx *store.Tx, id int64, d DownstreamStep) (Event, error) {
	o, err := loadByID(ctx, tx, id)
	if err != nil {
		return Event{}, err
	}
	from := o.Status
	at := d.At.UTC().Truncate(time.Millisecond)
	switch d.Type {
	case DownstreamAccepted, DownstreamExtension:
	case DownstreamDispatch:
		if o.Status == StatusPending || o.Status == StatusNew {
			o.Status = StatusDispatched
		}
		if o.DispatchedAt.IsZero() {
			o.DispatchedAt = at
		}
	case DownstreamReplied:
		if o.RepliedAt.IsZero() {
			o.RepliedAt = at
		}
	case DownstreamResolved:
		if o.Status.Open() || o.Status == StatusSuspended {
			o.Status, o.ResolvedAt = StatusResolved, at
		}
	case DownstreamReturned:
		if o.Status.Open() || o.Status == StatusSuspended {
			o.Status, o.Returns = StatusPending, o.Returns+1
		}
	case DownstreamClosed:
		if o.Status != StatusClosed && o.Status != StatusCancelled && o.Status != StatusMerged {
			o.Status, o.ClosedAt = StatusClosed, at
			if o.ResolvedAt.IsZero() {
				o.ResolvedAt = at
			}
		}
	default:
		return Event{}, invalid("type", "%q is not a downstream step", d.Type)
	}
	note, err := cleanNote("note", d.Note, false)
	if err != nil {
		return Event{}, err
	}
	now := s.clockNow()
	version := o.Version
	o.Version, o.UpdatedAt = version+1, now
	if err := update(ctx, tx, &o, version); err != nil {
		return Event{}, err
	}
	data := map[string]any{"link": d.Link, "at": at.Format(time.RFC3339)}
	for k, v := range d.Data {
		data[k] = v
	}
	ev := systemEvent(Action("downstream_"+d.Type), from, o.Status, note, data)
	ev.ActorName = "下级平台 " + d.Link
	ev.Public = d.Type == DownstreamReplied || d.Type == DownstreamResolved || d.Type == DownstreamClosed
	seq, err := record(ctx, tx, &o, ev, now)
	if err != nil {
		return Event{}, err
	}
	ev.Seq, ev.At = seq, now
	return ev, nil
}

// CreateLinked is Create with link run on the new order in the same
// transaction (the exchange records which upstream order it is), so the
// order and its link are stored together or not at all.
func (s *Service) CreateLinked(ctx context.Context, a Actor, in Input,
	link func(ctx context.Context, tx *store.Tx, o Order) error) (Order, bool, error) {
	return s.create(ctx, a, in, func(ctx context.Context, tx *store.Tx, o Order, _ time.Time) (Order, error) {
		return Order{}, link(ctx, tx, o)
	})
}
