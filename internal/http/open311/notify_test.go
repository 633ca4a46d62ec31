package open311_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestRequesterChoosesToHearBack: notify=true on POST requests marks the
// order for notices (docs/notices.md); left out it is not; without a phone
// or an e-mail, or with a value that is no yes or no, it is refused and
// nothing is filed.
func TestRequesterChoosesToHearBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		notified := func(number string) bool {
			t.Helper()
			var id int64
			if err := db.QueryRowContext(ctx, `SELECT id FROM orders WHERE number = ?`, number).Scan(&id); err != nil {
				t.Fatal(err)
			}
			c, err := e.orders.Contact(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return c.Notify
		}
		base := append(at(inA), "service_code", "streetlight.out", "description", "小区东门路灯不亮", "attribute[pole_number]", "MS-0042")
		if id := e.fileRequest(t, "fms", append(base, "email", "zs@example.com", "notify", "true")...); !notified(id) {
			t.Errorf("%s: notify=true with an e-mail not kept", id)
		}
		if id := e.fileRequest(t, "fms", append(base, "phone", "13812345678")...); notified(id) {
			t.Errorf("%s: marked to hear back without asking", id)
		}
		var before int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders`).Scan(&before); err != nil {
			t.Fatal(err)
		}
		for name, extra := range map[string][]string{
			"no contact": {"notify", "true"},
			"not a yes":  {"phone", "13812345678", "notify", "maybe"},
		} {
			r := e.post(t, "requests.json", form(append(append([]string{"api_key", e.keys["fms"]}, base...), extra...)...))
			if r.status != http.StatusBadRequest || !strings.Contains(string(r.body), "notify") {
				t.Errorf("%s: %s, want 400 naming notify", name, r)
			}
		}
		var after int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders`).Scan(&after); err != nil {
			t.Fatal(err)
		}
		if after != before {
			t.Errorf("refused requests filed %d orders", after-before)
		}
	})
}
