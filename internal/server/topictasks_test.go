package server_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// The API hands a hot topic to 城管 as one task; 城管 lists it, records
// progress and closes it; another department sees nothing; bad input is
// 400 and a second hand-out of an order 409.
func TestTopicTasksOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.fileHotline(t, "tt-1", "幸福小区暖气不热，家里只有十五度")
		e.fileHotline(t, "tt-2", "幸福小区暖气不热，老人孩子都冻病了")
		var topics struct {
			Topics []struct {
				Words  []string `json:"words"`
				Orders []string `json:"orders"`
			} `json:"topics"`
		}
		st, b := e.do(t, "dispatcher", "GET", "/api/v1/hot-topics?min=2", "")
		if st != http.StatusOK || json.Unmarshal(b, &topics) != nil || len(topics.Topics) != 1 {
			t.Fatalf("topics: %d %s", st, b)
		}
		orders, _ := json.Marshal(topics.Topics[0].Orders)
		body := `{"words": ["幸福小区", "暖气"], "department": "chengguan", "due_on": "2099-12-31", "orders": ` + string(orders) + `}`
		if st, b := e.do(t, "dispatcher", "POST", "/api/v1/topic-tasks", `{"department": "chengguan", "due_on": "2099-12-31", "orders": []}`); st != http.StatusBadRequest {
			t.Fatalf("no orders: %d %s", st, b)
		}
		if st, b := e.do(t, "department", "POST", "/api/v1/topic-tasks", body); st != http.StatusForbidden {
			t.Fatalf("a department handing out: %d %s", st, b)
		}
		var task struct {
			ID     int64  `json:"id"`
			Title  string `json:"title"`
			Status string `json:"status"`
			Orders int    `json:"orders"`
		}
		st, b = e.do(t, "dispatcher", "POST", "/api/v1/topic-tasks", body)
		if st != http.StatusCreated || json.Unmarshal(b, &task) != nil || task.Orders != 2 || task.Title != "幸福小区、暖气" {
			t.Fatalf("hand out: %d %s", st, b)
		}
		if st, b := e.do(t, "dispatcher", "POST", "/api/v1/topic-tasks", body); st != http.StatusConflict {
			t.Fatalf("second hand-out: %d %s", st, b)
		}
		var list struct {
			Tasks []struct {
				ID int64 `json:"id"`
			} `json:"tasks"`
		}
		st, b = e.do(t, "department", "GET", "/api/v1/topic-tasks", "")
		if st != http.StatusOK || json.Unmarshal(b, &list) != nil || len(list.Tasks) != 1 || list.Tasks[0].ID != task.ID {
			t.Fatalf("the unit's list: %d %s", st, b)
		}
		st, b = e.do(t, "otherdept", "GET", "/api/v1/topic-tasks", "")
		if st != http.StatusOK || json.Unmarshal(b, &list) != nil || len(list.Tasks) != 0 {
			t.Fatalf("another unit's list: %d %s", st, b)
		}
		path := "/api/v1/topic-tasks/" + jsonID(task.ID)
		if st, _ := e.do(t, "otherdept", "GET", path, ""); st != http.StatusNotFound {
			t.Fatalf("another unit's task: %d", st)
		}
		if st, b := e.do(t, "department", "POST", path+"/progress", `{"text": "已排查管线"}`); st != http.StatusNoContent {
			t.Fatalf("progress: %d %s", st, b)
		}
		if st, b := e.do(t, "department", "POST", path+"/close", `{"text": ""}`); st != http.StatusBadRequest {
			t.Fatalf("empty outcome: %d %s", st, b)
		}
		if st, b := e.do(t, "department", "POST", path+"/close", `{"text": "阀门已更换，已回复群众"}`); st != http.StatusNoContent {
			t.Fatalf("close: %d %s", st, b)
		}
		var got struct {
			Status    string `json:"status"`
			Notes     []any  `json:"notes"`
			OrderList []any  `json:"order_list"`
		}
		st, b = e.do(t, "dispatcher", "GET", path, "")
		if st != http.StatusOK || json.Unmarshal(b, &got) != nil || got.Status != "closed" || len(got.Notes) != 2 || len(got.OrderList) != 2 {
			t.Fatalf("the closed task: %d %s", st, b)
		}
	})
}

func jsonID(id int64) string {
	b, _ := json.Marshal(id)
	return string(b)
}
