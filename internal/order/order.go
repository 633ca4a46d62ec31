package order

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/store"
)

// Channels an order arrives by.
const (
	ChannelHotline = "hotline" // 12345 operator
	ChannelWeb     = "web"     // resident web form
	ChannelEmail   = "email"
	ChannelPatrol  = "patrol" // grid worker's rounds (未诉先办)
	ChannelAPI     = "api"    // Open311 and integrations
	ChannelImport  = "import" // bulk import from an upstream 12345 platform
	// ChannelUpstream: pushed by an upstream platform (the city's 12345 or
	// a city-level civicgrid) over the exchange (internal/exchange).
	ChannelUpstream = "upstream"
)

var channels = []string{ChannelHotline, ChannelWeb, ChannelEmail, ChannelPatrol, ChannelAPI, ChannelImport, ChannelUpstream}

// Ratings given at the callback (回访).
type Rating string

const (
	RatingSatisfied   Rating = "satisfied"   // 满意
	RatingBasic       Rating = "basic"       // 基本满意
	RatingUnsatisfied Rating = "unsatisfied" // 不满意
)

// Point is a WGS84 location.
type Point struct {
	Lng float64
	Lat float64
}

// Order is a work order as one actor may see it: Reporter is masked or
// hidden according to the actor (see Reporter).
type Order struct {
	ID      int64
	Number  string
	Channel string
	// DemandType is the 诉求类型 (classify.Kinds); "" on orders filed before
	// it was recorded.
	DemandType string
	Status     Status
	Category   string // category code
	// CategoryVersion, Kind, Urgency and Limits were copied from the
	// category when the order was filed.
	CategoryVersion int
	Kind            string
	Urgency         string
	Limits          category.Limits
	Description     string
	Attributes      map[string]string
	Point           *Point // nil when only an address is known
	Address         string
	FacilityCode    string // the facility (部件) the order names, "" when none
	GridCode        string // "" when only the community is known
	CommunityCode   string
	StreetCode      string
	DistrictCode    string
	Reporter        Reporter
	Confidential    bool
	// NotifyResident: the reporter asked at intake to hear how the order
	// goes (SMS or e-mail, internal/notice).
	NotifyResident bool
	// Level is where the order is on the ladder: centre, grid, street or
	// department; HandlerCode the grid, street or department handling it
	// ("" at the centre). CoHandlers are the co-handling departments.
	Level        string
	HandlerCode  string
	CoHandlers   []string
	Returns      int // 退单 count
	Reworks      int // 重办 count
	Escalations  int
	Rating       Rating // of the latest callback; "" before any
	ReceivedAt   time.Time
	ReplyDueAt   time.Time
	ResolveDueAt time.Time
	DispatchedAt time.Time
	SignedAt     time.Time
	RepliedAt    time.Time
	ResolvedAt   time.Time
	CallbackAt   time.Time
	ClosedAt     time.Time
	// CallbackAttempts are the callbacks since the latest resolution that
	// did not reach the resident (未接通); CallbackRetryAt is when to try
	// again (zero: now).
	CallbackAttempts int
	CallbackRetryAt  time.Time
	Version          int
	CreatedAt        time.Time
	UpdatedAt        time.Time

	sealedName  string
	sealedPhone string
	sealedEmail string
	phoneBlind  string
	phoneLast4  string
	createdBy   int64
	requestHash string
}

// Reporter is the reporter as shown to one actor. Hidden means the actor
// may not see the reporter at all (a confidential order seen by a
// handler); otherwise Name and Phone are masked (张**, 138****5678) unless
// they came from RevealReporter.
type Reporter struct {
	Name     string
	Phone    string
	Email    string
	Hidden   bool
	Revealed bool
}

const orderColumns = `o.id, o.number, o.channel, o.status, o.category_code, o.category_version, o.kind, o.urgency,
	o.reply_minutes, o.resolve_days, o.resolve_minutes, o.description, o.attributes, o.lng, o.lat, o.address,
	o.grid_code, o.community_code, o.street_code, o.district_code, o.reporter_name, o.reporter_phone,
	o.reporter_email, o.confidential, o.handler_level, o.handler_code, o.returns, o.reworks, o.escalations, o.rating,
	o.notify_resident, o.received_at, o.reply_due_at, o.resolve_due_at, o.dispatched_at, o.signed_at, o.replied_at, o.resolved_at,
	o.callback_at, o.closed_at, COALESCE(o.created_by, 0), o.request_hash, o.version, o.created_at, o.updated_at, o.facility_code, o.demand_type,
	o.callback_attempts, o.callback_retry_at`

