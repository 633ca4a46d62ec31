// Package noticetest has local fakes of the SMS providers and of an SMTP
// relay for tests: each fake checks the request as the provider would —
// the signature first (ACS3, TC3, or the signed-HTTP HMAC), then the
// action and parameters — records what it accepted, and answers in the
// provider's own format.
package noticetest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"

	"civicgrid/internal/notice"
	"civicgrid/internal/notify"
)

// Sent is one message a fake accepted.
type Sent struct {
	Phone    string
	Sign     string
	Template string
	// Params by name (aliyun, http) or in order as "1", "2" … (tencent).
	Params map[string]string
	Text   string // the signed-HTTP adapter sends the text; providers render it themselves
	Ref    string
}

// Provider is a running fake.
type Provider struct {
	*httptest.Server
	mu       sync.Mutex
	sent     []Sent
	rejected []string
	failNext int
	nonces   map[string]bool
}

// Sent is every message accepted so far.
func (p *Provider) Sent() []Sent {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Sent(nil), p.sent...)
}

// Rejected are the reasons of every refused request (bad signatures …).
func (p *Provider) Rejected() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.rejected...)
}

// FailNext makes the next n well-signed requests fail as a provider's
// outage would (HTTP 503).
func (p *Provider) FailNext(n int) {
	p.mu.Lock()
	p.failNext = n
	p.mu.Unlock()
}

func (p *Provider) reject(w http.ResponseWriter, status int, reply any, why string) {
	p.mu.Lock()
	p.rejected = append(p.rejected, why)
	p.mu.Unlock()
	writeJSON(w, status, reply)
}

// outage answers 503 while FailNext lasts.
func (p *Provider) outage(w http.ResponseWriter) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failNext > 0 {
		p.failNext--
		http.Error(w, "service unavailable", http.StatusServiceUnavailable)
		return true
	}
	return false
}

func (p *Provider) accept(s Sent) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sent = append(p.sent, s)
	return len(p.sent)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func newProvider(h func(p *Provider, w http.ResponseWriter, r *http.Request, body []byte)) *Provider {
	p := &Provider{nonces: map[string]bool{}}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		h(p, w, r, body)
	}))
	return p
}

// Aliyun fakes Alibaba Cloud SMS SendSms (dysmsapi 2017-05-25).
func Aliyun(keyID, secret string) *Provider {
	return newProvider(func(p *Provider, w http.ResponseWriter, r *http.Request, body []byte) {
		if err := notice.VerifyACS3(r, body, keyID, secret, time.Now()); err != nil {
			p.reject(w, http.StatusBadRequest, map[string]string{"Code": "SignatureDoesNotMatch", "Message": err.Error()}, err.Error())
			return
		}
		p.mu.Lock()
		replayed := p.nonces[r.Header.Get("x-acs-signature-nonce")]
		p.nonces[r.Header.Get("x-acs-signature-nonce")] = true
		p.mu.Unlock()
		if replayed {
			p.reject(w, http.StatusBadRequest, map[string]string{"Code": "SignatureNonceUsed"}, "nonce replayed")
			return
		}
		q := r.URL.Query()
		if r.Method != http.MethodPost || r.Header.Get("x-acs-action") != "SendSms" || r.Header.Get("x-acs-version") != "2017-05-25" {
			p.reject(w, http.StatusBadRequest, map[string]string{"Code": "InvalidAction"}, "not SendSms 2017-05-25")
			return
		}
		var params map[string]string
		if err := json.Unmarshal([]byte(q.Get("TemplateParam")), &params); err != nil || q.Get("PhoneNumbers") == "" ||
			q.Get("SignName") == "" || q.Get("TemplateCode") == "" {
			p.reject(w, http.StatusOK, map[string]string{"Code": "isv.INVALID_PARAMETERS"}, "parameters")
			return
		}
		if p.outage(w) {
			return
		}
		n := p.accept(Sent{Phone: q.Get("PhoneNumbers"), Sign: q.Get("SignName"), Template: q.Get("TemplateCode"),
			Params: params, Ref: q.Get("OutId")})
		writeJSON(w, http.StatusOK, map[string]string{"Code": "OK", "Message": "OK", "BizId": fmt.Sprintf("biz-%d", n),
			"RequestId": fmt.Sprintf("req-%d", n)})
	})
}

