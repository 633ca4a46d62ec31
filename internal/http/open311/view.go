package open311

import (
	"context"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/grid"
	"civicgrid/internal/order"
	"civicgrid/internal/org"
	"civicgrid/internal/store"
)

// request is a service request as Open311 shows it: what a resident may
// see of an order, never its reporter.
type request struct {
	ServiceRequestID  string   `xml:"service_request_id" json:"service_request_id"`
	Status            string   `xml:"status" json:"status"`
	StatusNotes       *string  `xml:"status_notes" json:"status_notes,omitempty"`
	ServiceName       *string  `xml:"service_name" json:"service_name,omitempty"`
	ServiceCode       string   `xml:"service_code" json:"service_code"`
	Description       *string  `xml:"description" json:"description,omitempty"`
	AgencyResponsible *string  `xml:"agency_responsible" json:"agency_responsible,omitempty"`
	ServiceNotice     *string  `xml:"service_notice" json:"service_notice,omitempty"`
	RequestedDatetime string   `xml:"requested_datetime" json:"requested_datetime"`
	UpdatedDatetime   *string  `xml:"updated_datetime" json:"updated_datetime,omitempty"`
	ExpectedDatetime  *string  `xml:"expected_datetime" json:"expected_datetime,omitempty"`
	Address           *string  `xml:"address" json:"address,omitempty"`
	AddressID         *string  `xml:"address_id" json:"address_id,omitempty"`
	Zipcode           *string  `xml:"zipcode" json:"zipcode,omitempty"`
	Lat               *float64 `xml:"lat" json:"lat,omitempty"`
	Long              *float64 `xml:"long" json:"long,omitempty"`
	MediaURL          *string  `xml:"media_url" json:"media_url,omitempty"`
}

type requestsXML struct {
	XMLName  xml.Name  `xml:"service_requests"`
	Requests []request `xml:"request"`
}

// actionIntake is the timeline step this package records on the orders it
// files (order.CreateForClient): who filed it, and its media links.
const actionIntake order.Action = "api_intake"

// viewer turns orders into requests, remembering the names it looked up.
type viewer struct {
	ctx          context.Context
	db           *store.DB
	orders       *order.Service
	actor        order.Actor
	jurisdiction org.Region
	categories   map[string]category.Category
	agencies     map[string]string
}

func (h *Handler) viewer(c *call) (*viewer, error) {
	cats, err := category.List(c.ctx, h.opts.DB, true)
	if err != nil {
		return nil, err
	}
	v := &viewer{ctx: c.ctx, db: h.opts.DB, orders: h.opts.Orders, actor: c.public(), jurisdiction: c.jurisdiction,
		categories: map[string]category.Category{}, agencies: map[string]string{}}
	for _, cat := range cats {
		v.categories[cat.Code] = cat
	}
	return v, nil
}

// load reads the order with number and its timeline as the call's actor
// may see them. A confidential order is not shown at all: ErrNotFound.
func (v *viewer) load(number string) (order.Order, []order.Event, error) {
	o, err := v.orders.Get(v.ctx, v.actor, number)
	if err != nil {
		return order.Order{}, nil, err
	}
	if o.Confidential {
		return order.Order{}, nil, fmt.Errorf("order %s is confidential: %w", number, order.ErrNotFound)
	}
	evs, err := v.orders.Timeline(v.ctx, v.actor, number)
	if err != nil {
		return order.Order{}, nil, err
	}
	return o, evs, nil
}

func (v *viewer) request(o order.Order, evs []order.Event) (request, error) {
	agency, err := v.agency(o)
	if err != nil {
		return request{}, err
	}
	public, err := v.orders.PublicTimeline(v.ctx, evs)
	if err != nil {
		return request{}, err
	}
	rq := request{
		ServiceRequestID: o.Number, Status: openClosed(o.Status), StatusNotes: text(statusNotes(evs, public)),
		ServiceCode: o.Category, Description: text(o.Description), AgencyResponsible: text(agency),
		ServiceNotice: text(notice(o.Limits)), RequestedDatetime: w3c(o.ReceivedAt),
		UpdatedDatetime: w3cOrNil(updatedAt(o)), ExpectedDatetime: w3cOrNil(o.ResolveDueAt),
		Address: text(o.Address), AddressID: text(o.GridCode), MediaURL: text(firstMedia(evs)),
	}
	if rq.AddressID == nil {
		rq.AddressID = text(o.CommunityCode)
	}
	if cat, ok := v.categories[o.Category]; ok {
		rq.ServiceName = text(cat.NameZh)
	}
	if o.Point != nil {
		lat, lng := o.Point.Lat, o.Point.Lng
		rq.Lat, rq.Long = &lat, &lng
	}
	return rq, nil
}

