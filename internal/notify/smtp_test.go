package notify_test

import (
	"bytes"
	"encoding/base64"
	"log/slog"
	"mime"
	"net/mail"
	"strconv"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/notify"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
	"civicgrid/internal/sweep"
)

// Configured from the environment, the notifier mails deadline events to
// the fake server (retrying after its 451), logs every event, and does
// not mail the others.
func TestSMTPFromEnvironment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv := startSMTP(t, 1)
		env := map[string]string{
			"CIVICGRID_SMTP_ADDR": srv.addr(),
			"CIVICGRID_SMTP_FROM": "12345 平台 <noreply@civicgrid.test>",
			"CIVICGRID_SMTP_TO":   "duban@district.test, 值班室 <duty@district.test>",
		}
		var logs bytes.Buffer
		sinks, err := notify.SinksFromEnv(func(k string) string { return env[k] }, slog.New(slog.NewJSONHandler(&logs, nil)))
		if err != nil {
			t.Fatal(err)
		}
		c := ordertest.NewNow(t0)
		n := newNotifier(t, db, c, notify.Config{Sinks: sinks, RetryBase: time.Second})
		due := time.Date(2026, 11, 27, 0, 0, 0, 0, cst)
		overdue := addEvent(t, db, sweep.ActionResolveOverdue, "202611230001", due)
		created := addEvent(t, db, order.ActionCreate, "202611230009", time.Time{})

		if r := poll(t, n); r != (notify.Report{Claimed: 2, Delivered: 1, Retrying: 1}) { // 451 for the first mail
			t.Fatalf("first poll %+v", r)
		}
		c.Advance(time.Second)
		if r := poll(t, n); r != (notify.Report{Claimed: 1, Delivered: 1}) {
			t.Fatalf("second poll %+v", r)
		}
		for _, id := range []int64{overdue, created} {
			if got := row(t, db, id); got.doneAt == 0 {
				t.Fatalf("event %d not done: %+v", id, got)
			}
		}
		mails := srv.received()
		if len(mails) != 1 {
			t.Fatalf("%d mails, want 1 (only the deadline event)", len(mails))
		}
		m := mails[0]
		if m.from != "noreply@civicgrid.test" || strings.Join(m.to, " ") != "duban@district.test duty@district.test" {
			t.Fatalf("envelope %s → %v", m.from, m.to)
		}
		msg, err := mail.ReadMessage(strings.NewReader(m.data))
		if err != nil {
			t.Fatal(err)
		}
		subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if err != nil || subject != "[civicgrid] 工单 202611230001 办理已超期 resolution overdue" {
			t.Fatalf("subject %q, %v", subject, err)
		}
		if id := msg.Header.Get("Message-Id"); id != "<outbox-"+strconv.FormatInt(overdue, 10)+"@civicgrid>" {
			t.Fatalf("Message-ID %q", id)
		}
		raw := new(bytes.Buffer)
		_, _ = raw.ReadFrom(msg.Body)
		body, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(raw.String(), "\n", ""))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"工单 Order: 202611230001", "(order.resolve_overdue)", "期限 Due: 2026-11-27 00:00 (UTC+08:00)",
			"状态 Status: 待签收 dispatched → 待派遣 pending"} {
			if !strings.Contains(string(body), want) {
				t.Errorf("body lacks %q:\n%s", want, body)
			}
		}
		// The log sink saw both events, once each.
		for _, number := range []string{"202611230001", "202611230009"} {
			if n := strings.Count(logs.String(), `"number":"`+number+`"`); n != 1 {
				t.Errorf("order %s logged %d times:\n%s", number, n, logs.String())
			}
		}
	})
}

func TestSinksFromEnvironment(t *testing.T) {
	get := func(env map[string]string) func(string) string { return func(k string) string { return env[k] } }
	names := func(sinks []notify.Sink) string {
		var out []string
		for _, s := range sinks {
			out = append(out, s.Name())
		}
		return strings.Join(out, ",")
	}
	good := map[string]string{
		"CIVICGRID_WEBHOOK_URL":    "https://hooks.example.test/civicgrid",
		"CIVICGRID_WEBHOOK_SECRET": "0123456789abcdef",
		"CIVICGRID_SMTP_ADDR":      "relay.gov.test:25",
		"CIVICGRID_SMTP_FROM":      "noreply@civicgrid.test",
		"CIVICGRID_SMTP_TO":        "a@x.test,b@x.test",
	}
	if sinks, err := notify.SinksFromEnv(get(good), nil); err != nil || names(sinks) != "log,webhook,smtp" {
		t.Fatalf("full config: %s, %v", names(sinks), err)
	}
	if sinks, err := notify.SinksFromEnv(get(map[string]string{}), nil); err != nil || names(sinks) != "log" {
		t.Fatalf("empty config: %s, %v", names(sinks), err)
	}
	if sinks, err := notify.SinksFromEnv(get(map[string]string{"CIVICGRID_NOTIFY_LOG": "off"}), nil); err != nil || len(sinks) != 0 {
		t.Fatalf("log off: %s, %v", names(sinks), err)
	}
	bad := []map[string]string{
		{"CIVICGRID_WEBHOOK_URL": "https://hooks.example.test/x"},                                      // no secret
		{"CIVICGRID_WEBHOOK_URL": "https://hooks.example.test/x", "CIVICGRID_WEBHOOK_SECRET": "short"}, // weak secret
		{"CIVICGRID_WEBHOOK_URL": "ftp://hooks.example.test/x", "CIVICGRID_WEBHOOK_SECRET": good["CIVICGRID_WEBHOOK_SECRET"]},
		{"CIVICGRID_SMTP_ADDR": "relay.gov.test", "CIVICGRID_SMTP_FROM": "a@x.test", "CIVICGRID_SMTP_TO": "b@x.test"}, // no port
		{"CIVICGRID_SMTP_ADDR": "relay.gov.test:25", "CIVICGRID_SMTP_TO": "b@x.test"},                                 // no sender
		{"CIVICGRID_SMTP_ADDR": "relay.gov.test:25", "CIVICGRID_SMTP_FROM": "a@x.test"},                               // no recipient
		{"CIVICGRID_SMTP_ADDR": "relay.gov.test:25", "CIVICGRID_SMTP_FROM": "a@x.test", "CIVICGRID_SMTP_TO": "not an address"},
	}
	for _, env := range bad {
		if sinks, err := notify.SinksFromEnv(get(env), nil); err == nil {
			t.Errorf("%v accepted: %s", env, names(sinks))
		}
	}
}
