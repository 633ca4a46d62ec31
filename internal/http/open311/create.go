package open311

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
)

type createdRequest struct {
	ServiceRequestID string  `xml:"service_request_id" json:"service_request_id"`
	ServiceNotice    *string `xml:"service_notice" json:"service_notice,omitempty"`
	AccountID        *string `xml:"account_id" json:"account_id,omitempty"`
}

type createdXML struct {
	XMLName  xml.Name         `xml:"service_requests"`
	Requests []createdRequest `xml:"request"`
}

// createRequest is POST requests: a resident's order through the API
// channel. The engine seals the reporter's name, phone and e-mail;
// device_id and account_id identify an app install, not a person, and are
// not kept.
func (h *Handler) createRequest(c *call) error {
	if err := c.requireKey(); err != nil {
		return err
	}
	// The key's own rate bounds the client app; this bounds one address
	// of it, as on the pages and the JSON API (docs/security.md).
	if ok, wait := h.opts.Throttle.Intake(c.r); !ok {
		httpx.SetRetryAfter(c.w, wait)
		return &apiError{Status: http.StatusTooManyRequests, Description: fmt.Sprintf(
			"too many requests from your address; retry in %s s — 提交过于频繁，请稍后再试", c.w.Header().Get("Retry-After"))}
	}
	cat, err := h.offered(c, strings.TrimSpace(c.r.Form.Get("service_code")))
	if err != nil {
		return err
	}
	fl, err := h.readFiling(c, cat)
	if err != nil {
		return err
	}
	o, _, err := h.opts.Orders.CreateForClient(c.ctx, order.ResidentActor(httpx.ClientIP(c.r)), fl.in, c.client(), intakeNote(c.key.Name, fl.media))
	if err != nil {
		return err
	}
	out := []createdRequest{{ServiceRequestID: o.Number, ServiceNotice: text(notice(o.Limits))}}
	c.write(200, createdXML{Requests: out}, out)
	return nil
}

// intakeNote is the event that says which key filed an order and the
// media links it sent; the engine records it with the order, once.
func intakeNote(key string, media []string) order.EventInput {
	note := fmt.Sprintf("经 Open311 接口提交（%s）filed through Open311 by %s", key, key)
	for i, u := range media {
		line := fmt.Sprintf("\n图片 media %d: %s", i+1, u)
		if len([]rune(note+line)) > 2000 {
			break // every link is in the event's data as well
		}
		note += line
	}
	return order.EventInput{Action: actionIntake, Note: note, Data: map[string]any{"api_key": key, "media_urls": media}}
}
