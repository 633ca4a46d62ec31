package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestAPIIntakeAsksToHearBack: a resident filing through the API chooses
// to hear back and may give an e-mail address; asking with neither phone
// nor e-mail is refused and files nothing.
func TestAPIIntakeAsksToHearBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		contact := func(number string) (notify bool, email string) {
			t.Helper()
			var id int64
			if err := db.QueryRowContext(ctx, `SELECT id FROM orders WHERE number = ?`, number).Scan(&id); err != nil {
				t.Fatal(err)
			}
			c, err := e.app.Orders.Contact(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return c.Notify, c.Email
		}
		withMail := strings.Replace(residentReport, `"phone":"13812345678"}`,
			`"phone":"13812345678","email":"zhangsf@example.com"},"notify":true`, 1)
		st, _, b := e.post(t, "", "/api/v1/orders", withMail, nil)
		if st != http.StatusCreated {
			t.Fatalf("notify with phone and e-mail: %d %s", st, b)
		}
		if notify, email := contact(decodeOrder(t, b).Number); !notify || email != "zhangsf@example.com" {
			t.Errorf("stored notify %v, e-mail %q; want true, the address given", notify, email)
		}
		st, _, b = e.post(t, "", "/api/v1/orders", residentReport, nil)
		if st != http.StatusCreated {
			t.Fatalf("plain report: %d %s", st, b)
		}
		if notify, _ := contact(decodeOrder(t, b).Number); notify {
			t.Error("a report that did not ask is marked to hear back")
		}
		before := count(t, db, "orders")
		anonymous := strings.Replace(residentReport, `"reporter":{"name":"张三丰","phone":"13812345678"}`, `"notify":true`, 1)
		if st, _, b = e.post(t, "", "/api/v1/orders", anonymous, nil); st != http.StatusBadRequest || !strings.Contains(string(b), "notify") {
			t.Errorf("notify with no phone or e-mail: %d %s, want 400 naming notify", st, b)
		}
		bad := strings.Replace(withMail, "zhangsf@example.com", "not an address", 1)
		if st, _, b = e.post(t, "", "/api/v1/orders", bad, nil); st != http.StatusBadRequest {
			t.Errorf("malformed e-mail: %d %s, want 400", st, b)
		}
		if n := count(t, db, "orders"); n != before {
			t.Errorf("refused intakes stored %d orders", n-before)
		}
	})
}
