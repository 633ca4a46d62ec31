package api

import (
	"time"

	"civicgrid/internal/order"
)

// Times in the order API are shown in China Standard Time (+08:00), the
// clock every deadline is defined on; zero times are omitted.
func cst(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	l := t.In(shanghai)
	return &l
}

type reporterJSON struct {
	Name     string `json:"name,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Hidden   bool   `json:"hidden,omitempty"`
	Revealed bool   `json:"revealed,omitempty"`
}

type orderJSON struct {
	Number        string            `json:"number"`
	Channel       string            `json:"channel"`
	DemandType    string            `json:"demand_type"`
	Status        order.Status      `json:"status"`
	Category      string            `json:"category"`
	Kind          string            `json:"kind"`
	Urgency       string            `json:"urgency"`
	Description   string            `json:"description"`
	Attributes    map[string]string `json:"attributes"`
	Lng           *float64          `json:"lng,omitempty"`
	Lat           *float64          `json:"lat,omitempty"`
	Address       string            `json:"address,omitempty"`
	FacilityCode  string            `json:"facility_code,omitempty"`
	GridCode      string            `json:"grid_code,omitempty"`
	CommunityCode string            `json:"community_code"`
	StreetCode    string            `json:"street_code"`
	DistrictCode  string            `json:"district_code"`
	Reporter      reporterJSON      `json:"reporter"`
	Confidential  bool              `json:"confidential"`
	Level         string            `json:"level"`
	HandlerCode   string            `json:"handler_code,omitempty"`
	CoHandlers    []string          `json:"co_handlers"`
	Returns       int               `json:"returns"`
	Reworks       int               `json:"reworks"`
	Escalations   int               `json:"escalations"`
	Rating        order.Rating      `json:"rating,omitempty"`
	ReceivedAt    *time.Time        `json:"received_at,omitempty"`
	ReplyDueAt    *time.Time        `json:"reply_due_at,omitempty"`
	ResolveDueAt  *time.Time        `json:"resolve_due_at,omitempty"`
	DispatchedAt  *time.Time        `json:"dispatched_at,omitempty"`
	SignedAt      *time.Time        `json:"signed_at,omitempty"`
	RepliedAt     *time.Time        `json:"replied_at,omitempty"`
	ResolvedAt    *time.Time        `json:"resolved_at,omitempty"`
	CallbackAt    *time.Time        `json:"callback_at,omitempty"`
	// Unanswered callbacks since the latest resolution, and the retry time.
	CallbackAttempts int        `json:"callback_attempts,omitempty"`
	CallbackRetryAt  *time.Time `json:"callback_retry_at,omitempty"`
	ClosedAt         *time.Time `json:"closed_at,omitempty"`
	Version          int        `json:"version"`
}

func toOrderJSON(o order.Order) orderJSON {
	j := orderJSON{
		Number: o.Number, Channel: o.Channel, DemandType: o.DemandType, Status: o.Status, Category: o.Category, Kind: o.Kind,
		Urgency: o.Urgency, Description: o.Description, Attributes: o.Attributes, Address: o.Address, FacilityCode: o.FacilityCode,
		GridCode: o.GridCode, CommunityCode: o.CommunityCode, StreetCode: o.StreetCode, DistrictCode: o.DistrictCode,
		Reporter:     reporterJSON{Name: o.Reporter.Name, Phone: o.Reporter.Phone, Hidden: o.Reporter.Hidden, Revealed: o.Reporter.Revealed},
		Confidential: o.Confidential, Level: o.Level, HandlerCode: o.HandlerCode, CoHandlers: o.CoHandlers,
		Returns: o.Returns, Reworks: o.Reworks, Escalations: o.Escalations, Rating: o.Rating,
		ReceivedAt: cst(o.ReceivedAt), ReplyDueAt: cst(o.ReplyDueAt), ResolveDueAt: cst(o.ResolveDueAt),
		DispatchedAt: cst(o.DispatchedAt), SignedAt: cst(o.SignedAt), RepliedAt: cst(o.RepliedAt),
		ResolvedAt: cst(o.ResolvedAt), CallbackAt: cst(o.CallbackAt), CallbackAttempts: o.CallbackAttempts, CallbackRetryAt: cst(o.CallbackRetryAt), ClosedAt: cst(o.ClosedAt), Version: o.Version,
	}
	if o.Point != nil {
		lng, lat := o.Point.Lng, o.Point.Lat
		j.Lng, j.Lat = &lng, &lat
	}
	if j.CoHandlers == nil {
		j.CoHandlers = []string{}
	}
	return j
}

type eventJSON struct {
	Seq       int            `json:"seq"`
	At        *time.Time     `json:"at"`
	ActorName string         `json:"actor_name"`
	ActorRole string         `json:"actor_role"`
	Action    order.Action   `json:"action"`
	From      order.Status   `json:"from,omitempty"`
	To        order.Status   `json:"to"`
	Note      string         `json:"note,omitempty"`
	Public    bool           `json:"public"`
	Data      map[string]any `json:"data,omitempty"`
}

func toEventsJSON(events []order.Event) []eventJSON {
	out := make([]eventJSON, 0, len(events))
	for _, e := range events {
		out = append(out, eventJSON{Seq: e.Seq, At: cst(e.At), ActorName: e.ActorName, ActorRole: e.ActorRole,
			Action: e.Action, From: e.From, To: e.To, Note: e.Note, Public: e.Public, Data: e.Data})
	}
	return out
}
