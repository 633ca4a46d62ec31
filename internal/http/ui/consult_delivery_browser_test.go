package ui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"civicgrid/internal/consultation"
	"civicgrid/internal/grid"
	"civicgrid/internal/notice"
	"civicgrid/internal/notice/noticetest"
	"civicgrid/internal/notify"
	"civicgrid/internal/pii"
	"civicgrid/internal/server"
	"civicgrid/internal/store"
)

// TestBrowserConsultationCodeDelivery: on a phone, staff issue the codes;
// the owner with a phone gets an SMS (the fake provider), the one who
// replied T and the houses without a phone are listed to print; the desk
// shows each house's state with the number masked, and the slips page
// prints one slip per house not reached by SMS, without the menu.
// Screenshots consult-delivery, consult-slips, consult-slips-print.
func TestBrowserConsultationCodeDelivery(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnvWith(t, db, nil, func(o *server.Options) { o.CodeSMS = true })
	w := seedProjectWorld(t, db, e.dataDir)
	ctx := context.Background()
	ed := grid.CommandLine("210504")
	c, err := consultation.Create(ctx, db, ed, consultation.Input{ProjectID: w.project, EstateID: w.estate,
		Stage: "whether", Title: "民建小区改造意愿征询", Rule: consultation.RuleConsent}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := consultation.Open(ctx, db, ed, c.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	houses, err := consultation.DeskHouses(ctx, db, ed, c.ID)
	if err != nil || len(houses) < 3 {
		t.Fatalf("houses %d %v", len(houses), err)
	}
	// The register as this test wants it: the first house's owner has a
	// phone, the second's replied T, the others have no owner on record.
	keys, err := pii.Load(e.dataDir, "")
	if err != nil {
		t.Fatal(err)
	}
	const reached, optedOut = "13900000001", "13900000002"
	err = db.InTx(ctx, func(tx *store.Tx) error {
		for _, h := range houses {
			if _, err := tx.ExecContext(ctx, `DELETE FROM house_owners WHERE house_id = ?`, h.HouseID); err != nil {
				return err
			}
		}
		for i, phone := range []string{reached, optedOut} {
			sealed, err := keys.Seal(phone)
			if err != nil {
				return err
			}
			var pid int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO people (community_code, grid_code, name_sealed, name_blind, doc_type, doc_sealed, doc_blind,
				phone_sealed, phone_blind, hukou, residence, created_at, updated_at)
				SELECT ?, b.grid_code, 'sealed', ?, 'id', 'sealed', ?, ?, ?, 'local', 'resident', 1, 1
				FROM houses h JOIN buildings b ON b.code = h.building_code WHERE h.id = ? RETURNING id`,
				c.CommunityCode, fmt.Sprint("owner-", i), fmt.Sprint("doc-", i), sealed, keys.Blind(phone), houses[i].HouseID).Scan(&pid); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO house_owners (house_id, person_id) VALUES (?, ?)`, houses[i].HouseID, pid); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO notice_optouts (phone_blind, at, source) VALUES (?, 1, 'sms_reply')`, keys.Blind(optedOut))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sms := noticetest.Aliyun("LTAI-test", "aliyun-secret")
	t.Cleanup(sms.Close)
	ts := notice.DefaultTemplates("明山区12345")
	for _, ev := range append(notice.Events, notice.OptionalEvents...) {
		tpl := ts.Events[ev]
		tpl.Code = "SMS_" + string(ev)
		ts.Events[ev] = tpl
	}
	sender, err := notice.NewCodeSender(notice.CodeSenderConfig{DB: db, Keys: keys, Templates: ts, BaseURL: e.srv.URL,
		SMS: &notice.Aliyun{AccessKeyID: "LTAI-test", AccessKeySecret: "aliyun-secret", Endpoint: sms.URL}})
	if err != nil {
		t.Fatal(err)
	}
	notifier, err := notify.New(notify.Config{DB: db, Sinks: []notify.Sink{notify.OnlyTopics(sender, consultation.CodeTopic)}})
	if err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t, exe, e.srv.URL, shots)
	b.viewport(phoneW, phoneH)
	signInAs(t, b, "admin", e.creds["admin"])
	desk := fmt.Sprintf("/consultations/%d", c.ID)
	b.open(desk)
	if got := b.text("#delivery-counts"); !strings.Contains(got, fmt.Sprintf("未发码%d户", len(houses))) {
		t.Fatalf("counts before issuing %q", got)
	}
	if st := b.submit("#consult-codes"); st != 200 {
		t.Fatalf("issue codes: %d", st)
	}
	// Shown once for print: every house but the one with a phone.
	if n := evalIn[int](b, `document.querySelectorAll('#consult-codelist tbody tr').length`); n != len(houses)-2 {
		t.Fatalf("%d codes shown, want %d (not the two queued for SMS)", n, len(houses)-2)
	}
	if _, err := notifier.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	sent := sms.Sent()
	if len(sent) != 1 || sent[0].Phone != reached || len(sent[0].Params["code"]) != 10 ||
		sent[0].Params["link"] != e.srv.URL+fmt.Sprintf("/public/consultations/%d/vote", c.ID) {
		t.Fatalf("sent %+v, want one code to %s", sent, reached)
	}
	b.open(desk)
	state := func(i int) string {
		return evalIn[string](b, fmt.Sprintf(`document.querySelector('#consult-delivery tr[data-house="%d"]').dataset.delivery`, houses[i].HouseID))
	}
	if state(0) != "sent" || state(1) != "opted_out" || state(2) != "no_phone" {
		t.Fatalf("states %s %s %s", state(0), state(1), state(2))
	}
	row := b.text(fmt.Sprintf(`#consult-delivery tr[data-house="%d"]`, houses[0].HouseID))
	if !strings.Contains(row, "已发送") || !strings.Contains(row, "139****0001") {
		t.Errorf("the reached house's row %q", row)
	}
	if got := b.text(fmt.Sprintf(`#consult-delivery tr[data-house="%d"]`, houses[1].HouseID)); !strings.Contains(got, "已退订—需打印") {
		t.Errorf("the opted-out house's row %q", got)
	}
	page := evalIn[string](b, `document.body.innerText`)
	if strings.Contains(page, reached) || strings.Contains(page, optedOut) || strings.Contains(page, sent[0].Params["code"]) {
		t.Error("the desk shows a phone number or the code sent by SMS")
	}
	if got := b.text("#delivery-counts"); !strings.Contains(got, "已发送1户") || !strings.Contains(got, fmt.Sprintf("需打印%d户", len(houses)-1)) {
		t.Errorf("counts %q", got)
	}
	noSidewaysScroll(t, b, "code delivery")
	elementShot(b, "#consult-delivery", "consult-delivery")

	if st := b.open(desk + "/slips"); st != 200 {
		t.Fatalf("slips answered %d", st)
	}
	if n := evalIn[int](b, `document.querySelectorAll('article.slip').length`); n != len(houses)-1 {
		t.Fatalf("%d slips, want %d (every house but the one reached by SMS)", n, len(houses)-1)
	}
	if evalIn[bool](b, fmt.Sprintf(`!!document.querySelector('article.slip[data-house="%d"]')`, houses[0].HouseID)) {
		t.Error("a slip for the house reached by SMS")
	}
	slip := b.text(fmt.Sprintf(`article.slip[data-house="%d"]`, houses[2].HouseID))
	for _, want := range []string{houses[2].Address, "改不改", "截止时间", fmt.Sprintf("/public/consultations/%d/vote", c.ID)} {
		if !strings.Contains(slip, want) {
			t.Errorf("slip %q lacks %q", slip, want)
		}
	}
	code := b.text(fmt.Sprintf(`article.slip[data-house="%d"] .slip-code code`, houses[2].HouseID))
	if _, err := consultation.CastByCode(ctx, db, c.ID, code, consultation.BallotInput{Choice: "yes"}, time.Now()); err != nil {
		t.Errorf("the printed code %q: %v", code, err)
	}
	noSidewaysScroll(t, b, "code slips")
	b.screenshot("consult-slips")

	b.viewport(1240, 1754) // A4 at 150 dpi
	if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	b.open(desk + "/slips")
	if evalIn[bool](b, `getComputedStyle(document.querySelector('header.top')).display !== 'none' || getComputedStyle(document.querySelector('.noprint')).display !== 'none'`) {
		t.Error("the menu or the page's controls print")
	}
	if evalIn[string](b, `getComputedStyle(document.querySelector('article.slip')).breakInside`) != "avoid" {
		t.Error("a slip may split across pages")
	}
	b.screenshot("consult-slips-print")
	b.checkConsole("code slips")
}
