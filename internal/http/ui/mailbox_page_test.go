package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"civicgrid/internal/mailbox"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
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
	storetest.Each(t, func(t *testing.T, db *store.DB) {
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