// Tencent fakes Tencent Cloud SMS SendSms (sms 2021-01-11).
func Tencent(secretID, secretKey, sdkAppID string) *Provider {
	return newProvider(func(p *Provider, w http.ResponseWriter, r *http.Request, body []byte) {
		fail := func(code, why string) {
			p.reject(w, http.StatusOK, map[string]any{"Response": map[string]any{
				"Error": map[string]string{"Code": code, "Message": why}, "RequestId": "req-err"}}, why)
		}
		if err := notice.VerifyTC3(r, body, "sms", secretID, secretKey, time.Now()); err != nil {
			fail("AuthFailure.SignatureFailure", err.Error())
			return
		}
		if r.Header.Get("X-TC-Action") != "SendSms" || r.Header.Get("X-TC-Version") != "2021-01-11" {
			fail("InvalidAction", "not SendSms 2021-01-11")
			return
		}
		var req struct {
			PhoneNumberSet   []string
			SmsSdkAppId      string
			SignName         string
			TemplateId       string
			TemplateParamSet []string
			SessionContext   string
		}
		if err := json.Unmarshal(body, &req); err != nil || len(req.PhoneNumberSet) != 1 || req.SmsSdkAppId != sdkAppID ||
			req.SignName == "" || req.TemplateId == "" {
			fail("InvalidParameter", "parameters")
			return
		}
		if p.outage(w) {
			return
		}
		params := map[string]string{}
		for i, v := range req.TemplateParamSet {
			params[strconv.Itoa(i+1)] = v
		}
		phone := req.PhoneNumberSet[0]
		if len(phone) > 3 && phone[:3] == "+86" {
			phone = phone[3:]
		}
		n := p.accept(Sent{Phone: phone, Sign: req.SignName, Template: req.TemplateId, Params: params, Ref: req.SessionContext})
		writeJSON(w, http.StatusOK, map[string]any{"Response": map[string]any{
			"SendStatusSet": []map[string]any{{"SerialNo": fmt.Sprintf("serial-%d", n), "PhoneNumber": req.PhoneNumberSet[0],
				"Code": "Ok", "Message": "send success", "IsoCode": "CN"}},
			"RequestId": fmt.Sprintf("req-%d", n)}})
	})
}

// HTTP fakes a gateway for the signed-HTTP adapter.
func HTTP(secret []byte) *Provider {
	return newProvider(func(p *Provider, w http.ResponseWriter, r *http.Request, body []byte) {
		ts := r.Header.Get(notify.HeaderTimestamp)
		sec, err := strconv.ParseInt(ts, 10, 64)
		if err != nil || time.Since(time.Unix(sec, 0)).Abs() > notice.MaxSkew ||
			!notify.Verify(secret, ts, body, r.Header.Get(notify.HeaderSignature)) {
			p.reject(w, http.StatusUnauthorized, map[string]string{"error": "bad signature"}, "bad signature")
			return
		}
		var m notice.HTTPMessage
		if err := json.Unmarshal(body, &m); err != nil || m.Phone == "" || m.Text == "" {
			p.reject(w, http.StatusBadRequest, map[string]string{"error": "bad message"}, "bad message")
			return
		}
		if p.outage(w) {
			return
		}
		n := p.accept(Sent{Phone: m.Phone, Sign: m.Sign, Template: m.Template, Params: m.Params, Text: m.Text, Ref: m.Ref})
		writeJSON(w, http.StatusOK, map[string]string{"id": fmt.Sprintf("msg-%d", n)})
	})
}
