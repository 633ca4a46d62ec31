package cli

import (
	"strings"
	"testing"
)

func TestIntakeMail(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CIVICGRID_DB", "")
	t.Setenv("CIVICGRID_PII_KEY", "")
	msg := "From: 李四 <lisi@example.com>\r\nSubject: 噪音扰民\r\nMessage-ID: <n1@example.com>\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\n楼下烧烤店每天营业到凌晨两点，油烟和噪音很大。"
	out, err := run(t, msg, "intake", "mail", "--data", dir)
	if err != nil || !strings.Contains(out, `mail 1 received: "噪音扰民"`) {
		t.Fatalf("first delivery: %v\n%s", err, out)
	}
	out, err = run(t, msg, "intake", "mail", "--data", dir)
	if err != nil || !strings.Contains(out, "mail 1 was already received") {
		t.Fatalf("redelivery: %v\n%s", err, out)
	}
	if out, err := run(t, "not a message at all", "intake", "mail", "--data", dir); err == nil {
		t.Fatalf("garbage accepted:\n%s", out)
	}
}
