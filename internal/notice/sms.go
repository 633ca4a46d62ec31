package notice

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// SMS sends text messages through a provider.
type SMS interface {
	// Name is the provider, recorded with each notice: aliyun, tencent,
	// http.
	Name() string
	// Send sends one message and returns the provider's reference. Its
	// error never holds the phone number.
	Send(ctx context.Context, m SMSMessage) (reference string, err error)
}

// SMSMessage is one message to one number.
type SMSMessage struct {
	Phone    string // mainland mobile number, digits only
	Sign     string // without brackets
	Event    Event
	Template Template
	Vars     map[string]string
	Text     string // as the resident reads it, sign first
	// Ref is unique per notice (the outbox event and channel): providers
	// that take one echo it in their receipts.
	Ref string
}

// ErrProvider: the provider refused the message or could not be reached;
// the notifier retries it.
var ErrProvider = errors.New("notice: SMS provider")

// httpClient is what the adapters send with unless given one: bounded,
// never following a redirect (a signed request goes where it was
// configured to go).
var httpClient = &http.Client{Timeout: 10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func clientOr(c *http.Client) *http.Client {
	if c == nil {
		return httpClient
	}
	return c
}

// nonce is a random hex string for request signatures.
func nonce() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// readReply reads at most 64 KiB of a provider's answer.
func readReply(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return nil, fmt.Errorf("%w: reading the answer: %v", ErrProvider, err)
	}
	return b, nil
}

func clipText(b []byte) string {
	if len(b) > 200 {
		b = b[:200]
	}
	return string(b)
}
