package notice

import (
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// Tencent Cloud API 3.0 signature v3 (TC3-HMAC-SHA256), from its public
// document "签名方法 v3":
//
//	CanonicalRequest = Method \n "/" \n CanonicalQueryString \n
//	                   CanonicalHeaders \n SignedHeaders \n hex(SHA256(payload))
//	StringToSign     = "TC3-HMAC-SHA256" \n Timestamp \n Date/service/tc3_request \n
//	                   hex(SHA256(CanonicalRequest))
//	SecretSigning    = HMAC(HMAC(HMAC("TC3"+SecretKey, Date), service), "tc3_request")
//	Signature        = hex(HMAC(SecretSigning, StringToSign))
//	Authorization: TC3-HMAC-SHA256 Credential=<id>/<Date/service/tc3_request>,
//	               SignedHeaders=content-type;host, Signature=<…>
//
// Date is the UTC day of the timestamp. Like the SDKs, civicgrid signs a
// POST of JSON with the content-type and host headers only.

const tc3Algorithm = "TC3-HMAC-SHA256"

// tc3Request is what a TC3 signature covers.
type tc3Request struct {
	Service     string // sms, cvm …
	Host        string
	ContentType string
	Payload     []byte
	Timestamp   int64 // Unix seconds
}

func (r tc3Request) date() string { return time.Unix(r.Timestamp, 0).UTC().Format(time.DateOnly) }

func (r tc3Request) scope() string { return r.date() + "/" + r.Service + "/tc3_request" }

func tc3CanonicalRequest(r tc3Request) string {
	return "POST\n/\n\n" + "content-type:" + strings.TrimSpace(r.ContentType) + "\nhost:" + r.Host + "\n\n" +
		"content-type;host\n" + sha256Hex(r.Payload)
}

func tc3StringToSign(r tc3Request) string {
	return tc3Algorithm + "\n" + strconv.FormatInt(r.Timestamp, 10) + "\n" + r.scope() + "\n" +
		sha256Hex([]byte(tc3CanonicalRequest(r)))
}

// tc3Authorization signs r and returns the Authorization header value,
// and the signature alone.
func tc3Authorization(secretID, secretKey string, r tc3Request) (authorization, signature string) {
	k := hmacSHA256([]byte("TC3"+secretKey), r.date())
	k = hmacSHA256(k, r.Service)
	k = hmacSHA256(k, "tc3_request")
	signature = hex.EncodeToString(hmacSHA256(k, tc3StringToSign(r)))
	return tc3Algorithm + " Credential=" + secretID + "/" + r.scope() + ", SignedHeaders=content-type;host, Signature=" + signature, signature
}
