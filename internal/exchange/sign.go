package exchange

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Headers of a signed message (docs/exchange.md, "Signing").
const (
	HeaderLink      = "X-Exchange-Link"
	HeaderTimestamp = "X-Exchange-Timestamp"
	HeaderNonce     = "X-Exchange-Nonce"
	HeaderSignature = "X-Exchange-Signature"
)

// MaxSkew is how far a message's timestamp may lie from the receiver's
// clock, either way. Nonces are kept twice as long, so a replay within
// the window is always recognised.
const MaxSkew = 5 * time.Minute

// Canonical is the text a signature covers: the method, the path with its
// query as sent, the timestamp (Unix seconds), the nonce and the
// hex SHA-256 of the body, one per line.
func Canonical(method, path, timestamp, nonce string, body []byte) string {
	sum := sha256.Sum256(body)
	return strings.Join([]string{strings.ToUpper(method), path, timestamp, nonce, hex.EncodeToString(sum[:])}, "\n")
}

// Sign is the value of HeaderSignature: "v1=" and the hex HMAC-SHA256 of
// Canonical under the link's secret.
func Sign(secret []byte, method, path, timestamp, nonce string, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(Canonical(method, path, timestamp, nonce, body)))
	return "v1=" + hex.EncodeToString(m.Sum(nil))
}

// Signature is what a receiver checks: the four headers and what they
// cover.
type Signature struct {
	Link, Timestamp, Nonce, Value string
	Method, Path                  string
	Body                          []byte
}

// Headers signs a message from link at now and returns its four headers.
func Headers(link string, secret []byte, method, path string, body []byte, now time.Time) (map[string]string, error) {
	nonce, err := newNonce()
	if err != nil {
		return nil, err
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	return map[string]string{HeaderLink: link, HeaderTimestamp: ts, HeaderNonce: nonce,
		HeaderSignature: Sign(secret, method, path, ts, nonce, body)}, nil
}

func newNonce() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// checkShape refuses a missing header or a malformed timestamp or nonce
// before any lookup.
func (s Signature) checkShape() (time.Time, error) {
	var missing []string
	for _, h := range []struct{ name, v string }{{HeaderLink, s.Link}, {HeaderTimestamp, s.Timestamp},
		{HeaderNonce, s.Nonce}, {HeaderSignature, s.Value}} {
		if h.v == "" {
			missing = append(missing, h.name)
		}
	}
	if len(missing) > 0 {
		return time.Time{}, fmt.Errorf("%w: missing %s (every message is signed: see docs/exchange.md)", ErrUnsigned, strings.Join(missing, ", "))
	}
	sec, err := strconv.ParseInt(s.Timestamp, 10, 64)
	if err != nil || sec <= 0 {
		return time.Time{}, fmt.Errorf("%w: %s must be Unix seconds", ErrUnsigned, HeaderTimestamp)
	}
	if len(s.Nonce) < 16 || len(s.Nonce) > 64 || strings.Trim(s.Nonce, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_") != "" {
		return time.Time{}, fmt.Errorf("%w: %s must be 16 to 64 characters of A-Z a-z 0-9 - _", ErrUnsigned, HeaderNonce)
	}
	if !strings.HasPrefix(s.Value, "v1=") {
		return time.Time{}, fmt.Errorf("%w: %s must start with v1=", ErrBadSignature, HeaderSignature)
	}
	return time.Unix(sec, 0), nil
}

// verifyWith checks the signature under secret and the timestamp against
// now.
func (s Signature) verifyWith(secret []byte, at, now time.Time) error {
	want := Sign(secret, s.Method, s.Path, s.Timestamp, s.Nonce, s.Body)
	if !hmac.Equal([]byte(want), []byte(s.Value)) {
		return fmt.Errorf("%w: the signature does not match the message under link %q's secret", ErrBadSignature, s.Link)
	}
	if d := now.Sub(at); d > MaxSkew || d < -MaxSkew {
		return fmt.Errorf("%w: timestamp %s is %v from this server's clock %s (allowed ±%v)", ErrStale,
			at.UTC().Format(time.RFC3339), d.Round(time.Second), now.UTC().Format(time.RFC3339), MaxSkew)
	}
	return nil
}
