package server_test

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"testing"
	"time"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// Parked messages over the API: the admin lists them and sends one again
// (204, then gone; a second time 404); other roles are refused.
func TestParkedMessagesAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		st, _, b := e.post(t, "", "/api/v1/orders", residentReport, nil)
		if st != http.StatusCreated {
			t.Fatalf("intake: %d %s", st, b)
		}
		number := decodeOrder(t, b).Number
		if _, err := db.ExecContext(context.Background(), `UPDATE outbox SET failed_at = ?, claimed_at = ?, attempts = 8,
			last_error = 'webhook: 502 Bad Gateway' WHERE done_at = 0`, store.Millis(time.Now()), int64(math.MaxInt64)); err != nil {
			t.Fatal(err)
		}
		list := func(user string) (int, []parked) {
			st, b := e.do(t, user, http.MethodGet, "/api/v1/outbox/parked", "")
			var out struct {
				Parked []parked `json:"parked"`
			}
			if st == http.StatusOK {
				if err := json.Unmarshal(b, &out); err != nil {
					t.Fatalf("%s", b)
				}
			}
			return st, out.Parked
		}
		st, ps := list("admin")
		if st != http.StatusOK || len(ps) == 0 || ps[0].Number != number || ps[0].LastError != "webhook: 502 Bad Gateway" {
			t.Fatalf("admin's list: %d %+v", st, ps)
		}
		if st, _ := list("operator"); st != http.StatusForbidden {
			t.Errorf("operator's list: %d, want 403", st)
		}
		retry := "/api/v1/outbox/" + strconv.FormatInt(ps[0].ID, 10) + "/retry"
		if st, b := e.do(t, "dispatcher", http.MethodPost, retry, ""); st != http.StatusForbidden {
			t.Errorf("dispatcher's retry: %d %s, want 403", st, b)
		}
		if st, b := e.do(t, "admin", http.MethodPost, retry, ""); st != http.StatusNoContent {
			t.Fatalf("admin's retry: %d %s", st, b)
		}
		if _, after := list("admin"); len(after) != len(ps)-1 {
			t.Errorf("after the retry %d parked, want %d", len(after), len(ps)-1)
		}
		if st, _ := e.do(t, "admin", http.MethodPost, retry, ""); st != http.StatusNotFound {
			t.Errorf("second retry: %d, want 404", st)
		}
	})
}

type parked struct {
	ID        int64  `json:"id"`
	Number    string `json:"number"`
	LastError string `json:"last_error"`
}
