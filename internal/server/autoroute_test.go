package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/classify"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// Automatic routing: an order filed without a category is refused until
// an admin turns routing on for the category the model is confident of;
// then it is filed under it, and the first event says so.
func TestAutoRoutingOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		file := func(key, cat, text string) (int, []byte) {
			body := strings.Replace(strings.Replace(residentReport, `"channel":"web"`, `"channel":"hotline"`, 1),
				"三单元楼道里堆满了旧家具，消防通道都堵了", text, 1)
			body = strings.Replace(body, `"category":"corridor.clutter",`, cat, 1)
			st, _, b := e.post(t, "operator", "/api/v1/orders", body, map[string]string{"Idempotency-Key": key})
			return st, b
		}
		clutter := []string{"楼道里堆满了旧家具", "楼道堆放杂物堵塞通道", "单元门口楼道堆满纸箱", "楼道里有人堆放旧沙发", "消防通道被杂物堵了"}
		lights := []string{"小区路灯不亮了", "楼前路灯坏了晚上很黑", "路灯一直闪烁", "这条路的路灯全灭了", "路灯杆上的灯不亮"}
		for i := 0; i < 4; i++ {
			for j := range clutter {
				if st, b := file(fmt.Sprintf("c%d-%d", i, j), `"category":"corridor.clutter",`, fmt.Sprintf("%s，第%d次反映", clutter[j], i+1)); st != http.StatusCreated {
					t.Fatalf("history: %d %s", st, b)
				}
				if st, b := file(fmt.Sprintf("l%d-%d", i, j), `"category":"streetlight.out",`, fmt.Sprintf("%s，第%d次反映", lights[j], i+1)); st != http.StatusCreated {
					t.Fatalf("history: %d %s", st, b)
				}
			}
		}
		if _, err := e.app.Classifier.Retrain(ctx); err != nil {
			t.Fatal(err)
		}
		e.app.Classifier.Forget()
		if st, b := file("auto-1", "", "楼道里堆满了旧家具和纸箱"); st != http.StatusBadRequest {
			t.Fatalf("no category, routing off: %d %s", st, b)
		}
		// Only an admin turns it on, within bounds.
		if err := classify.SetAutoRoute(ctx, db, auth.RoleDispatcher, audit.Actor{}, "corridor.clutter", 0.6, time.Now()); err == nil {
			t.Fatal("a dispatcher set automatic routing")
		}
		if err := classify.SetAutoRoute(ctx, db, auth.RoleAdmin, audit.Actor{}, "corridor.clutter", 0.3, time.Now()); err == nil {
			t.Fatal("threshold 0.3 accepted")
		}
		if st, b := e.do(t, "dispatcher", "PUT", "/api/v1/classify/autoroutes/corridor.clutter", `{"threshold":0.6}`); st != http.StatusForbidden {
			t.Fatalf("dispatcher over HTTP: %d %s", st, b)
		}
		if st, b := e.do(t, "admin", "PUT", "/api/v1/classify/autoroutes/corridor.clutter", `{"threshold":1.5}`); st != http.StatusBadRequest {
			t.Fatalf("threshold 1.5: %d %s", st, b)
		}
		if st, b := e.do(t, "admin", "PUT", "/api/v1/classify/autoroutes/corridor.clutter", `{"threshold":0.6}`); st != http.StatusOK {
			t.Fatalf("set over HTTP: %d %s", st, b)
		}
		if st, b := e.do(t, "admin", "GET", "/api/v1/classify/autoroutes", ""); st != http.StatusOK || !strings.Contains(string(b), `"corridor.clutter":0.6`) {
			t.Fatalf("list: %d %s", st, b)
		}
		if st, b := e.do(t, "admin", "POST", "/api/v1/classify/eval?folds=5", ""); st != http.StatusOK || !strings.Contains(string(b), `"macro_f1"`) ||
			!strings.Contains(string(b), `"category":"streetlight.out"`) {
			t.Fatalf("eval: %d %s", st, b)
		}
		st, b := file("auto-2", "", "楼道里堆满了旧家具和纸箱")
		if st != http.StatusCreated || !strings.Contains(string(b), `"category":"corridor.clutter"`) {
			t.Fatalf("auto-routed: %d %s", st, b)
		}
		o := decodeOrder(t, b)
		// A retry with the same key is the same order.
		if st, b := file("auto-2", "", "楼道里堆满了旧家具和纸箱"); st != http.StatusOK && st != http.StatusCreated || decodeOrder(t, b).Number != o.Number {
			t.Fatalf("retry: %d %s", st, b)
		}
		var data string
		if err := db.QueryRowContext(ctx, `SELECT ev.data FROM order_events ev JOIN orders o ON o.id = ev.order_id
			WHERE o.number = ? AND ev.action = 'create'`, o.Number).Scan(&data); err != nil || !strings.Contains(data, `"auto_category":"corridor.clutter"`) {
			t.Fatalf("create event %q, %v", data, err)
		}
		// A text of another category (routing off for it) still needs a person.
		if st, b := file("auto-3", "", "路灯不亮了"); st != http.StatusBadRequest {
			t.Fatalf("streetlight without routing: %d %s", st, b)
		}
	})
}
