package notice_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/category"
	"civicgrid/internal/notice"
	"civicgrid/internal/notice/noticetest"
	"civicgrid/internal/notify"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

const phone, email = "13812345678", "zhang.san@example.cn"

type residentEnv struct {
	db       *store.DB
	orders   *order.Service
	now      *ordertest.Now
	sms      *noticetest.Provider
	relay    *noticetest.Relay
	notifier *notify.Notifier
	logs     *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

var operator = func() order.Actor {
	u := auth.User{ID: 7, Username: "op", Role: auth.RoleOperator, NodeCode: ordertest.District}
	return order.StaffActor(u, auth.ScopeOf(u, ""), "127.0.0.1")
}()

func newResidentEnv(t *testing.T, db *store.DB, dailyCap int) *residentEnv {
	t.Helper()
	ctx := context.Background()
	ordertest.SeedOrg(t, db)
	if _, err := category.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	keys, err := pii.NewKeyring(bytes.Repeat([]byte{5}, pii.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	e := &residentEnv{db: db, now: ordertest.NewNow(ordertest.Monday09), logs: &syncBuffer{}}
	e.orders, err = order.New(order.Config{DB: db, Locator: ordertest.BoxLocator{}, Clock: ordertest.WeekdayClock{},
		Keys: keys, DataDir: t.TempDir(), Now: e.now.Now})
	if err != nil {
		t.Fatal(err)
	}
	e.sms = noticetest.Aliyun("LTAI-test", "aliyun-secret")
	t.Cleanup(e.sms.Close)
	e.relay = noticetest.SMTP(t)
	ts := notice.DefaultTemplates("明山区12345")
	for ev, code := range map[notice.Event]string{notice.EventAccepted: "SMS_1", notice.EventReplied: "SMS_2", notice.EventResolved: "SMS_3",
		notice.EventCallback: "SMS_4"} {
		tpl := ts.Events[ev]
		tpl.Code = code
		ts.Events[ev] = tpl
	}
	logger := slog.New(slog.NewTextHandler(e.logs, nil))
	res, err := notice.NewResident(notice.ResidentConfig{DB: db, Orders: e.orders, Templates: ts, BaseURL: "https://12345.example.cn/",
		SMS:  &notice.Aliyun{AccessKeyID: "LTAI-test", AccessKeySecret: "aliyun-secret", Endpoint: e.sms.URL},
		Mail: &notice.Mailer{Addr: e.relay.Addr(), From: &mail.Address{Name: "明山区12345", Address: "noreply@12345.example.cn"}},
		Matter: func(ctx context.Context, code string) (string, error) {
			c, err := category.Get(ctx, db, code)
			return c.NameZh, err
		}, DailyCap: dailyCap, Now: e.now.Now, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	e.notifier, err = notify.New(notify.Config{DB: db, Sinks: []notify.Sink{res}, Now: e.now.Now, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *residentEnv) file(t *testing.T, notify, confidential bool) order.Order {
	t.Helper()
	o, _, err := e.orders.Create(context.Background(), operator, order.Input{Channel: order.ChannelHotline,
		Category: "noise.disturb", Description: "楼上半夜装修电钻声", Point: &order.Point{Lng: 123.05, Lat: 41.05},
		Attributes: map[string]string{"source": "neighbour"}, ReporterName: "张三", ReporterPhone: phone,
		ReporterEmail: email, Confidential: confidential, Notify: notify})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func (e *residentEnv) poll(t *testing.T) notify.Report {
	t.Helper()
	r, err := e.notifier.Poll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (e *residentEnv) outcomes(t *testing.T, number string) []string {
	t.Helper()
	out, err := store.Strings(e.db.QueryContext(context.Background(), `SELECT l.channel || ':' || l.event || ':' || l.outcome || ':' || l.recipient
		FROM notice_log l JOIN orders o ON o.id = l.order_id WHERE o.number = ? ORDER BY l.outbox_id, l.channel`, number))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The reporter who asked hears of acceptance and the reply by SMS (signed,
// checked by the fake provider) and e-mail; one who did not hears nothing;
// a 保密 order's notices never name the matter; the phone and address are
// never in the log.
func TestResidentHearsBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newResidentEnv(t, db, 0)
		ctx := context.Background()
		silent := e.file(t, false, false)
		told := e.file(t, true, false)
		secret := e.file(t, true, true)
		e.poll(t)
		sent := e.sms.Sent()
		if len(sent) != 2 {
			t.Fatalf("SMS sent %+v, want the two who asked", sent)
		}
		byNumber := map[string]noticetest.Sent{}
		for _, s := range sent {
			byNumber[s.Params[notice.VarNumber]] = s
		}
		if _, ok := byNumber[silent.Number]; ok {
			t.Errorf("the reporter who did not ask got an SMS")
		}
		got := byNumber[told.Number]
		if got.Phone != phone || got.Sign != "明山区12345" || got.Template != "SMS_1" || !strings.Contains(got.Params[notice.VarMatter], "噪音") ||
			got.Params[notice.VarLink] != "https://12345.example.cn/track?number="+told.Number {
			t.Errorf("acceptance SMS %+v", got)
		}
		if m := byNumber[secret.Number].Params[notice.VarMatter]; m != "诉求" {
			t.Errorf("保密 order's SMS names the matter %q", m)
		}
		mails := e.relay.Mails()
		if len(mails) != 2 {
			t.Fatalf("mails %+v, want two", mails)
		}
		for _, m := range mails {
			if m.To != email || !strings.Contains(m.Subject, "【明山区12345】工单已受理") || !strings.Contains(m.Body, "/track?number=") {
				t.Errorf("mail %+v", m)
			}
			if strings.Contains(m.Subject, secret.Number) && (strings.Contains(m.Body, "噪音") || strings.Contains(m.Body, "电钻")) {
				t.Errorf("保密 order's mail names the matter: %q", m.Body)
			}
		}
		if got := e.outcomes(t, told.Number); strings.Join(got, " ") != "email:accepted:sent:z********@example.cn sms:accepted:sent:138****5678" {
			t.Errorf("notice record %q", got)
		}

		// The reply: the provider is down once; the notifier retries the
		// SMS after the backoff and does not mail twice.
		e.sms.FailNext(1)
		o, err := e.orders.Reply(ctx, operator, told.Number, told.Version, "已转城管执法局")
		if err != nil {
			t.Fatal(err)
		}
		if r := e.poll(t); r.Retrying != 1 {
			t.Fatalf("poll with the provider down: %+v", r)
		}
		if len(e.relay.Mails()) != 3 || len(e.sms.Sent()) != 2 {
			t.Fatalf("after the failed SMS: %d mails, %d SMS", len(e.relay.Mails()), len(e.sms.Sent()))
		}
		e.now.Advance(time.Minute)
		if r := e.poll(t); r.Delivered != 1 {
			t.Fatalf("retry: %+v", r)
		}
		if n := len(e.sms.Sent()); n != 3 || e.sms.Sent()[2].Template != "SMS_2" {
			t.Errorf("after the retry %d SMS, want 3 (the reply's)", n)
		}
		if n := len(e.relay.Mails()); n != 3 {
			t.Errorf("the retry mailed again: %d mails", n)
		}

		// 回T退订: nothing more by SMS to that number; e-mail goes on.
		if out, err := notice.Reply(ctx, db, e.orders, "+86 138-1234-5678", " t ", e.now.Now()); err != nil || !out {
			t.Fatalf("opt-out reply: %v %v", out, err)
		}
		if out, err := notice.Reply(ctx, db, e.orders, phone, "谢谢", e.now.Now()); err != nil || out {
			t.Errorf("a thank-you taken as opt-out: %v %v", out, err)
		}
		if _, err := notice.Reply(ctx, db, e.orders, "", "T", e.now.Now()); !errors.Is(err, notice.ErrReply) {
			t.Errorf("reply without a number: %v", err)
		}
		another := e.file(t, true, false)
		e.poll(t)
		if n := len(e.sms.Sent()); n != 3 {
			t.Errorf("SMS after the opt-out: %d, want still 3", n)
		}
		if got := e.outcomes(t, another.Number); strings.Join(got, " ") != "email:accepted:sent:z********@example.cn sms:accepted:opted_out:138****5678" {
			t.Errorf("after the opt-out %q", got)
		}
		_ = o
		for _, secretText := range []string{phone, email, "13812345678"} {
			if strings.Contains(e.logs.String(), secretText) {
				t.Errorf("the log holds %s:\n%s", secretText, e.logs.String())
			}
		}
	})
}

// No number gets more than the daily cap; the day after it may again.
func TestResidentDailyCap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newResidentEnv(t, db, 2)
		var last order.Order
		for range 3 {
			last = e.file(t, true, false)
		}
		e.poll(t)
		if n := len(e.sms.Sent()); n != 2 {
			t.Fatalf("%d SMS sent, want the cap of 2", n)
		}
		if got := e.outcomes(t, last.Number); !strings.Contains(strings.Join(got, " "), "sms:accepted:capped") {
			t.Errorf("third order's notice %q, want capped", got)
		}
		if n := len(e.relay.Mails()); n != 3 {
			t.Errorf("mails %d: the cap is on SMS", n)
		}
		e.now.Advance(24 * time.Hour)
		e.file(t, true, false)
		e.poll(t)
		if n := len(e.sms.Sent()); n != 3 {
			t.Errorf("next day: %d SMS, want 3", n)
		}
	})
}

// A template missing a variable is refused when the sink is made.
func TestResidentRefusesBadTemplates(t *testing.T) {
	ts := notice.DefaultTemplates("明山区12345")
	ts.Events[notice.EventResolved] = notice.Template{Code: "SMS_3", Text: "您的工单已办结，请评价。"}
	_, err := notice.NewResident(notice.ResidentConfig{DB: &store.DB{}, Orders: &order.Service{}, Templates: ts,
		BaseURL: "https://12345.example.cn", SMS: &notice.SignedHTTP{URL: "http://127.0.0.1:1"},
		Matter: func(context.Context, string) (string, error) { return "", nil }})
	if !errors.Is(err, notice.ErrTemplate) || !strings.Contains(err.Error(), "missing variable ${number}") {
		t.Errorf("bad template: %v", err)
	}
}

// An order forwarded to a district: its reply and resolution come back as
// downstream steps on this instance's copy, and the resident who asked
// here hears of both (the district's copy carries no wish to be told, so
// nothing is sent twice).
func TestResidentHearsOfTheDistrictsSteps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newResidentEnv(t, db, 0)
		ctx := context.Background()
		o := e.file(t, true, false)
		e.poll(t)
		for _, step := range []string{order.DownstreamAccepted, order.DownstreamReplied, order.DownstreamResolved} {
			err := db.InTx(ctx, func(tx *store.Tx) error {
				_, err := e.orders.RecordDownstream(ctx, tx, o.ID, order.DownstreamStep{Type: step, At: e.now.Now(),
					Note: "区平台 " + step, Link: "明山区"})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		e.poll(t)
		var templates []string
		for _, s := range e.sms.Sent() {
			templates = append(templates, s.Template)
		}
		if got := strings.Join(templates, " "); got != "SMS_1 SMS_2 SMS_3" {
			t.Errorf("SMS templates %q, want acceptance, reply, resolution (SMS_1 SMS_2 SMS_3)", got)
		}
		want := "email:accepted:sent:z********@example.cn sms:accepted:sent:138****5678 " +
			"email:replied:sent:z********@example.cn sms:replied:sent:138****5678 " +
			"email:resolved:sent:z********@example.cn sms:resolved:sent:138****5678"
		if got := strings.Join(e.outcomes(t, o.Number), " "); got != want {
			t.Errorf("notice record %q\nwant %q", got, want)
		}
	})
}

// The centre's callback does not get through: the resident is told once,
// at the first unanswered call, that the centre will call again.
func TestResidentToldOfAMissedCallback(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newResidentEnv(t, db, 0)
		ctx := context.Background()
		staff := func(role, node, dept string) order.Actor {
			u := auth.User{ID: 40, Username: role, Role: role, NodeCode: node, DepartmentCode: dept}
			region := ""
			if dept != "" {
				region = ordertest.District
			}
			return order.StaffActor(u, auth.ScopeOf(u, region), "127.0.0.1")
		}
		dispatcher := staff(auth.RoleDispatcher, ordertest.District, "")
		o := e.file(t, true, false)
		if o.Status != order.StatusDispatched || o.Level != "grid" {
			t.Fatalf("the noise complaint went to %s %s (%s), want grid A's", o.Level, o.HandlerCode, o.Status)
		}
		handler := staff(auth.RoleCommunity, ordertest.Community1, "") // community staff run their grids
		var err error
		if o, err = e.orders.Sign(ctx, handler, o.Number, o.Version); err != nil {
			t.Fatal(err)
		}
		if o, err = e.orders.Resolve(ctx, handler, o.Number, o.Version, "已处理", nil); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if o, err = e.orders.RecordCallback(ctx, dispatcher, o.Number, o.Version, order.OutcomeNoAnswer, ""); err != nil {
				t.Fatal(err)
			}
		}
		e.poll(t)
		var templates []string
		for _, s := range e.sms.Sent() {
			templates = append(templates, s.Template)
		}
		if got := strings.Join(templates, " "); got != "SMS_1 SMS_3 SMS_4" {
			t.Errorf("SMS templates %q, want acceptance, resolution and one missed-callback notice (SMS_1 SMS_3 SMS_4)", got)
		}
		var subjects []string
		for _, m := range e.relay.Mails() {
			subjects = append(subjects, m.Subject)
		}
		if got := strings.Join(subjects, " | "); !strings.Contains(got, "回访电话未能接通") || strings.Count(got, "回访电话未能接通") != 1 {
			t.Errorf("mail subjects %q, want one about the missed callback", got)
		}
	})
}
