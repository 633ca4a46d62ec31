package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"civicgrid/internal/order"
)

// Webhook headers. The signature is "sha256=" and the hex HMAC-SHA256,
// keyed with the shared secret, of the timestamp, a dot, and the body:
// a receiver recomputes it (Verify), and rejects old timestamps to stop
// replays.
const (
	HeaderEvent     = "X-Civicgrid-Event"     // the topic, e.g. order.escalate
	HeaderDelivery  = "X-Civicgrid-Delivery"  // the outbox id: the same on every retry, to deduplicate
	HeaderTimestamp = "X-Civicgrid-Timestamp" // Unix seconds when sent
	HeaderSignature = "X-Civicgrid-Signature" // sha256=<hex>
)

// WebhookBody is what the webhook POSTs.
type WebhookBody struct {
	ID      int64           `json:"id"`
	Topic   string          `json:"topic"`
	At      time.Time       `json:"at"`
	Attempt int             `json:"attempt"`
	Payload json.RawMessage `json:"payload"`
}

// Webhook POSTs each event as JSON to URL.
type Webhook struct {
	URL    string
	Secret []byte
	// Client defaults to one that does not follow redirects (a signed
	// event goes where it was configured to go, or fails).
	Client *http.Client
	// Now stamps the signature; nil means time.Now.
	Now func() time.Time
}

func (*Webhook) Name() string { return "webhook" }

func (w *Webhook) Deliver(ctx context.Context, e order.OutboxEvent) error {
	body, err := json.Marshal(WebhookBody{ID: e.ID, Topic: e.Topic, At: e.At.UTC(), Attempt: e.Attempts, Payload: e.Payload})
	if err != nil {
		return err
	}
	now := time.Now
	if w.Now != nil {
		now = w.Now
	}
	ts := strconv.FormatInt(now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "civicgrid-notify/1")
	req.Header.Set(HeaderEvent, e.Topic)
	req.Header.Set(HeaderDelivery, strconv.FormatInt(e.ID, 10))
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, Sign(w.Secret, ts, body))
	client := w.Client
	if client == nil {
		client = noRedirects
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // let the connection be reused
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("webhook: HTTP %d: %q", resp.StatusCode, snippet)
	}
	return nil
}

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// Sign is the signature header value for body sent at timestamp.
func Sign(secret []byte, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(timestamp))
	m.Write([]byte{'.'})
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether signature is Sign(secret, timestamp, body), in
// constant time. Receivers should also refuse a timestamp more than a few
// minutes old.
func Verify(secret []byte, timestamp string, body []byte, signature string) bool {
	return hmac.Equal([]byte(Sign(secret, timestamp, body)), []byte(signature))
}
