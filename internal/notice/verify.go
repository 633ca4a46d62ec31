package notice

import (
	"crypto/hmac"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/errs"
)

// Receivers' checks of the three signatures: what a provider does with a
// request, used by civicgrid's own fakes of the providers (noticetest)
// and by any gateway written against SignedHTTP.

// ErrSignature: a request's signature is missing, malformed, stale or
// wrong.
var ErrSignature = errs.New(errs.Unauthenticated, "notice: bad request signature")

// MaxSkew is how far a signed request's time may be from the receiver's.
const MaxSkew = 15 * time.Minute

// VerifyACS3 checks an ACS3-HMAC-SHA256 request: the Authorization header
// names keyID and the headers it signed (host and every x-acs-* at
// least), x-acs-date is within MaxSkew of now, x-acs-content-sha256 is
// the body's hash, and the signature is secret's over the request.
func VerifyACS3(r *http.Request, body []byte, keyID, secret string, now time.Time) error {
	auth := r.Header.Get("Authorization")
	rest, ok := strings.CutPrefix(auth, acs3Algorithm+" ")
	if !ok {
		return fmt.Errorf("%w: no %s Authorization", ErrSignature, acs3Algorithm)
	}
	fields := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		fields[k] = v
	}
	if fields["Credential"] != keyID {
		return fmt.Errorf("%w: unknown AccessKeyId", ErrSignature)
	}
	at, err := time.Parse("2006-01-02T15:04:05Z", r.Header.Get("x-acs-date"))
	if err != nil || at.Sub(now).Abs() > MaxSkew {
		return fmt.Errorf("%w: x-acs-date %q out of window", ErrSignature, r.Header.Get("x-acs-date"))
	}
	if r.Header.Get("x-acs-signature-nonce") == "" {
		return fmt.Errorf("%w: no x-acs-signature-nonce", ErrSignature)
	}
	if r.Header.Get("x-acs-content-sha256") != sha256Hex(body) {
		return fmt.Errorf("%w: x-acs-content-sha256 is not the body's", ErrSignature)
	}
	headers := map[string]string{"host": r.Host}
	for _, name := range strings.Split(fields["SignedHeaders"], ";") {
		if name != "host" && name != "" {
			headers[name] = r.Header.Get(name)
		}
	}
	for name := range r.Header {
		if l := strings.ToLower(name); strings.HasPrefix(l, "x-acs-") && headers[l] == "" {
			return fmt.Errorf("%w: %s not signed", ErrSignature, l)
		}
	}
	query := map[string]string{}
	for k, v := range r.URL.Query() {
		query[k] = v[0]
	}
	_, want := acs3Authorization(keyID, secret, acs3Request{Method: r.Method, Path: r.URL.EscapedPath(), Query: query,
		Headers: headers, Body: body})
	if !hmac.Equal([]byte(fields["Signature"]), []byte(want)) {
		return fmt.Errorf("%w: signature does not match", ErrSignature)
	}
	return nil
}

// VerifyTC3 checks a TC3-HMAC-SHA256 request for service: the credential
// names secretID and the day of X-TC-Timestamp, the timestamp is within
// MaxSkew of now, and the signature is secretKey's over the request.
func VerifyTC3(r *http.Request, body []byte, service, secretID, secretKey string, now time.Time) error {
	auth := r.Header.Get("Authorization")
	ts, err := strconv.ParseInt(r.Header.Get("X-TC-Timestamp"), 10, 64)
	if err != nil || time.Unix(ts, 0).Sub(now).Abs() > MaxSkew {
		return fmt.Errorf("%w: X-TC-Timestamp %q out of window", ErrSignature, r.Header.Get("X-TC-Timestamp"))
	}
	want, _ := tc3Authorization(secretID, secretKey, tc3Request{Service: service, Host: r.Host,
		ContentType: r.Header.Get("Content-Type"), Payload: body, Timestamp: ts})
	if !strings.HasPrefix(auth, tc3Algorithm+" ") {
		return fmt.Errorf("%w: no %s Authorization", ErrSignature, tc3Algorithm)
	}
	if !hmac.Equal([]byte(auth), []byte(want)) {
		return fmt.Errorf("%w: signature does not match", ErrSignature)
	}
	return nil
}