// updatedAt is the last change, or for a closed request when it closed:
// its resolution, else its end (answered, cancelled, merged).
func updatedAt(o order.Order) time.Time {
	if openClosed(o.Status) == statusClosed {
		if !o.ResolvedAt.IsZero() && (o.Status == order.StatusResolved || o.Status == order.StatusClosed) {
			return o.ResolvedAt
		}
		if !o.ClosedAt.IsZero() {
			return o.ClosedAt
		}
	}
	return o.UpdatedAt
}

// statusNotes is the latest note written for the resident (the engine's
// PublicTimeline decides which), or for a merged order which request it
// joined.
func statusNotes(evs, public []order.Event) string {
	for i := len(evs) - 1; i >= 0; i-- {
		if e := evs[i]; e.Action == order.ActionMerge {
			return fmt.Sprintf("已并入工单 %v，请关注该工单 merged into request %v", e.Data["master"], e.Data["master"])
		}
	}
	for i := len(public) - 1; i >= 0; i-- {
		if e := public[i]; e.ActorRole != order.EventRoleResident && strings.TrimSpace(e.Note) != "" {
			return e.Note
		}
	}
	return ""
}

// notice tells the resident what to expect, from the limits the order
// copied from its category.
func notice(l category.Limits) string {
	if l.Reply <= 0 {
		l.Reply = 2 * time.Hour // the default of docs/design.md §3
	}
	reply := span(l.Reply)
	if l.ResolveWorkingDays > 0 {
		return fmt.Sprintf("%s内答复，%d个工作日内办结 — reply within %s, resolved within %d working days",
			reply, l.ResolveWorkingDays, spanEn(l.Reply), l.ResolveWorkingDays)
	}
	return fmt.Sprintf("%s内答复，%s内办结 — reply within %s, resolved within %s", reply, span(l.ResolveWithin), spanEn(l.Reply), spanEn(l.ResolveWithin))
}

func span(d time.Duration) string {
	if d%time.Hour == 0 {
		return strconv.Itoa(int(d/time.Hour)) + "小时"
	}
	return strconv.Itoa(int(d/time.Minute)) + "分钟"
}

func spanEn(d time.Duration) string {
	if d%time.Hour == 0 {
		return strconv.Itoa(int(d/time.Hour)) + " h"
	}
	return strconv.Itoa(int(d/time.Minute)) + " min"
}

// firstMedia is the first media link a client sent with the request.
func firstMedia(evs []order.Event) string {
	for _, e := range evs {
		if e.Action == actionIntake {
			if urls := mediaOf(e); len(urls) > 0 {
				return urls[0]
			}
		}
	}
	return ""
}

// mediaOf reads the media links recorded with an event.
func mediaOf(e order.Event) []string {
	raw, _ := e.Data["media_urls"].([]any)
	var out []string
	for _, u := range raw {
		if s, ok := u.(string); ok && s != "" {
			out = append(out, s)
		}
	}
	return out
}

// agency names the unit handling o: its department, street, or grid (with
// its community), or the command centre.
func (v *viewer) agency(o order.Order) (string, error) {
	key := o.Level + ":" + o.HandlerCode
	if name, ok := v.agencies[key]; ok {
		return name, nil
	}
	var name string
	switch o.Level {
	case category.LevelDepartment:
		d, err := org.GetDepartment(v.ctx, v.db, o.HandlerCode)
		if err != nil {
			return "", err
		}
		name = d.Name
	case category.LevelStreet:
		r, err := org.GetRegion(v.ctx, v.db, o.HandlerCode)
		if err != nil {
			return "", err
		}
		name = r.Name
	case category.LevelGrid:
		g, err := grid.Get(v.ctx, v.db, o.HandlerCode)
		if err != nil {
			return "", err
		}
		name = g.Name
		if r, err := org.GetRegion(v.ctx, v.db, g.CommunityCode); err == nil {
			name = r.Name + g.Name
		}
	default:
		name = v.jurisdiction.Name + "12345指挥中心"
	}
	v.agencies[key] = name
	return name, nil
}
