package notice

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Aliyun sends through Alibaba Cloud SMS (短信服务): the SendSms action of
// dysmsapi 2017-05-25, an RPC-style call with its parameters in the query,
// signed with ACS3-HMAC-SHA256.
type Aliyun struct {
	AccessKeyID     string
	AccessKeySecret string
	// Endpoint defaults to https://dysmsapi.aliyuncs.com.
	Endpoint string
	Client   *http.Client
	Now      func() time.Time
}

// AliyunEndpoint is Alibaba Cloud SMS's public endpoint.
const AliyunEndpoint = "https://dysmsapi.aliyuncs.com"

func (*Aliyun) Name() string { return "aliyun" }

// aliyunReply is SendSms's answer: Code "OK" when accepted.
type aliyunReply struct {
	Code      string `json:"Code"`
	Message   string `json:"Message"`
	BizID     string `json:"BizId"`
	RequestID string `json:"RequestId"`
}

func (a *Aliyun) Send(ctx context.Context, m SMSMessage) (string, error) {
	params, err := json.Marshal(m.Template.named(m.Vars))
	if err != nil {
		return "", err
	}
	endpoint := a.Endpoint
	if endpoint == "" {
		endpoint = AliyunEndpoint
	}
	u, err := url.Parse(strings.TrimRight(endpoint, "/") + "/")
	if err != nil {
		return "", fmt.Errorf("%w: endpoint %q: %v", ErrProvider, endpoint, err)
	}
	now := time.Now
	if a.Now != nil {
		now = a.Now
	}
	query := map[string]string{"PhoneNumbers": m.Phone, "SignName": m.Sign, "TemplateCode": m.Template.Code,
		"TemplateParam": string(params), "OutId": m.Ref}
	headers := map[string]string{"host": u.Host, "x-acs-action": "SendSms", "x-acs-version": "2017-05-25",
		"x-acs-date": now().UTC().Format("2006-01-02T15:04:05Z"), "x-acs-signature-nonce": nonce(),
		"x-acs-content-sha256": sha256Hex(nil)}
	auth, _ := acs3Authorization(a.AccessKeyID, a.AccessKeySecret, acs3Request{Method: http.MethodPost, Path: "/",
		Query: query, Headers: headers})
	u.RawQuery = canonicalQuery(query)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(nil))
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrProvider, err)
	}
	for k, v := range headers {
		if k != "host" {
			req.Header.Set(k, v)
		}
	}
	req.Header.Set("Authorization", auth)
	req.Header.Set("Accept", "application/json")
	resp, err := clientOr(a.Client).Do(req)
	if err != nil {
		return "", fmt.Errorf("%w: aliyun: %v", ErrProvider, scrubURL(err))
	}
	body, err := readReply(resp)
	if err != nil {
		return "", err
	}
	var r aliyunReply
	if err := json.Unmarshal(body, &r); err != nil {
		return "", fmt.Errorf("%w: aliyun: HTTP %d: %q", ErrProvider, resp.StatusCode, clipText(body))
	}
	if resp.StatusCode != http.StatusOK || r.Code != "OK" {
		return "", fmt.Errorf("%w: aliyun: HTTP %d: %s %s (request %s)", ErrProvider, resp.StatusCode, r.Code, r.Message, r.RequestID)
	}
	return r.BizID, nil
}

// scrubURL drops the URL from a transport error: the query of a SendSms
// call holds the phone number.
func scrubURL(err error) error {
	var ue *url.Error
	if ok := asURLError(err, &ue); ok {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}
