package mailbox

import (
	"encoding/base64"
	"errors"
	"mime"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func gbk(t *testing.T, s string) string {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A letter as Chinese webmail sends it: GBK, base64 body, the subject and
// the sender's name as GB2312 encoded-words.
func TestParseGBKBase64(t *testing.T) {
	body := "您好：\r\n永光小区3号楼下的路灯坏了一个星期，晚上很黑，老人出门不安全。\r\n请尽快修理。"
	subject := mime.BEncoding.Encode("GB2312", gbk(t, "反映路灯不亮"))
	from := mime.BEncoding.Encode("GBK", gbk(t, "张三"))
	msg := "From: " + from + " <ZhangSan@Example.COM>\r\n" +
		"To: 12345@mingshan.gov.cn\r\nSubject: " + subject + "\r\n" +
		"Date: Mon, 23 Nov 2026 08:15:00 +0800\r\nMessage-ID: <abc123@mail.example.com>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=\"gbk\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		wrap(base64.StdEncoding.EncodeToString([]byte(gbk(t, body))), 76)
	m, err := Parse(strings.NewReader(msg))
	if err != nil {
		t.Fatal(err)
	}
	if m.FromName != "张三" || m.FromEmail != "zhangsan@example.com" || m.Subject != "反映路灯不亮" || m.MessageID != "abc123@mail.example.com" {
		t.Fatalf("headers: %+v", m)
	}
	if !strings.Contains(m.Body, "路灯坏了一个星期") || m.Date.IsZero() {
		t.Fatalf("body %q date %v", m.Body, m.Date)
	}
}

// multipart/alternative inside multipart/mixed with a photo: the plain
// text wins, the photo is counted.
func TestParseMultipart(t *testing.T) {
	msg := "From: li@example.com\r\nSubject: =?UTF-8?Q?=E5=99=AA=E9=9F=B3?=\r\nMessage-ID: <m2@x>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=OUTER\r\n\r\n" +
		"--OUTER\r\nContent-Type: multipart/alternative; boundary=INNER\r\n\r\n" +
		"--INNER\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>楼上<b>半夜</b>装修</p>\r\n" +
		"--INNER\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
		"=E6=A5=BC=E4=B8=8A=E5=8D=8A=E5=A4=9C=E8=A3=85=E4=BF=AE\r\n--INNER--\r\n" +
		"--OUTER\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; filename=a.jpg\r\nContent-Transfer-Encoding: base64\r\n\r\n/9j/4AAQ\r\n" +
		"--OUTER--\r\n"
	m, err := Parse(strings.NewReader(msg))
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "噪音" || m.Body != "楼上半夜装修" || m.Attachments != 1 {
		t.Fatalf("%+v", m)
	}
}

func TestParseHTMLOnly(t *testing.T) {
	msg := "From: w@example.com\r\nSubject: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
		"<style>p{}</style><p>下水道堵了&amp;冒水</p><br>请处理"
	m, err := Parse(strings.NewReader(msg))
	if err != nil {
		t.Fatal(err)
	}
	if m.Body != "下水道堵了&冒水\n\n请处理" || !strings.HasPrefix(m.MessageID, "nomsgid:w@example.com") {
		t.Fatalf("%q %q", m.Body, m.MessageID)
	}
}

func TestParseRefusesWhatIsNotALetter(t *testing.T) {
	for name, msg := range map[string]string{
		"no headers":   "just text",
		"bad from":     "From: nobody\r\nSubject: x\r\n\r\nbody",
		"no text":      "From: a@example.com\r\n\r\n   ",
		"bad charset":  "From: a@example.com\r\nContent-Type: text/plain; charset=latin1\r\n\r\n\xff\xfe",
		"bad boundary": "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nno end",
	} {
		if _, err := Parse(strings.NewReader(msg)); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
}

func wrap(s string, n int) string {
	var b strings.Builder
	for len(s) > n {
		b.WriteString(s[:n] + "\r\n")
		s = s[n:]
	}
	b.WriteString(s + "\r\n")
	return b.String()
}
