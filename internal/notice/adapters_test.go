package notice_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"civicgrid/internal/notice"
	"civicgrid/internal/notice/noticetest"
)

func message(t *testing.T, code string) notice.SMSMessage {
	t.Helper()
	ts := notice.DefaultTemplates("明山区12345")
	tpl := ts.Events[notice.EventAccepted]
	tpl.Code = code
	ts.Events[notice.EventAccepted] = tpl
	if err := ts.Check(); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{notice.VarNumber: "202611230001", notice.VarMatter: "噪声扰民",
		notice.VarLink: "https://12345.example.cn/track?number=202611230001"}
	return notice.SMSMessage{Phone: "13812345678", Sign: ts.Sign, Event: notice.EventAccepted,
		Template: ts.Events[notice.EventAccepted], Vars: vars, Text: ts.Text(notice.EventAccepted, vars), Ref: "outbox-7-sms"}
}

// Each adapter against its fake: the fake checks the signature as the
// provider does and takes the message; a wrong secret is refused by the
// fake's check; an outage is an error to retry; no error names the phone.
func TestAdaptersAgainstFakes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	aliyun := noticetest.Aliyun("LTAI-test", "aliyun-secret")
	defer aliyun.Close()
	tencent := noticetest.Tencent("AKID-test", "tencent-key", "1400000001")
	defer tencent.Close()
	gateway := noticetest.HTTP([]byte("gateway-secret-0123456789"))
	defer gateway.Close()

	cases := []struct {
		name  string
		fake  *noticetest.Provider
		good  notice.SMS
		wrong notice.SMS
		code  string
	}{
		{"aliyun", aliyun, &notice.Aliyun{AccessKeyID: "LTAI-test", AccessKeySecret: "aliyun-secret", Endpoint: aliyun.URL},
			&notice.Aliyun{AccessKeyID: "LTAI-test", AccessKeySecret: "guessed", Endpoint: aliyun.URL}, "SMS_465000001"},
		{"tencent", tencent, &notice.Tencent{SecretID: "AKID-test", SecretKey: "tencent-key", SdkAppID: "1400000001", Endpoint: tencent.URL},
			&notice.Tencent{SecretID: "AKID-test", SecretKey: "guessed", SdkAppID: "1400000001", Endpoint: tencent.URL}, "2000001"},
		{"http", gateway, &notice.SignedHTTP{URL: gateway.URL, Secret: []byte("gateway-secret-0123456789")},
			&notice.SignedHTTP{URL: gateway.URL, Secret: []byte("guessed-secret-0123456789")}, "accepted"},
	}
	for _, c := range cases {
		m := message(t, c.code)
		ref, err := c.good.Send(ctx, m)
		if err != nil || ref == "" {
			t.Fatalf("%s: send: %q %v", c.name, ref, err)
		}
		sent := c.fake.Sent()
		if len(sent) != 1 || sent[0].Phone != "13812345678" || sent[0].Sign != "明山区12345" || sent[0].Template != c.code ||
			sent[0].Ref != "outbox-7-sms" {
			t.Fatalf("%s: fake took %+v", c.name, sent)
		}
		p := sent[0].Params
		if c.name == "tencent" { // {1} matter, {2} number, {3} link: the order the template names them
			if p["1"] != "噪声扰民" || p["2"] != "202611230001" || !strings.HasSuffix(p["3"], "number=202611230001") {
				t.Errorf("tencent params %v", p)
			}
		} else if p[notice.VarNumber] != "202611230001" || p[notice.VarMatter] != "噪声扰民" {
			t.Errorf("%s params %v", c.name, p)
		}
		if c.name == "http" && sent[0].Text != m.Text {
			t.Errorf("http text %q, want %q", sent[0].Text, m.Text)
		}

		_, err = c.wrong.Send(ctx, m)
		if !errors.Is(err, notice.ErrProvider) || len(c.fake.Rejected()) != 1 {
			t.Errorf("%s: wrong secret: %v, rejected %q", c.name, err, c.fake.Rejected())
		}
		c.fake.FailNext(1)
		if _, err := c.good.Send(ctx, m); !errors.Is(err, notice.ErrProvider) {
			t.Errorf("%s: outage: %v", c.name, err)
		}
		for _, e := range []error{err} {
			if e != nil && strings.Contains(e.Error(), "13812345678") {
				t.Errorf("%s: error names the phone: %v", c.name, e)
			}
		}
		if len(c.fake.Sent()) != 1 {
			t.Errorf("%s: the fake took %d messages, want only the first", c.name, len(c.fake.Sent()))
		}
	}
}
