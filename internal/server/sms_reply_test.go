package server_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/notify"
	"civicgrid/internal/server"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// A forwarded SMS reply: T opts the number out when signed; unsigned,
// wrongly signed or stale replies change nothing.
func TestSMSReplyOptOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		secret := []byte("reply-secret-0123456789")
		app, err := server.New(context.Background(), server.Options{DB: db, DataDir: t.TempDir(), Policy: auth.DefaultPolicy(),
			SMSReplySecret: secret})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(app.Handler)
		defer srv.Close()
		post := func(body string, at time.Time, key []byte, sign bool) int {
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/notice/sms-replies", bytes.NewReader([]byte(body)))
			req.Header.Set("Content-Type", "application/json")
			if sign {
				ts := strconv.FormatInt(at.Unix(), 10)
				req.Header.Set(notify.HeaderTimestamp, ts)
				req.Header.Set(notify.HeaderSignature, notify.Sign(key, ts, []byte(body)))
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		optouts := func() int {
			var n int
			if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM notice_optouts`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		body := `{"phone":"13812345678","text":"T"}`
		for name, status := range map[string]int{
			"unsigned":     post(body, time.Now(), nil, false),
			"wrong key":    post(body, time.Now(), []byte("guessed-secret-0123456"), true),
			"stale":        post(body, time.Now().Add(-time.Hour), secret, true),
			"unknown key":  post(`{"phone":"13812345678","text":"T","extra":1}`, time.Now(), secret, true),
			"empty number": post(`{"phone":"","text":"T"}`, time.Now(), secret, true),
		} {
			if status < 400 {
				t.Errorf("%s reply: status %d", name, status)
			}
		}
		if n := optouts(); n != 0 {
			t.Fatalf("%d opt-outs after refused replies", n)
		}
		if s := post(body, time.Now(), secret, true); s != http.StatusOK || optouts() != 1 {
			t.Errorf("signed T: status %d, %d opt-outs", s, optouts())
		}
		if s := post(body, time.Now(), secret, true); s != http.StatusOK || optouts() != 1 {
			t.Errorf("a second T: status %d, %d opt-outs", s, optouts())
		}
	})
}
