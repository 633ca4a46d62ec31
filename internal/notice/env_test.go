package notice

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"civicgrid/internal/order"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

func TestResidentFromEnv(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"sign":"明山区12345","templates":{"accepted":{"code":"SMS_1","text":"工单${number}已受理"},
		"replied":{"code":"SMS_2","text":"${number} ${link}"},"resolved":{"code":"SMS_3","text":"${number} ${link}"}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	db, orders := &store.DB{}, &order.Service{}
	for _, c := range []struct {
		env  map[string]string
		want string // "" means it works
	}{
		{map[string]string{}, "off"},
		{map[string]string{"CIVICGRID_NOTICE_BASE_URL": "https://12345.example.cn", "CIVICGRID_SMS_SIGN": "明山区12345",
			"CIVICGRID_SMS_PROVIDER": "http", "CIVICGRID_SMS_ENDPOINT": "https://gw.example.cn/sms", "CIVICGRID_SMS_SECRET": "0123456789abcdef"}, ""},
		{map[string]string{"CIVICGRID_NOTICE_BASE_URL": "https://12345.example.cn", "CIVICGRID_SMS_SIGN": "明山区12345",
			"CIVICGRID_SMS_PROVIDER": "aliyun", "CIVICGRID_SMS_KEY_ID": "id", "CIVICGRID_SMS_KEY_SECRET": "s"}, "needs the template code"},
		{map[string]string{"CIVICGRID_NOTICE_BASE_URL": "https://12345.example.cn", "CIVICGRID_SMS_TEMPLATES": bad,
			"CIVICGRID_SMS_PROVIDER": "aliyun", "CIVICGRID_SMS_KEY_ID": "id", "CIVICGRID_SMS_KEY_SECRET": "s"}, "missing variable ${link}"},
		{map[string]string{"CIVICGRID_NOTICE_BASE_URL": "https://12345.example.cn", "CIVICGRID_SMS_SIGN": "明山区12345",
			"CIVICGRID_SMS_PROVIDER": "fax"}, "want aliyun, tencent or http"},
		{map[string]string{"CIVICGRID_NOTICE_BASE_URL": "https://12345.example.cn", "CIVICGRID_SMS_SIGN": "明山区12345"}, "neither SMS nor e-mail"},
		{map[string]string{"CIVICGRID_NOTICE_BASE_URL": "https://12345.example.cn", "CIVICGRID_SMS_SIGN": "明山区12345",
			"CIVICGRID_NOTICE_SMTP_ADDR": "relay:25", "CIVICGRID_NOTICE_MAIL_FROM": "noreply@12345.example.cn"}, ""},
	} {
		r, err := ResidentFromEnv(func(k string) string { return c.env[k] }, db, orders, nil)
		switch {
		case c.want == "off" && (r != nil || err != nil):
			t.Errorf("%v: %v %v, want nothing configured", c.env, r, err)
		case c.want == "" && (r == nil || err != nil):
			t.Errorf("%v: %v", c.env, err)
		case c.want != "" && c.want != "off" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%v: %v, want %q", c.env, err, c.want)
		}
		if c.want == "missing variable ${link}" && !errors.Is(err, ErrTemplate) {
			t.Errorf("bad template file: %v is not ErrTemplate", err)
		}
	}
}

func TestCodeSenderFromEnv(t *testing.T) {
	dir := t.TempDir()
	file := func(name, code string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(`{"sign":"明山区12345","templates":{"accepted":{"code":"SMS_1","text":"工单${number}已受理${link}"},
			"replied":{"code":"SMS_2","text":"${number} ${link}"},"resolved":{"code":"SMS_3","text":"${number} ${link}"}`+code+`}}`), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	orderOnly := file("orders.json", "")
	noCode := file("nocode.json", `,"consultation_code":{"code":"SMS_4","text":"${estate}${stage}${close}${link}"}`)
	unregistered := file("unregistered.json", `,"consultation_code":{"text":"${estate}${stage}${code}${close}${link}"}`)
	keys, err := pii.NewKeyring(bytes.Repeat([]byte{5}, pii.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	gateway := map[string]string{"CIVICGRID_NOTICE_BASE_URL": "https://12345.example.cn", "CIVICGRID_SMS_PROVIDER": "http",
		"CIVICGRID_SMS_ENDPOINT": "https://gw.example.cn/sms", "CIVICGRID_SMS_SECRET": "0123456789abcdef"}
	with := func(base map[string]string, k, v string) map[string]string {
		out := map[string]string{k: v}
		for a, b := range base {
			out[a] = b
		}
		return out
	}
	aliyun := map[string]string{"CIVICGRID_NOTICE_BASE_URL": "https://12345.example.cn", "CIVICGRID_SMS_PROVIDER": "aliyun",
		"CIVICGRID_SMS_KEY_ID": "id", "CIVICGRID_SMS_KEY_SECRET": "s"}
	for _, c := range []struct {
		env  map[string]string
		want string // "" works, "off" is no sender (codes printed)
	}{
		{map[string]string{}, "off"},
		{map[string]string{"CIVICGRID_NOTICE_BASE_URL": "https://12345.example.cn", "CIVICGRID_SMS_SIGN": "明山区12345"}, "off"},
		{with(gateway, "CIVICGRID_SMS_SIGN", "明山区12345"), ""},
		{with(gateway, "CIVICGRID_SMS_TEMPLATES", orderOnly), "off"},
		{with(gateway, "CIVICGRID_SMS_TEMPLATES", noCode), "consultation_code: missing variable ${code}"},
		{with(aliyun, "CIVICGRID_SMS_TEMPLATES", unregistered), "consultation_code: the aliyun provider needs the template code"},
	} {
		s, err := CodeSenderFromEnv(func(k string) string { return c.env[k] }, &store.DB{}, keys, nil)
		switch {
		case c.want == "off" && (s != nil || err != nil):
			t.Errorf("%v: %v %v, want no sender", c.env, s, err)
		case c.want == "" && (s == nil || err != nil):
			t.Errorf("%v: %v", c.env, err)
		case c.want != "" && c.want != "off" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%v: %v, want %q", c.env, err, c.want)
		}
	}
}
