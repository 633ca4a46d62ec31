package open311

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"civicgrid/internal/order"
)

// The FixMyStreet updates extension: GET servicerequestupdates lists what
// happened to requests in a window; POST servicerequestupdates brings a
// resident's update from the client. An update is one timeline event; its
// id is "<service_request_id>-<seq>", stable for ever.

type requestUpdate struct {
	UpdateID         string  `xml:"update_id" json:"update_id"`
	ServiceRequestID string  `xml:"service_request_id" json:"service_request_id"`
	Status           string  `xml:"status" json:"status"`
	UpdatedDatetime  string  `xml:"updated_datetime" json:"updated_datetime"`
	Description      string  `xml:"description" json:"description"`
	MediaURL         *string `xml:"media_url" json:"media_url,omitempty"`
	// ExternalStatusCode is our own status, for clients that map it.
	ExternalStatusCode string `xml:"external_status_code" json:"external_status_code"`
}

type updatesXML struct {
	XMLName xml.Name        `xml:"service_request_updates"`
	Updates []requestUpdate `xml:"request_update"`
}

func updateID(number string, seq int) string { return number + "-" + strconv.Itoa(seq) }

// listUpdates is GET servicerequestupdates: start_date and end_date (at
// most 90 days, the last 90 by default), page and page_size.
func (h *Handler) listUpdates(c *call) error {
	from, to, err := dateRange(c.r.Form.Get("start_date"), c.r.Form.Get("end_date"), h.now())
	if err != nil {
		return err
	}
	limit, offset, err := paging(c)
	if err != nil {
		return err
	}
	refs, err := h.opts.Orders.PublicUpdates(c.ctx, c.area, from, to, limit, offset)
	if err != nil {
		return err
	}
	v, err := h.viewer(c)
	if err != nil {
		return err
	}
	timelines := map[string][]order.Event{}
	out := []requestUpdate{}
	for _, ref := range refs {
		evs, seen := timelines[ref.Number]
		if !seen {
			if evs, err = v.publicEvents(ref.Number); err != nil {
				return err
			}
			timelines[ref.Number] = evs
		}
		for _, e := range evs {
			if e.Seq == ref.Seq {
				out = append(out, toUpdate(ref.Number, e))
			}
		}
	}
	c.write(200, updatesXML{Updates: out}, out)
	return nil
}

// publicEvents is an order's timeline as residents see it
// (order.PublicTimeline), plus its merge step, whose text toUpdate writes;
// nothing for an order the call may not see.
func (v *viewer) publicEvents(number string) ([]order.Event, error) {
	_, evs, err := v.load(number)
	if errors.Is(err, order.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	public, err := v.orders.PublicTimeline(v.ctx, evs)
	if err != nil {
		return nil, err
	}
	for _, e := range evs {
		if e.Action == order.ActionMerge {
			public = append(public, order.Event{Seq: e.Seq, At: e.At, Action: e.Action, From: e.From, To: e.To,
				Data: map[string]any{"master": e.Data["master"]}})
		}
	}
	return public, nil
}

func toUpdate(number string, e order.Event) requestUpdate {
	desc := e.Note
	switch {
	case e.Action == order.ActionMerge:
		// The dispatcher's note is internal; what the resident needs is
		// where to follow.
		desc = fmt.Sprintf("已并入工单 %v merged into request %v", e.Data["master"], e.Data["master"])
	case strings.TrimSpace(desc) == "":
		desc = actionText[e.Action]
		if desc == "" {
			desc = e.To.Label()
		}
	}
	var media *string
	if urls := mediaOf(e); len(urls) > 0 {
		media = &urls[0]
	}
	return requestUpdate{UpdateID: updateID(number, e.Seq), ServiceRequestID: number, Status: extendedStatus(e.To, e.Action),
		UpdatedDatetime: w3c(e.At), Description: desc, MediaURL: media, ExternalStatusCode: string(e.To)}
}

type postedUpdate struct {
	UpdateID string `xml:"update_id" json:"update_id"`
}

type postedXML struct {
	XMLName xml.Name       `xml:"service_request_updates"`
	Updates []postedUpdate `xml:"request_update"`
}

// postUpdate is POST servicerequestupdates: a resident's update from the
// client. The engine decides, in its transaction, whether it is a public
// note or a reopen request (order.PostClientUpdate, doc.go); the order's
// status does not move. The
// client's own update id (update_id or FixMyStreet's update_id_ext) makes
// a retry return the first answer. The updater's name and e-mail are not
// kept.
func (h *Handler) postUpdate(c *call) error {
	if err := c.requireKey(); err != nil {
		return err
	}
	f := c.r.Form
	number := strings.TrimSpace(f.Get("service_request_id"))
	if number == "" {
		return badRequest("service_request_id was not provided")
	}
	status, opens, ok := parseClientStatus(f.Get("status"))
	if !ok {
		return badRequest("status %q: want one of %s, %s", f.Get("status"), strings.Join(clientStatusOpens, ", "), strings.Join(clientStatusCloses, ", "))
	}
	note := strings.TrimSpace(f.Get("description"))
	media, err := mediaURLs(f["media_url"])
	if err != nil {
		return err
	}
	if note == "" && len(media) == 0 {
		return badRequest("description is required")
	}
	if note == "" {
		note = "（附图片 media attached）"
	}
	data := map[string]any{"source": "open311", "api_key": c.key.Name, "client_status": status, "media_urls": media}
	if s := strings.TrimSpace(f.Get("updated_datetime")); s != "" {
		t, err := parseW3C("updated_datetime", s)
		if err != nil {
			return err
		}
		data["client_time"] = w3c(t)
	}
	ref := clientRef(f.Get("update_id"), f.Get("update_id_ext"))
	if ref != "" {
		data["client_update_id"] = ref
	}
	id, _, err := h.opts.Orders.PostClientUpdate(c.ctx, c.client(), number,
		order.ClientUpdate{Note: note, Data: data, StillOpen: opens}, ref,
		func(ev order.Event) string { return updateID(number, ev.Seq) })
	if errors.Is(err, order.ErrNotFound) {
		return notFound("service_request_id %q not found", number)
	}
	if err != nil {
		return err
	}
	return c.answerUpdate(id)
}

// clientRef is the client's id for its update as a receipt reference; a
// long one is hashed to fit.
func clientRef(ids ...string) string {
	for _, id := range ids {
		if id = strings.TrimSpace(id); id != "" {
			if len(id) > 100 {
				sum := sha256.Sum256([]byte(id))
				id = "sha256:" + hex.EncodeToString(sum[:])
			}
			return "update:" + id
		}
	}
	return ""
}

func (c *call) answerUpdate(id string) error {
	out := []postedUpdate{{UpdateID: id}}
	c.write(200, postedXML{Updates: out}, out)
	return nil
}
