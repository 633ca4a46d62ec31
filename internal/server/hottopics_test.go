package server_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// GET /api/v1/hot-topics groups the caller's recent orders about one
// thing; another street's user sees none of them.
func TestHotTopicsOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.fileHotline(t, "ht-1", "幸福小区暖气不热，家里只有十五度")
		e.fileHotline(t, "ht-2", "幸福小区暖气不热，老人孩子都冻病了")
		e.fileHotline(t, "ht-3", "幸福小区3号楼暖气不热，屋里太冷")
		e.fileHotline(t, "ht-4", "请问低保怎么申请")
		var out struct {
			Topics []struct {
				Words  []string `json:"words"`
				Count  int      `json:"count"`
				Orders []string `json:"orders"`
			} `json:"topics"`
		}
		st, b := e.do(t, "dispatcher", "GET", "/api/v1/hot-topics", "")
		if st != http.StatusOK || json.Unmarshal(b, &out) != nil || len(out.Topics) != 1 || out.Topics[0].Count != 3 || len(out.Topics[0].Words) == 0 {
			t.Fatalf("topics: %d %s", st, b)
		}
		st, b = e.do(t, "otherstreet", "GET", "/api/v1/hot-topics", "")
		if st != http.StatusOK || json.Unmarshal(b, &out) != nil || len(out.Topics) != 0 {
			t.Fatalf("another street: %d %s", st, b)
		}
		if st, _ := e.do(t, "dispatcher", "GET", "/api/v1/hot-topics?days=400", ""); st != http.StatusBadRequest {
			t.Fatalf("400 days: %d", st)
		}
	})
}