type scanner interface{ Scan(dest ...any) error }

func scanOrder(s scanner) (Order, error) {
	var o Order
	var replyMin, resolveMin int64
	var attrs string
	var lng, lat sql.NullFloat64
	var times [12]int64
	err := s.Scan(&o.ID, &o.Number, &o.Channel, &o.Status, &o.Category, &o.CategoryVersion, &o.Kind, &o.Urgency,
		&replyMin, &o.Limits.ResolveWorkingDays, &resolveMin, &o.Description, &attrs, &lng, &lat, &o.Address,
		&o.GridCode, &o.CommunityCode, &o.StreetCode, &o.DistrictCode, &o.sealedName, &o.sealedPhone,
		&o.sealedEmail, &o.Confidential, &o.Level, &o.HandlerCode, &o.Returns, &o.Reworks, &o.Escalations, &o.Rating,
		&o.NotifyResident, &times[0], &times[1], &times[2], &times[3], &times[4], &times[5], &times[6],
		&times[7], &times[8], &o.createdBy, &o.requestHash, &o.Version, &times[9], &times[10], &o.FacilityCode, &o.DemandType,
		&o.CallbackAttempts, &times[11])
	if err != nil {
		return Order{}, err
	}
	o.Limits.Reply = time.Duration(replyMin) * time.Minute
	o.Limits.ResolveWithin = time.Duration(resolveMin) * time.Minute
	if err := json.Unmarshal([]byte(attrs), &o.Attributes); err != nil {
		return Order{}, fmt.Errorf("order %s: stored attributes: %w", o.Number, err)
	}
	if lng.Valid && lat.Valid {
		o.Point = &Point{Lng: lng.Float64, Lat: lat.Float64}
	}
	o.ReceivedAt, o.ReplyDueAt, o.ResolveDueAt = store.Time(times[0]), store.Time(times[1]), store.Time(times[2])
	o.DispatchedAt, o.SignedAt, o.RepliedAt = store.Time(times[3]), store.Time(times[4]), store.Time(times[5])
	o.ResolvedAt, o.CallbackAt, o.ClosedAt = store.Time(times[6]), store.Time(times[7]), store.Time(times[8])
	o.CreatedAt, o.UpdatedAt = store.Time(times[9]), store.Time(times[10])
	o.CallbackRetryAt = store.Time(times[11])
	return o, nil
}

// load reads the order with number and its current co-handlers, unmasked
// (sealed fields kept), or ErrNotFound.
func load(ctx context.Context, q store.Querier, number string) (Order, error) {
	o, err := scanOrder(q.QueryRowContext(ctx, `SELECT `+orderColumns+` FROM orders o WHERE o.number = ?`, number))
	if errors.Is(err, sql.ErrNoRows) {
		return Order{}, notFound(number)
	}
	if err != nil {
		return Order{}, fmt.Errorf("order: load %s: %w", number, err)
	}
	if o.CoHandlers, err = coHandlers(ctx, q, o.ID); err != nil {
		return Order{}, err
	}
	return o, nil
}

func loadByID(ctx context.Context, q store.Querier, id int64) (Order, error) {
	var number string
	if err := q.QueryRowContext(ctx, `SELECT number FROM orders WHERE id = ?`, id).Scan(&number); err != nil {
		return Order{}, fmt.Errorf("order: load #%d: %w", id, err)
	}
	return load(ctx, q, number)
}

func coHandlers(ctx context.Context, q store.Querier, orderID int64) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT department_code FROM order_co_handlers
		WHERE order_id = ? AND removed_at = 0 ORDER BY department_code`, orderID)
	if err != nil {
		return nil, fmt.Errorf("order: co-handlers: %w", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return nil, err
		}
		out = append(out, code)
	}
	return out, rows.Err()
}
