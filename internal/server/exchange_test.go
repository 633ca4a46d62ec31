package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/exchange"
	"civicgrid/internal/server"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// The exchange routes sit behind the server's whole middleware chain
// (authentication, CSRF, text bodies, rate limits) and are reached with a
// signature alone: unsigned is 401, a signed pull is answered.
func TestExchangeRoutesAnswerSignedMessagesThroughTheServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		app, err := server.New(ctx, server.Options{DB: db, DataDir: t.TempDir(), Policy: auth.DefaultPolicy()})
		if err != nil {
			t.Fatal(err)
		}
		secret := "0123456789abcdef0123456789abcdef-server"
		if _, err := app.Exchange.AddLink(ctx, auth.SystemAdmin(), exchange.LinkInput{Name: "city", Direction: exchange.Upstream,
			BaseURL: "https://city.example", Regions: []string{"210504"}, Secret: secret}); err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(app.Handler)
		defer srv.Close()
		do := func(method, path string, body []byte, sign bool) (int, string) {
			req, _ := http.NewRequest(method, srv.URL+path, bytes.NewReader(body))
			if body != nil {
				req.Header.Set("Content-Type", "application/json")
			}
			if sign {
				h, err := exchange.Headers("city", []byte(secret), method, path, body, time.Now())
				if err != nil {
					t.Fatal(err)
				}
				for k, v := range h {
					req.Header.Set(k, v)
				}
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		body := []byte(`{"message_id":"m1","order":{"id":"X1"}}`)
		if st, b := do(http.MethodPost, exchange.PathOrders, body, false); st != 401 || !strings.Contains(b, `"unsigned"`) {
			t.Errorf("unsigned order: %d %s", st, b)
		}
		if st, b := do(http.MethodPost, exchange.PathOrders, body, true); st != 422 {
			t.Errorf("signed but incomplete order: %d %s, want 422", st, b)
		}
		st, b := do(http.MethodGet, exchange.PathEvents+"?after=0", nil, true)
		var page exchange.EventPage
		if st != 200 || json.Unmarshal([]byte(b), &page) != nil || page.Events == nil {
			t.Errorf("signed pull: %d %s", st, b)
		}
	})
}
