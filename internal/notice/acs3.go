package notice

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
)

// Alibaba Cloud's V3 request signature (ACS3-HMAC-SHA256), from its
// public document "V3版本请求体&签名机制":
//
//	CanonicalRequest = Method \n CanonicalURI \n CanonicalQueryString \n
//	                   CanonicalHeaders \n SignedHeaders \n HashedRequestPayload
//	StringToSign     = "ACS3-HMAC-SHA256" \n hex(SHA256(CanonicalRequest))
//	Signature        = hex(HMAC-SHA256(AccessKeySecret, StringToSign))
//	Authorization: ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<…>,Signature=<…>
//
// The signed headers are host, content-type when present, and every
// x-acs-* header, lower-cased and sorted; values trimmed.

const acs3Algorithm = "ACS3-HMAC-SHA256"

// acs3Request is what an ACS3 signature covers.
type acs3Request struct {
	Method  string
	Path    string            // "/" for RPC-style APIs
	Query   map[string]string // sent in the URL
	Headers map[string]string // host, content-type, x-acs-*: names in any case
	Body    []byte
}

// acs3Encode is the percent-encoding the document asks for: RFC 3986
// unreserved characters kept, everything else %XX (a space is %20, never
// +).
func acs3Encode(s string) string {
	return strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(url.QueryEscape(s))
}

// canonicalQuery sorts the parameters by name and encodes names and
// values.
func canonicalQuery(q map[string]string) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = acs3Encode(k) + "=" + acs3Encode(q[k])
	}
	return strings.Join(parts, "&")
}

// canonicalHeaders lower-cases, trims and sorts the headers to sign, and
// returns them as lines and as the SignedHeaders list.
func canonicalHeaders(h map[string]string, signed func(name string) bool) (lines, names string) {
	m := map[string]string{}
	for k, v := range h {
		k = strings.ToLower(strings.TrimSpace(k))
		if signed(k) {
			m[k] = strings.TrimSpace(v)
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k + ":" + m[k] + "\n")
	}
	return b.String(), strings.Join(keys, ";")
}

func acs3Signed(name string) bool {
	return name == "host" || name == "content-type" || strings.HasPrefix(name, "x-acs-")
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func hmacSHA256(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// acs3CanonicalRequest builds the canonical request of r; its headers
// must already carry x-acs-content-sha256.
func acs3CanonicalRequest(r acs3Request) (canonical, signedHeaders string) {
	path := r.Path
	if path == "" {
		path = "/"
	}
	lines, names := canonicalHeaders(r.Headers, acs3Signed)
	hashed := r.Headers["x-acs-content-sha256"]
	if hashed == "" {
		hashed = sha256Hex(r.Body)
	}
	return r.Method + "\n" + path + "\n" + canonicalQuery(r.Query) + "\n" + lines + "\n" + names + "\n" + hashed, names
}

// acs3Authorization signs r and returns the Authorization header value,
// and the signature alone.
func acs3Authorization(keyID, secret string, r acs3Request) (authorization, signature string) {
	canonical, names := acs3CanonicalRequest(r)
	toSign := acs3Algorithm + "\n" + sha256Hex([]byte(canonical))
	signature = hex.EncodeToString(hmacSHA256([]byte(secret), toSign))
	return acs3Algorithm + " Credential=" + keyID + ",SignedHeaders=" + names + ",Signature=" + signature, signature
}
