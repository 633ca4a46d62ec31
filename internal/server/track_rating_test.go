package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// The resident's rating over the API needs the one-time token of a
// lookup; a guessed last 4 digits rate nothing, and guessing them locks
// the order's lookup.
func TestResidentRatingOverHTTPNeedsTheLookupToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		st, _, b := e.post(t, "", "/api/v1/orders", residentReport, nil)
		if st != http.StatusCreated {
			t.Fatalf("file: %d %s", st, b)
		}
		o := decodeOrder(t, b)
		o = e.act(t, "operator", o, "accept", "")
		o = e.act(t, "grid", o, "sign", "")
		o = e.act(t, "grid", o, "resolve", `,"note":"已清理楼道堆物"`)

		lookup := func() (int, string) {
			st, b := e.do(t, "", "GET", "/api/v1/track/"+o.Number+"?phone_last4=5678", "")
			var out struct {
				RatingToken string `json:"rating_token"`
			}
			_ = json.Unmarshal(b, &out)
			return st, out.RatingToken
		}
		st, token := lookup()
		if st != http.StatusOK || !strings.HasPrefix(token, "cgr_") {
			t.Fatalf("lookup: %d, token %q", st, token)
		}
		rate := func(body string) (int, []byte) {
			return e.do(t, "", "POST", "/api/v1/track/"+o.Number+"/rating", body)
		}
		for _, body := range []string{`{"rating":"unsatisfied"}`, `{"rating_token":"5678","rating":"unsatisfied"}`} {
			if st, b := rate(body); st != http.StatusForbidden || !strings.Contains(string(b), "评价凭证") {
				t.Fatalf("rating %s: %d %s, want 403", body, st, b)
			}
		}
		if st, b := rate(`{"rating_token":"` + token + `","rating":"unsatisfied","note":"楼道还有杂物"}`); st != http.StatusOK || !strings.Contains(string(b), `"status":"resolved"`) {
			t.Fatalf("rating: %d %s", st, b)
		}
		if st, b := rate(`{"rating_token":"` + token + `","rating":"satisfied"}`); st != http.StatusForbidden {
			t.Fatalf("reused token: %d %s, want 403", st, b)
		}
		st, b = e.do(t, "dispatcher", "GET", "/api/v1/orders/"+o.Number, "")
		if got := decodeOrder(t, b); st != http.StatusOK || got.Status != "resolved" || !strings.Contains(string(b), `"rating":"unsatisfied"`) {
			t.Fatalf("after the resident's 不满意: %d %+v", st, got)
		}
		// Five wrong digits lock the lookup, the right ones included.
		for _, d := range []string{"0000", "0001", "0002", "0003"} {
			if st, _ := e.do(t, "", "GET", "/api/v1/track/"+o.Number+"?phone_last4="+d, ""); st != http.StatusNotFound {
				t.Fatalf("wrong digits %s: %d", d, st)
			}
		}
		req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/track/"+o.Number+"?phone_last4=0004", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("5th wrong digits: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		if st, b := e.do(t, "", "GET", "/api/v1/track/"+o.Number+"?phone_last4=5678", ""); st != http.StatusTooManyRequests || !strings.Contains(string(b), "已暂时锁定") {
			t.Fatalf("right digits while locked: %d %s", st, b)
		}
	})
}
