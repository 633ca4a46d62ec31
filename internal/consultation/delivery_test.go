package consultation_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/consultation"
	"civicgrid/internal/notice"
	"civicgrid/internal/notice/noticetest"
	"civicgrid/internal/notify"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// The owners' phones of seed's world: the owner of flats 1 and 2, of flat
// 3, and of flat 4 (who replied T); the owner of flat 5 has none and flat
// 6 no owner.
const phoneA, phoneB, phoneOut = "13800000001", "13800000002", "13800000003"

type codeEnv struct {
	db       *store.DB
	w        world
	keys     *pii.Keyring
	sms      *noticetest.Provider
	notifier *notify.Notifier
	now      time.Time
	logs     *bytes.Buffer
	c        consultation.Consultation
}

func newCodeEnv(t *testing.T, db *store.DB, dailyCap int) *codeEnv {
	t.Helper()
	ctx := context.Background()
	e := &codeEnv{db: db, w: seed(t, db), now: t0, logs: &bytes.Buffer{}}
	var err error
	if e.keys, err = pii.NewKeyring(bytes.Repeat([]byte{5}, pii.KeySize)); err != nil {
		t.Fatal(err)
	}
	for i, phone := range []string{phoneA, phoneB, phoneOut} {
		sealed, err := e.keys.Seal(phone)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `UPDATE people SET phone_sealed = ?, phone_blind = ? WHERE id = (SELECT person_id FROM house_owners WHERE house_id = ?)`,
			sealed, e.keys.Blind(phone), e.w.houses[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	// The number that replied T, recorded as notice.Reply records it.
	if _, err := db.ExecContext(ctx, `INSERT INTO notice_optouts (phone_blind, at, source) VALUES (?, 1, 'sms_reply')`,
		e.keys.Blind(pii.NormalizePhone(phoneOut))); err != nil {
		t.Fatal(err)
	}
	e.sms = noticetest.Aliyun("LTAI-test", "aliyun-secret")
	t.Cleanup(e.sms.Close)
	ts := notice.DefaultTemplates("明山区12345")
	for _, ev := range append(notice.Events, notice.OptionalEvents...) {
		tpl := ts.Events[ev]
		tpl.Code = "SMS_" + string(ev)
		ts.Events[ev] = tpl
	}
	logger := slog.New(slog.NewTextHandler(e.logs, nil))
	sender, err := notice.NewCodeSender(notice.CodeSenderConfig{DB: db, Keys: e.keys, Templates: ts, BaseURL: "https://12345.example.cn/",
		SMS: &notice.Aliyun{AccessKeyID: "LTAI-test", AccessKeySecret: "aliyun-secret", Endpoint: e.sms.URL}, DailyCap: dailyCap,
		Now: func() time.Time { return e.now }, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	e.notifier, err = notify.New(notify.Config{DB: db, Sinks: []notify.Sink{notify.OnlyTopics(sender, consultation.CodeTopic)},
		Now: func() time.Time { return e.now }, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	e.c, err = consultation.Create(ctx, db, e.w.community, consultation.Input{ProjectID: e.w.projectID, EstateID: e.w.estate,
		Stage: consultation.StageWhether, Title: "民建小区改不改", Rule: consultation.RuleConsent}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := consultation.Open(ctx, db, e.w.community, e.c.ID, t0); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *codeEnv) delivery() consultation.Delivery {
	return consultation.Delivery{Keys: e.keys, SMS: true}
}

func (e *codeEnv) issue(t *testing.T, houses ...int64) map[int64]consultation.IssuedCode {
	t.Helper()
	var codes []consultation.IssuedCode
	err := e.db.InTx(context.Background(), func(tx *store.Tx) error {
		var err error
		codes, err = consultation.IssueCodes(context.Background(), tx, e.w.community, e.delivery(), e.c.ID, houses, 0, e.now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]consultation.IssuedCode{}
	for _, c := range codes {
		out[c.HouseID] = c
	}
	return out
}

func (e *codeEnv) poll(t *testing.T) notify.Report {
	t.Helper()
	r, err := e.notifier.Poll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// states are the desk's delivery state and masked number of each flat.
func (e *codeEnv) states(t *testing.T) []string {
	t.Helper()
	hs, err := consultation.DeskHouses(context.Background(), e.db, e.w.community, e.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	byHouse := map[int64]string{}
	for _, h := range hs {
		byHouse[h.HouseID] = h.Delivery + " " + h.Recipient
	}
	out := make([]string, len(e.w.houses))
	for i, h := range e.w.houses {
		out[i] = strings.TrimSpace(byHouse[h])
	}
	return out
}

func (e *codeEnv) slips(t *testing.T) map[int64]consultation.Slip {
	t.Helper()
	ss, err := consultation.Slips(context.Background(), e.db, e.w.community, e.delivery(), e.c.ID, e.now)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]consultation.Slip{}
	for _, s := range ss {
		out[s.HouseID] = s
	}
	return out
}

// sentCodes are the codes the fake provider delivered, by number, in order.
func (e *codeEnv) sentCodes() map[string][]string {
	out := map[string][]string{}
	for _, s := range e.sms.Sent() {
		out[s.Phone] = append(out[s.Phone], s.Params["code"])
	}
	return out
}

// assertNoPlainCode reads the store: no outbox row and no delivery row
// holds any of codes in clear.
func (e *codeEnv) assertNoPlainCode(t *testing.T, codes ...string) {
	t.Helper()
	rows, err := store.Strings(e.db.QueryContext(context.Background(), `SELECT topic || ' ' || payload || ' ' || last_error FROM outbox
		UNION ALL SELECT state || ' ' || code_sealed || ' ' || recipient || ' ' || provider || ' ' || reference || ' ' || note FROM consultation_code_delivery`))
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range codes {
		for _, r := range rows {
			if code != "" && strings.Contains(r, code) {
				t.Errorf("the store holds code %s in clear: %q", code, r)
			}
		}
	}
}

func vote(t *testing.T, db *store.DB, id int64, code string, at time.Time) error {
	t.Helper()
	_, err := consultation.CastByCode(context.Background(), db, id, code, consultation.BallotInput{Choice: "yes"}, at)
	return err
}

// Codes go by SMS to the owners with a phone (one owner of two flats gets
// both), through the outbox with its retries; the owner who replied T and
// the houses without a phone get printed slips; nothing keeps a sent code
// in clear; a code works once; re-issuing cancels the old code; the daily
// cap holds a code back for print.
func TestCodesReachOwnersBySMS(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newCodeEnv(t, db, 2)
		h := e.w.houses
		issued := e.issue(t)
		for i, want := range []string{"pending", "pending", "pending", "pending", "no_phone", "no_phone"} {
			c := issued[h[i]]
			if c.Delivery != want || (want == "pending") != (c.Code == "") {
				t.Fatalf("flat %d issued %+v, want %s (a code shown only for print)", i+1, c, want)
			}
		}
		if got := e.states(t); strings.Join(got, ",") != "pending,pending,pending,pending,no_phone,no_phone" {
			t.Fatalf("desk after issue %q", got)
		}

		// The provider fails the first send: retried after the backoff,
		// printable meanwhile.
		e.sms.FailNext(1)
		if r := e.poll(t); r.Claimed != 4 || r.Retrying != 1 {
			t.Fatalf("first poll %+v, want 4 claimed, 1 retrying", r)
		}
		// Which send failed depends on the order the notifier delivers in.
		got := e.states(t)
		failed := -1
		for i, want := range []string{"138****0001", "138****0001", "138****0002"} {
			switch got[i] {
			case "failed " + want:
				if failed >= 0 {
					t.Fatalf("two failed: %q", got)
				}
				failed = i
			case "sent " + want:
			default:
				t.Fatalf("desk after the first poll %q", got)
			}
		}
		if failed < 0 || strings.Join(got[3:], ",") != "opted_out 138****0003,no_phone,no_phone" {
			t.Fatalf("desk after the first poll %q", got)
		}
		hf := h[failed]
		slips := e.slips(t)
		if len(slips) != 4 || slips[hf].Delivery != "failed" || slips[h[3]].Delivery != "opted_out" ||
			slips[h[4]].Code != issued[h[4]].Code || slips[h[5]].Code != issued[h[5]].Code || slips[hf].Code == "" {
			t.Fatalf("slips %+v", slips)
		}
		e.now = e.now.Add(time.Minute)
		if r := e.poll(t); r.Delivered != 1 {
			t.Fatalf("retry %+v", r)
		}
		sent := e.sentCodes()
		all := e.sms.Sent()
		if len(sent[phoneA]) != 2 || len(sent[phoneB]) != 1 || len(sent[phoneOut]) != 0 || len(all) != 3 {
			t.Fatalf("sent %v: want two codes to the owner of flats 1 and 2, one to flat 3's, none to the number that opted out", sent)
		}
		if all[2].Params["code"] != slips[hf].Code {
			t.Errorf("the retried SMS carries %s, the slip %s", all[2].Params["code"], slips[hf].Code)
		}
		m := all[0]
		if m.Sign != "明山区12345" || m.Template != "SMS_consultation_code" || m.Params["estate"] != "民建小区" || m.Params["stage"] != "改不改" ||
			m.Params["link"] != "https://12345.example.cn/public/consultations/"+itoa(e.c.ID)+"/vote" || m.Params["close"] != "4月15日10:00" {
			t.Errorf("message %+v", m)
		}
		if got := e.states(t); strings.Join(got, ",") != "sent 138****0001,sent 138****0001,sent 138****0002,opted_out 138****0003,no_phone,no_phone" {
			t.Fatalf("desk after the retry %q", got)
		}
		e.assertNoPlainCode(t, append(sent[phoneA], sent[phoneB]...)...)
		var kept int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM consultation_code_delivery WHERE state = 'sent' AND code_sealed <> ''`).Scan(&kept); err != nil || kept != 0 {
			t.Errorf("%d sent codes still kept sealed (%v)", kept, err)
		}
		if len(e.slips(t)) != 3 {
			t.Errorf("a sent code is still printable")
		}
		for _, s := range []string{phoneA, phoneB, phoneOut, sent[phoneA][0], sent[phoneB][0]} {
			if strings.Contains(e.logs.String(), s) {
				t.Errorf("the log holds %s", s)
			}
		}

		// A code sent by SMS works once.
		if err := vote(t, db, e.c.ID, sent[phoneB][0], e.now); err != nil {
			t.Fatalf("owner votes with the SMS code: %v", err)
		}
		if err := vote(t, db, e.c.ID, sent[phoneB][0], e.now); !errors.Is(err, consultation.ErrBadCode) {
			t.Fatalf("the code again: %v", err)
		}

		// Re-issuing flat 2's code cancels the one sent; the new one is
		// the number's third today, over the cap of 2: held back for print.
		again := e.issue(t, h[1])
		if again[h[1]].Delivery != "pending" {
			t.Fatalf("re-issued %+v", again)
		}
		e.poll(t)
		if len(e.sms.Sent()) != 3 {
			t.Fatalf("a capped number got another SMS")
		}
		if got := e.states(t)[1]; !strings.HasPrefix(got, "failed") {
			t.Fatalf("flat 2 over the cap: %q", got)
		}
		// Of the two codes flats 1 and 2 got by SMS, flat 2's no longer
		// works, flat 1's does.
		var bad, good int
		for _, code := range sent[phoneA] {
			if err := vote(t, db, e.c.ID, code, e.now); errors.Is(err, consultation.ErrBadCode) {
				bad++
			} else if err == nil {
				good++
			}
		}
		if bad != 1 || good != 1 {
			t.Fatalf("after re-issuing flat 2's code: %d codes refused, %d work; want one each", bad, good)
		}
		slip := e.slips(t)[h[1]]
		if slip.Code == "" || slip.Code == sent[phoneA][0] || slip.Code == sent[phoneA][1] {
			t.Fatalf("flat 2's slip %+v", slip)
		}
		if err := vote(t, db, e.c.ID, slip.Code, e.now); err != nil {
			t.Fatalf("the printed code: %v", err)
		}
		if _, ok := e.slips(t)[h[1]]; ok {
			t.Errorf("a used code is still printable")
		}
		// The owner who opted out votes with the slip.
		if err := vote(t, db, e.c.ID, e.slips(t)[h[3]].Code, e.now); err != nil {
			t.Fatalf("the opted-out owner's slip: %v", err)
		}

		// Closing forgets every code that waited.
		if err := consultation.Close(ctx, db, e.w.community, e.c.ID, e.now); err != nil {
			t.Fatal(err)
		}
		var waiting int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM consultation_code_delivery WHERE code_sealed <> ''`).Scan(&waiting); err != nil || waiting != 0 {
			t.Fatalf("%d codes still sealed after the close (%v)", waiting, err)
		}
	})
}

// Without an SMS sender every code is for print, and a grid worker may
// neither issue nor print codes.
func TestCodesWithoutSMSArePrinted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newCodeEnv(t, db, 0)
		dl := consultation.Delivery{Keys: e.keys}
		codes, err := consultation.IssueCodes(ctx, db, e.w.community, dl, e.c.ID, nil, 0, t0)
		if err != nil || len(codes) != 6 {
			t.Fatalf("codes %v %v", codes, err)
		}
		for _, c := range codes {
			if c.Delivery != consultation.DeliveryNoPhone || c.Code == "" {
				t.Fatalf("code %+v, want one for print", c)
			}
		}
		var queued int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE topic = ?`, consultation.CodeTopic).Scan(&queued); err != nil || queued != 0 {
			t.Fatalf("%d SMS queued without a sender (%v)", queued, err)
		}
		slips, err := consultation.Slips(ctx, db, e.w.community, dl, e.c.ID, t0)
		if err != nil || len(slips) != 6 {
			t.Fatalf("slips %v %v", slips, err)
		}
		if _, err := consultation.Slips(ctx, db, e.w.grid, dl, e.c.ID, t0); !errors.Is(err, consultation.ErrForbidden) {
			t.Fatalf("a grid worker prints codes: %v", err)
		}
		if _, err := consultation.Slips(ctx, db, e.w.streetB, dl, e.c.ID, t0); !errors.Is(err, consultation.ErrNotFound) {
			t.Fatalf("another street prints codes: %v", err)
		}
		var audited int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'consultation.slips'`).Scan(&audited); err != nil || audited != 1 {
			t.Fatalf("slips opened %d times in the audit log (%v)", audited, err)
		}
	})
}

// Codes issued before the opening wait for it: the voting page would
// refuse them. The opening sends them.
func TestDraftCodesGoOutAtTheOpening(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newCodeEnv(t, db, 0)
		draft, err := consultation.Create(ctx, db, e.w.community, consultation.Input{ProjectID: e.w.projectID, EstateID: e.w.estate,
			Stage: consultation.StageWhether, Title: "民建小区改不改（第二轮）", Rule: consultation.RuleConsent}, t0)
		if err != nil {
			t.Fatal(err)
		}
		e.c = draft
		e.issue(t)
		e.poll(t)
		if n := len(e.sms.Sent()); n != 0 {
			t.Fatalf("%d codes of a draft sent", n)
		}
		if got := e.states(t); strings.Join(got, ",") != "pending,pending,pending,pending,no_phone,no_phone" {
			t.Fatalf("desk of the draft %q", got)
		}
		if err := consultation.Open(ctx, db, e.w.community, draft.ID, e.now); err != nil {
			t.Fatal(err)
		}
		e.poll(t)
		if sent := e.sentCodes(); len(sent[phoneA]) != 2 || len(sent[phoneB]) != 1 || len(e.sms.Sent()) != 3 {
			t.Fatalf("after the opening: %v", sent)
		}
		if got := e.states(t); strings.Join(got, ",") != "sent 138****0001,sent 138****0001,sent 138****0002,opted_out 138****0003,no_phone,no_phone" {
			t.Fatalf("desk after the opening %q", got)
		}
	})
}
