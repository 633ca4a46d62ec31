package open311

import (
	"encoding/xml"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"civicgrid/internal/apikey"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
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
	o, _, err := h.opts.Orders.Create(c.ctx, order.ResidentActor(httpx.ClientIP(c.r)), fl.in)
	if err != nil {
		return err
	}
	h.recordIntake(c, o.Number, fl.media)
	out := []createdRequest{{ServiceRequestID: o.Number, ServiceNotice: text(notice(o.Limits))}}
	c.write(200, createdXML{Requests: out}, out)
	return nil
}

// recordIntake notes on the order's timeline which key filed it and the
// media links it sent, once: a retried request finds its receipt. The
// order is filed by then, so a failure here is logged, not answered — a
// client told to retry without an idempotency token would file it twice.
func (h *Handler) recordIntake(c *call, number string, media []string) {
	ref := "intake:" + number
	if _, found, err := apikey.Recall(c.ctx, h.opts.DB, c.key.ID, ref); found || err != nil {
		if err != nil {
			slog.Error("open311: intake receipt", "order", number, "err", err)
		}
		return
	}
	note := fmt.Sprintf("经 Open311 接口提交（%s）filed through Open311 by %s", c.key.Name, c.key.Name)
	for i, u := range media {
		line := fmt.Sprintf("\n图片 media %d: %s", i+1, u)
		if len([]rune(note+line)) > 2000 {
			break // every link is in the event's data as well
		}
		note += line
	}
	err := h.opts.DB.InTx(c.ctx, func(tx *store.Tx) error {
		ev, err := h.opts.Orders.AppendEvent(c.ctx, tx, c.public(), number, order.EventInput{
			Action: actionIntake, Note: note,
			Data: map[string]any{"api_key": c.key.Name, "media_urls": media},
		})
		if err != nil {
			return err
		}
		return apikey.Remember(c.ctx, tx, c.key.ID, ref, strconv.Itoa(ev.Seq), h.now())
	})
	if err != nil && !errors.Is(err, apikey.ErrReceipt) {
		slog.Error("open311: intake note", "order", number, "err", err)
	}
}
