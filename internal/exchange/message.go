package exchange

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"civicgrid/internal/order"
)

// Paths of the exchange, relative to a peer's base URL.
const (
	PathOrders = "/exchange/v1/orders"
	PathEvents = "/exchange/v1/events"
)

// MaxBody bounds a message.
const MaxBody = 1 << 20

// OrderMessage is an order an upstream pushes downstream.
type OrderMessage struct {
	MessageID string    `json:"message_id"`
	Order     WireOrder `json:"order"`
}

// WireOrder is the order as the upstream sends it.
type WireOrder struct {
	ID             string     `json:"id"` // the upstream's own id
	CategoryPath   string     `json:"category_path"`
	Text           string     `json:"text"`
	Place          Place      `json:"place"`
	ReporterSealed string     `json:"reporter_sealed,omitempty"`
	Confidential   bool       `json:"confidential,omitempty"`
	ReceivedAt     time.Time  `json:"received_at"`
	ReplyDueAt     *time.Time `json:"reply_due_at,omitempty"`
	ResolveDueAt   *time.Time `json:"resolve_due_at,omitempty"`
}

// Place is where the matter is: a region code (community or finer, or a
// street or district when nothing finer is known), an address and,
// optionally, a WGS84 point.
type Place struct {
	RegionCode string   `json:"region_code"`
	GridCode   string   `json:"grid_code,omitempty"`
	Address    string   `json:"address,omitempty"`
	Lng        *float64 `json:"lng,omitempty"`
	Lat        *float64 `json:"lat,omitempty"`
}

// OrderReceipt is the answer to an OrderMessage.
type OrderReceipt struct {
	Status string `json:"status"`           // filed or held
	Number string `json:"number,omitempty"` // the district's order number, once filed
	Reason string `json:"reason,omitempty"` // why it is held
}

// Receipt statuses.
const (
	ReceiptFiled = "filed"
	ReceiptHeld  = "held"
)

// EventMessage is a status event a district sends upstream.
type EventMessage struct {
	MessageID string    `json:"message_id"`
	Event     WireEvent `json:"event"`
}

// WireEvent is one status step of an exchanged order.
type WireEvent struct {
	OrderID       string    `json:"order_id"`         // the upstream's id
	Number        string    `json:"number,omitempty"` // the district's order number
	Seq           int       `json:"seq"`              // 1, 2, … per order
	Type          string    `json:"type"`             // order.Downstream…
	At            time.Time `json:"at"`
	Note          string    `json:"note,omitempty"`
	Reason        string    `json:"reason,omitempty"`         // returned, extension_requested
	ExtensionDays int       `json:"extension_days,omitempty"` // extension_requested
}

// EventReceipt is the answer to an EventMessage.
type EventReceipt struct {
	Status string `json:"status"` // applied, held (ahead of its turn) or duplicate
}

// Event receipt statuses.
const (
	EventApplied   = "applied"
	EventHeld      = "held"
	EventDuplicate = "duplicate"
)

// EventPage is the answer to a pull: the events after the cursor, oldest
// first, and the cursor to ask from next.
type EventPage struct {
	Events []PulledEvent `json:"events"`
	Next   int64         `json:"next"`
}

// PulledEvent is one event of a pull.
type PulledEvent struct {
	Cursor int64 `json:"cursor"`
	EventMessage
}

func checkMessageID(id string) error {
	if id == "" || len(id) > 128 || strings.IndexFunc(id, func(r rune) bool { return r < 0x21 || r > 0x7e }) >= 0 {
		return invalid("message_id: want 1 to 128 printable ASCII characters")
	}
	return nil
}

func (m OrderMessage) check() error {
	if err := checkMessageID(m.MessageID); err != nil {
		return err
	}
	o := m.Order
	switch {
	case o.ID == "" || len(o.ID) > 60 || strings.IndexFunc(o.ID, func(r rune) bool { return r < 0x21 || r > 0x7e }) >= 0:
		return invalid("order.id: want 1 to 60 printable ASCII characters")
	case strings.TrimSpace(o.CategoryPath) == "" || utf8.RuneCountInString(o.CategoryPath) > 200:
		return invalid("order.category_path: want 1 to 200 characters")
	case strings.TrimSpace(o.Text) == "":
		return invalid("order.text: must not be empty")
	case o.Place.RegionCode == "" || strings.Trim(o.Place.RegionCode, "0123456789") != "":
		return invalid("order.place.region_code: want the digits of a region code")
	case (o.Place.Lng == nil) != (o.Place.Lat == nil):
		return invalid("order.place: give both lng and lat, or neither")
	case o.ReceivedAt.IsZero():
		return invalid("order.received_at: required (RFC 3339)")
	}
	return nil
}

func (m EventMessage) check() error {
	if err := checkMessageID(m.MessageID); err != nil {
		return err
	}
	e := m.Event
	switch {
	case e.OrderID == "":
		return invalid("event.order_id: required")
	case e.Seq < 1:
		return invalid("event.seq: want 1 or more")
	case !slices.Contains(order.DownstreamSteps(), e.Type):
		return invalid("event.type: %q is not one of %s", e.Type, strings.Join(order.DownstreamSteps(), ", "))
	case e.At.IsZero():
		return invalid("event.at: required (RFC 3339)")
	case e.Type == order.DownstreamReturned && strings.TrimSpace(e.Reason) == "":
		return invalid("event.reason: a return says why the order is not ours")
	}
	return nil
}
