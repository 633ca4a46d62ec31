package ui_test

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// parkOutbox parks every outbox event of order number as the notifier
// does after its last failed attempt, and returns their ids.
func parkOutbox(t testing.TB, db *store.DB, o order.Order, cause string) []int64 {
	t.Helper()
	ctx := context.Background()
	rows, err := db.QueryContext(ctx, `SELECT id FROM outbox WHERE done_at = 0 AND payload LIKE ? ORDER BY id`, `%"number":"`+o.Number+`"%`)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Close(); err != nil || len(ids) == 0 {
		t.Fatalf("outbox of %s: %v %v", o.Number, ids, err)
	}
	for _, id := range ids {
		if _, err := db.ExecContext(ctx, `UPDATE outbox SET failed_at = ?, claimed_at = ?, attempts = 8, last_error = ? WHERE id = ?`,
			store.Millis(time.Now()), int64(math.MaxInt64), cause, id); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

// The admin sees the parked messages with their order and last error and
// sends one again: it leaves the list, queued for the notifiers.
func TestOutboxAdminPage(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		o := fileOrder(t, e, demoGrid(t, e, streetAdminNode, 0), order.ChannelHotline, "other.request", "短信平台故障测试单")
		ids := parkOutbox(t, db, o, "notice: SMS provider: 503 Service Unavailable")
		c := e.client(t)
		c.signIn("admin", e.creds["admin"])
		r := c.get("/admin/outbox")
		wantStatus(t, r, http.StatusOK, "outbox page")
		wantContains(t, r, "outbox page", "发送失败的消息", o.Number, "503 Service Unavailable", "受理登记",
			`id="retry-`+strconv.FormatInt(ids[0], 10)+`"`)
		r = c.post("/admin/outbox/"+strconv.FormatInt(ids[0], 10)+"/retry", url.Values{})
		wantStatus(t, r, http.StatusSeeOther, "retry")
		r = c.get(r.Header.Get("Location"))
		wantContains(t, r, "after the retry", `id="retried"`)
		wantLacks(t, r, "after the retry", `id="parked-`+strconv.FormatInt(ids[0], 10)+`"`)
		var failed int64
		if err := db.QueryRowContext(context.Background(), `SELECT failed_at FROM outbox WHERE id = ?`, ids[0]).Scan(&failed); err != nil || failed != 0 {
			t.Errorf("requeued event: failed_at %d (%v), want 0", failed, err)
		}
		wantStatus(t, c.post("/admin/outbox/"+strconv.FormatInt(ids[0], 10)+"/retry", url.Values{}), http.StatusNotFound, "second retry")
		st := orderSignedIn(t, e, "street")
		wantStatus(t, st.get("/admin/outbox"), http.StatusForbidden, "street staff")
	})
}
