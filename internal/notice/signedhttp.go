package notice

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"civicgrid/internal/notify"
)

// SignedHTTP sends through any gateway that takes a signed JSON POST (a
// provincial SMS platform, an operator's own gateway): the body is
// HTTPMessage, signed like civicgrid's webhooks — X-Civicgrid-Timestamp
// and X-Civicgrid-Signature "sha256=" hex(HMAC-SHA256(secret,
// timestamp "." body)) — and any 2xx answer is success, its JSON "id"
// the reference.
type SignedHTTP struct {
	URL    string
	Secret []byte
	Client *http.Client
	Now    func() time.Time
}

// HTTPMessage is what SignedHTTP posts.
type HTTPMessage struct {
	Ref      string            `json:"ref"`
	Phone    string            `json:"phone"`
	Sign     string            `json:"sign"`
	Event    Event             `json:"event"`
	Template string            `json:"template"`
	Params   map[string]string `json:"params"`
	Text     string            `json:"text"`
}

func (*SignedHTTP) Name() string { return "http" }

func (s *SignedHTTP) Send(ctx context.Context, m SMSMessage) (string, error) {
	body, err := json.Marshal(HTTPMessage{Ref: m.Ref, Phone: m.Phone, Sign: m.Sign, Event: m.Event,
		Template: m.Template.Code, Params: m.Template.named(m.Vars), Text: m.Text})
	if err != nil {
		return "", err
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	ts := strconv.FormatInt(now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL, bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrProvider, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(notify.HeaderTimestamp, ts)
	req.Header.Set(notify.HeaderSignature, notify.Sign(s.Secret, ts, body))
	resp, err := clientOr(s.Client).Do(req)
	if err != nil {
		return "", fmt.Errorf("%w: http: %v", ErrProvider, scrubURL(err))
	}
	reply, err := readReply(resp)
	if err != nil {
		return "", err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return "", fmt.Errorf("%w: http: HTTP %d: %q", ErrProvider, resp.StatusCode, clipText(reply))
	}
	var r struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(reply, &r)
	return r.ID, nil
}
