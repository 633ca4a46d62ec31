package open311

import (
	"encoding/xml"
	"errors"
	"slices"
	"strconv"
	"strings"

	"civicgrid/internal/order"
)

// Response volume: the spec's default limit is the first 1000 requests;
// page and page_size (the common extension) walk further.
const (
	maxPageSize = 1000
	maxIDs      = 1000
)

// listRequests is GET requests: by a list of ids (which overrides every
// other argument), or by service codes, statuses and a window of receipt
// of at most 90 days (the last 90 by default).
func (h *Handler) listRequests(c *call) error {
	f := c.r.Form
	v, err := h.viewer(c)
	if err != nil {
		return err
	}
	var numbers []string
	if ids := commaList(f["service_request_id"]...); len(ids) > 0 {
		if len(ids) > maxIDs {
			return badRequest("at most %d service_request_id at once", maxIDs)
		}
		numbers = ids
	} else {
		q := order.PublicQuery{Area: c.area, Categories: commaList(f["service_code"]...)}
		if q.From, q.To, err = dateRange(f.Get("start_date"), f.Get("end_date"), h.now()); err != nil {
			return err
		}
		for _, s := range commaList(f["status"]...) {
			s = strings.ToLower(s)
			if s != statusOpen && s != statusClosed {
				return badRequest("status %q: want open, closed or both (open,closed)", s)
			}
			q.Statuses = append(q.Statuses, ourStatuses(s)...)
		}
		if q.Limit, q.Offset, err = paging(c); err != nil {
			return err
		}
		if numbers, err = h.opts.Orders.PublicNumbers(c.ctx, q); err != nil {
			return err
		}
	}
	out := []request{}
	for _, n := range numbers {
		o, evs, err := v.load(n)
		if errors.Is(err, order.ErrNotFound) {
			continue // an id that does not exist is simply not listed
		}
		if err != nil {
			return err
		}
		rq, err := v.request(o, evs)
		if err != nil {
			return err
		}
		out = append(out, rq)
	}
	c.write(200, requestsXML{Requests: out}, out)
	return nil
}

// requestByID is GET requests/{id}: a list of one, as the spec shows it.
func (h *Handler) requestByID(c *call) error {
	v, err := h.viewer(c)
	if err != nil {
		return err
	}
	o, evs, err := v.load(c.name)
	if errors.Is(err, order.ErrNotFound) {
		return notFound("service_request_id %q not found", c.name)
	}
	if err != nil {
		return err
	}
	rq, err := v.request(o, evs)
	if err != nil {
		return err
	}
	c.write(200, requestsXML{Requests: []request{rq}}, []request{rq})
	return nil
}

type tokenAnswer struct {
	ServiceRequestID string `xml:"service_request_id" json:"service_request_id"`
	Token            string `xml:"token" json:"token"`
}

type tokensXML struct {
	XMLName xml.Name      `xml:"service_requests"`
	Answers []tokenAnswer `xml:"request"`
}

// token is GET tokens/{token}. Services are realtime, so POST requests
// answers with the service_request_id and never issues a token; a client
// that asks anyway with that id gets it back as its own token. Anything
// else is a token we never issued: 404.
func (h *Handler) token(c *call) error {
	v, err := h.viewer(c)
	if err != nil {
		return err
	}
	if _, _, err := v.load(c.name); errors.Is(err, order.ErrNotFound) {
		return notFound("token %q not found: this endpoint is realtime and answers POST requests with the service_request_id", c.name)
	} else if err != nil {
		return err
	}
	answers := []tokenAnswer{{ServiceRequestID: c.name, Token: c.name}}
	c.write(200, tokensXML{Answers: answers}, answers)
	return nil
}

// paging reads page (from 1) and page_size (1 to 1000, default 1000).
func paging(c *call) (limit, offset int, err error) {
	page, size := 1, maxPageSize
	if s := c.r.Form.Get("page"); s != "" {
		if page, err = strconv.Atoi(s); err != nil || page < 1 || page > 1_000_000 {
			return 0, 0, badRequest("page must be a whole number from 1")
		}
	}
	if s := c.r.Form.Get("page_size"); s != "" {
		if size, err = strconv.Atoi(s); err != nil || size < 1 || size > maxPageSize {
			return 0, 0, badRequest("page_size must be a whole number from 1 to %d", maxPageSize)
		}
	}
	return size, (page - 1) * size, nil
}

// commaList reads a parameter given comma delimited, repeated, or both:
// ["a, b,,c", "a"] is [a b c].
func commaList(values ...string) []string {
	var out []string
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" && !slices.Contains(out, part) {
				out = append(out, part)
			}
		}
	}
	return out
}
