package api

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/notice"
	"civicgrid/internal/notify"
)

// smsReply is POST /api/v1/notice/sms-replies: an SMS a resident sent
// back, forwarded by the provider or gateway as {"phone", "text"} and
// signed like civicgrid's webhooks (X-Civicgrid-Timestamp, within
// notice.MaxSkew, and X-Civicgrid-Signature). T opts the number out.
func (a *API) smsReply(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 4<<10))
	if err != nil {
		httpx.WriteError(w, http.StatusRequestEntityTooLarge, "too_large", "a reply is at most 4 KiB")
		return
	}
	ts := r.Header.Get(notify.HeaderTimestamp)
	sec, err := strconv.ParseInt(ts, 10, 64)
	if len(a.SMSReplySecret) == 0 || err != nil || a.now().Sub(time.Unix(sec, 0)).Abs() > notice.MaxSkew ||
		!notify.Verify(a.SMSReplySecret, ts, body, r.Header.Get(notify.HeaderSignature)) {
		httpx.WriteError(w, http.StatusUnauthorized, "unauthenticated", "unsigned, wrongly signed or stale reply")
		return
	}
	var in struct {
		Phone string `json:"phone"`
		Text  string `json:"text"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "invalid JSON: "+err.Error())
		return
	}
	out, err := notice.Reply(r.Context(), a.DB, a.Orders, in.Phone, in.Text, a.now())
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]bool{"opted_out": out})
}
