package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/mailbox"
	"civicgrid/internal/store"
)

func mailLetter(t *testing.T, e *env) int64 {
	t.Helper()
	m, err := mailbox.Parse(strings.NewReader("From: 王五 <wangwu@example.com>\r\nSubject: 小区垃圾没人收\r\n" +
		"Message-ID: <ui-1@example.com>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n永光小区北门垃圾站三天没人清运，臭味很大。"))
	if err != nil {
		t.Fatal(err)
	}
	id, _, err := e.app.Mail.Receive(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

var mailVersion = regexp.MustCompile(`name="version" value="(\d+)"`)

func TestMailboxPages(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		id := mailLetter(t, e)
		path := "/mail/" + strconv.FormatInt(id, 10)

		op := e.client(t)
		op.signIn("operator", e.creds["operator"])
		list := op.get("/mail")
		wantStatus(t, list, http.StatusOK, "mail list")
		wantContains(t, list, "mail list", "小区垃圾没人收", "wangwu@example.com", `href="`+path+`"`)
		letter := op.get(path)
		wantContains(t, letter, "letter", "三天没人清运", `href="/console?mail=`+strconv.FormatInt(id, 10)+`"`)

		// Others have no mailbox: a street office, a resident.
		st := e.client(t)
		st.signIn("street", e.creds["street"])
		wantStatus(t, st.get("/mail"), http.StatusForbidden, "street")
		if r := e.client(t).get(path); r.Status != http.StatusSeeOther {
			t.Fatalf("visitor: %d", r.Status)
		}

		v := mailVersion.FindStringSubmatch(letter.Body)
		if v == nil {
			t.Fatal("no version on the letter page")
		}
		r := op.post(path+"/reject", url.Values{"version": {v[1]}, "reason": {"x"}})
		wantStatus(t, r, http.StatusBadRequest, "short reason")
		wantContains(t, r, "short reason", "2 至 500", ">x</textarea>")
		r = op.post(path+"/reject", url.Values{"version": {v[1]}, "reason": {"广告邮件"}})
		wantStatus(t, r, http.StatusSeeOther, "reject")
		wantContains(t, op.get("/mail?status=rejected"), "rejected list", "小区垃圾没人收", "广告邮件")
		wantLacks(t, op.get("/mail"), "new list", "小区垃圾没人收")
		r = op.post(path+"/reject", url.Values{"version": {v[1]}, "reason": {"广告邮件"}})
		wantStatus(t, r, http.StatusConflict, "reject twice")
	})
}

// Filing a letter in the console: the form starts from the letter, the
// order is an e-mail order with the sender's address sealed, and the
// letter leaves the waiting list.
func TestMailboxLetterFiledInConsole(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		id := mailLetter(t, e)
		op := e.client(t)
		op.signIn("operator", e.creds["operator"])
		form := op.get("/console?mail=" + strconv.FormatInt(id, 10))
		wantStatus(t, form, http.StatusOK, "console with a letter")
		wantContains(t, form, "console with a letter", `id="console-letter"`, `name="mail" id="console-mail"`,
			`value="王五"`, "三天没人清运")
		key := regexp.MustCompile(`name="idempotency_key" id="console-key" value="([^"]+)"`).FindStringSubmatch(form.Body)
		if key == nil {
			t.Fatal("no idempotency key on the console")
		}
		var community string
		if err := db.QueryRowContext(context.Background(), `SELECT community_code FROM grids ORDER BY code LIMIT 1`).Scan(&community); err != nil {
			t.Fatal(err)
		}
		r := op.post("/console", url.Values{"idempotency_key": {key[1]}, "mail": {strconv.FormatInt(id, 10)},
			"reporter_name": {"王五"}, "description": {"永光小区北门垃圾站三天没人清运，臭味很大。"},
			"category": {"garbage.uncollected"}, "address": {"永光小区北门"}, "community_code": {community}})
		wantStatus(t, r, http.StatusSeeOther, "file the letter")
		number := strings.TrimPrefix(r.Header.Get("Location"), "/console?saved=")
		m, err := e.app.Mail.Get(context.Background(), operatorUser(t, e), id)
		if err != nil || m.Status != mailbox.StatusFiled || m.OrderNumber != number {
			t.Fatalf("letter after filing: %+v, %v (order %s)", m, err, number)
		}
		var channel, sealed string
		if err := db.QueryRowContext(context.Background(), `SELECT channel, reporter_email FROM orders WHERE number = ?`, number).
			Scan(&channel, &sealed); err != nil {
			t.Fatal(err)
		}
		if channel != "email" || sealed == "" || strings.Contains(sealed, "wangwu") {
			t.Fatalf("order channel %q, reporter_email at rest %q", channel, sealed)
		}
		// Filed once: the console refuses the same letter again.
		wantStatus(t, op.get("/console?mail="+strconv.FormatInt(id, 10)), http.StatusNotFound, "letter filed already")
	})
}

func operatorUser(t *testing.T, e *env) auth.User {
	u, _ := e.staff(t, "operator")
	return u
}
