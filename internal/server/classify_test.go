package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
	"civicgrid/internal/zone"
)

// POST /api/v1/classify: signed-in staff only; empty or huge text is 400;
// while history is thin the catalogue's keywords answer, with a demand
// type.
func TestClassifyOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		st, b := e.do(t, "admin", "POST", "/api/v1/classify", `{"text":"请问楼道里的路灯不亮了找谁修？"}`)
		if st != http.StatusOK {
			t.Fatalf("classify: %d %s", st, b)
		}
		var out struct {
			Categories []struct {
				Code   string  `json:"code"`
				NameZh string  `json:"name_zh"`
				Score  float64 `json:"score"`
			} `json:"categories"`
			Kind    string `json:"kind"`
			Learned bool   `json:"learned"`
		}
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatal(err)
		}
		if out.Learned || len(out.Categories) == 0 || out.Categories[0].Code != "streetlight.out" || out.Kind != "consult" {
			t.Fatalf("keyword fallback: %s", b)
		}
		for name, body := range map[string]string{
			"empty": `{"text":"   "}`,
			"huge":  `{"text":"` + strings.Repeat("路灯不亮", 2000) + `"}`,
			"bad":   `{"text":1}`,
		} {
			if st, b := e.do(t, "admin", "POST", "/api/v1/classify", body); st != http.StatusBadRequest {
				t.Errorf("%s text: %d %s, want 400", name, st, b)
			}
		}
		if st, _ := e.do(t, "", "POST", "/api/v1/classify", `{"text":"路灯不亮"}`); st != http.StatusUnauthorized {
			t.Errorf("anonymous: %d, want 401", st)
		}
	})
}

// 诉求类型 on orders: suggested from the words when not given, kept when
// given, refused when unknown, and a filter of GET /api/v1/orders.
func TestOrderDemandTypeOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.fileHotline(t, "dt-1", "我要投诉：三单元楼道里堆满了旧家具，消防通道都堵了")
		e.fileHotline(t, "dt-2", "请问三单元楼道里的旧家具谁来清理？")
		praise := strings.Replace(strings.Replace(residentReport, `"channel":"web"`, `"channel":"hotline","demand_type":"praise"`, 1),
			"三单元楼道里堆满了旧家具，消防通道都堵了", "三单元楼道清理得很干净", 1)
		if st, _, b := e.post(t, "operator", "/api/v1/orders", praise, map[string]string{"Idempotency-Key": "dt-3"}); st != http.StatusCreated {
			t.Fatalf("order with a demand type: %d %s", st, b)
		}
		bad := strings.Replace(residentReport, `"channel":"web"`, `"channel":"hotline","demand_type":"rant"`, 1)
		if st, _, b := e.post(t, "operator", "/api/v1/orders", bad, map[string]string{"Idempotency-Key": "dt-4"}); st != http.StatusBadRequest {
			t.Fatalf("unknown demand type: %d %s, want 400", st, b)
		}
		for kind, want := range map[string]int{"complaint": 1, "consult": 1, "praise": 1, "report": 0} {
			st, b := e.do(t, "admin", "GET", "/api/v1/orders?demand_type="+kind, "")
			var out struct {
				Orders []struct {
					DemandType string `json:"demand_type"`
				} `json:"orders"`
			}
			if st != http.StatusOK || json.Unmarshal(b, &out) != nil {
				t.Fatalf("list %s: %d %s", kind, st, b)
			}
			if len(out.Orders) != want {
				t.Errorf("demand_type=%s: %d orders, want %d", kind, len(out.Orders), want)
			}
			for _, o := range out.Orders {
				if o.DemandType != kind {
					t.Errorf("demand_type=%s listed a %s order", kind, o.DemandType)
				}
			}
		}
		if st, _ := e.do(t, "admin", "GET", "/api/v1/orders?demand_type=rant", ""); st != http.StatusBadRequest {
			t.Errorf("unknown demand type filter: %d, want 400", st)
		}
		day := time.Now().In(zone.Shanghai())
		period := "&from=" + day.AddDate(0, 0, -1).Format(time.DateOnly) + "&to=" + day.AddDate(0, 0, 2).Format(time.DateOnly) + "&direct=1"
		st, b := e.do(t, "admin", "GET", "/api/v1/stats/demand-types?node=210504"+period, "")
		var figs struct {
			Types []struct {
				DemandType string `json:"demand_type"`
				Counts     struct {
					Received int `json:"received"`
				} `json:"counts"`
			} `json:"types"`
		}
		if st != http.StatusOK || json.Unmarshal(b, &figs) != nil {
			t.Fatalf("stats by demand type: %d %s", st, b)
		}
		got := map[string]int{}
		for _, f := range figs.Types {
			got[f.DemandType] = f.Counts.Received
		}
		if got["complaint"] != 1 || got["consult"] != 1 || got["praise"] != 1 || len(got) != 3 {
			t.Errorf("received by demand type %v, want one complaint, consult and praise (%s)", got, b)
		}
	})
}
