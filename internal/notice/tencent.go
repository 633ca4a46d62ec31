package notice

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Tencent sends through Tencent Cloud SMS (短信): the SendSms action of
// sms 2021-01-11, a POST of JSON signed with TC3-HMAC-SHA256.
type Tencent struct {
	SecretID  string
	SecretKey string
	// SdkAppID is the SMS application (SmsSdkAppId, 1400…).
	SdkAppID string
	// Region defaults to ap-guangzhou.
	Region string
	// Endpoint defaults to https://sms.tencentcloudapi.com.
	Endpoint string
	Client   *http.Client
	Now      func() time.Time
}

// TencentEndpoint is Tencent Cloud SMS's public endpoint.
const TencentEndpoint = "https://sms.tencentcloudapi.com"

func (*Tencent) Name() string { return "tencent" }

type tencentRequest struct {
	PhoneNumberSet   []string `json:"PhoneNumberSet"`
	SmsSdkAppID      string   `json:"SmsSdkAppId"`
	SignName         string   `json:"SignName"`
	TemplateID       string   `json:"TemplateId"`
	TemplateParamSet []string `json:"TemplateParamSet"`
	SessionContext   string   `json:"SessionContext"`
}

type tencentReply struct {
	Response struct {
		SendStatusSet []struct {
			SerialNo string `json:"SerialNo"`
			Code     string `json:"Code"`
			Message  string `json:"Message"`
		} `json:"SendStatusSet"`
		Error *struct {
			Code    string `json:"Code"`
			Message string `json:"Message"`
		} `json:"Error"`
		RequestID string `json:"RequestId"`
	} `json:"Response"`
}

func (t *Tencent) Send(ctx context.Context, m SMSMessage) (string, error) {
	payload, err := json.Marshal(tencentRequest{PhoneNumberSet: []string{"+86" + m.Phone}, SmsSdkAppID: t.SdkAppID,
		SignName: m.Sign, TemplateID: m.Template.Code, TemplateParamSet: m.Template.params(m.Vars), SessionContext: m.Ref})
	if err != nil {
		return "", err
	}
	endpoint := t.Endpoint
	if endpoint == "" {
		endpoint = TencentEndpoint
	}
	u, err := url.Parse(strings.TrimRight(endpoint, "/") + "/")
	if err != nil {
		return "", fmt.Errorf("%w: endpoint %q: %v", ErrProvider, endpoint, err)
	}
	now := time.Now
	if t.Now != nil {
		now = t.Now
	}
	region := t.Region
	if region == "" {
		region = "ap-guangzhou"
	}
	const contentType = "application/json; charset=utf-8"
	ts := now().Unix()
	auth, _ := tc3Authorization(t.SecretID, t.SecretKey, tc3Request{Service: "sms", Host: u.Host, ContentType: contentType,
		Payload: payload, Timestamp: ts})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(payload))
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrProvider, err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", auth)
	req.Header.Set("X-TC-Action", "SendSms")
	req.Header.Set("X-TC-Version", "2021-01-11")
	req.Header.Set("X-TC-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("X-TC-Region", region)
	resp, err := clientOr(t.Client).Do(req)
	if err != nil {
		return "", fmt.Errorf("%w: tencent: %v", ErrProvider, scrubURL(err))
	}
	body, err := readReply(resp)
	if err != nil {
		return "", err
	}
	var r tencentReply
	if err := json.Unmarshal(body, &r); err != nil {
		return "", fmt.Errorf("%w: tencent: HTTP %d: %q", ErrProvider, resp.StatusCode, clipText(body))
	}
	switch {
	case r.Response.Error != nil:
		return "", fmt.Errorf("%w: tencent: %s %s (request %s)", ErrProvider, r.Response.Error.Code, r.Response.Error.Message, r.Response.RequestID)
	case len(r.Response.SendStatusSet) != 1:
		return "", fmt.Errorf("%w: tencent: HTTP %d: %d statuses for one number", ErrProvider, resp.StatusCode, len(r.Response.SendStatusSet))
	case r.Response.SendStatusSet[0].Code != "Ok":
		st := r.Response.SendStatusSet[0]
		return "", fmt.Errorf("%w: tencent: %s %s (request %s)", ErrProvider, st.Code, st.Message, r.Response.RequestID)
	}
	return r.Response.SendStatusSet[0].SerialNo, nil
}

func asURLError(err error, target **url.Error) bool { return errors.As(err, target) }
