package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
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
