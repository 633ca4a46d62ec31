package notice

import (
	"strings"
	"testing"
)

// The worked example of Alibaba Cloud's V3 signature document: a
// RunInstances request with an empty body, signed with the document's
// placeholder credentials.
func TestACS3DocumentExample(t *testing.T) {
	r := acs3Request{Method: "POST", Path: "/",
		Query: map[string]string{"ImageId": "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd", "RegionId": "cn-shanghai"},
		Headers: map[string]string{
			"host": "ecs.cn-shanghai.aliyuncs.com", "x-acs-action": "RunInstances", "x-acs-version": "2014-05-26",
			"x-acs-date": "2023-10-26T10:22:32Z", "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
			"x-acs-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}}
	canonical, _ := acs3CanonicalRequest(r)
	wantCanonical := "POST\n/\nImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\n" +
		"host:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\n" +
		"x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n" +
		"x-acs-date:2023-10-26T10:22:32Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\nx-acs-version:2014-05-26\n\n" +
		"host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n" +
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	if canonical != wantCanonical {
		t.Fatalf("canonical request\n%s\nwant\n%s", canonical, wantCanonical)
	}
	if got := sha256Hex([]byte(canonical)); got != "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259" {
		t.Errorf("hashed canonical request %s", got)
	}
	auth, sig := acs3Authorization("YourAccessKeyId", "YourAccessKeySecret", r)
	if sig != "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0" {
		t.Errorf("signature %s", sig)
	}
	want := "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;" +
		"x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
	if auth != want {
		t.Errorf("Authorization\n%s\nwant\n%s", auth, want)
	}
}

func TestACS3Encoding(t *testing.T) {
	for in, want := range map[string]string{"AZaz09-_.~": "AZaz09-_.~", "a b*c+d/e=f&g": "a%20b%2Ac%2Bd%2Fe%3Df%26g",
		"明山区12345": "%E6%98%8E%E5%B1%B1%E5%8C%BA12345", `{"a":1}`: "%7B%22a%22%3A1%7D"} {
		if got := acs3Encode(in); got != want {
			t.Errorf("acs3Encode(%q) = %q, want %q", in, got, want)
		}
	}
}

// The worked example of Tencent Cloud's signature v3 document: a
// DescribeInstances POST to cvm at 1551113065 (2019-02-25 UTC), signed
// with the document's masked key exactly as printed.
func TestTC3DocumentExample(t *testing.T) {
	r := tc3Request{Service: "cvm", Host: "cvm.tencentcloudapi.com", ContentType: "application/json; charset=utf-8",
		Payload:   []byte(`{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`),
		Timestamp: 1551113065}
	if got := sha256Hex(r.Payload); got != "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064" {
		t.Fatalf("hashed payload %s", got)
	}
	wantCanonical := "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\n" +
		"content-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
	if got := tc3CanonicalRequest(r); got != wantCanonical {
		t.Fatalf("canonical request\n%s\nwant\n%s", got, wantCanonical)
	}
	wantToSign := "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
	if got := tc3StringToSign(r); got != wantToSign {
		t.Fatalf("string to sign\n%s\nwant\n%s", got, wantToSign)
	}
	auth, sig := tc3Authorization("AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******", "Gu5t9xGARNpq86cd98joQYCN3*******", r)
	if sig != "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c" {
		t.Errorf("signature %s", sig)
	}
	if !strings.HasPrefix(auth, "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=2230eefd") {
		t.Errorf("Authorization %s", auth)
	}
}
