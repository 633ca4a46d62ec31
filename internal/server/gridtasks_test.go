package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// Three similar orders from one grid raise a grid task the grid worker
// sees and closes over HTTP; others do not see it or cannot close it.
func TestHotSpotGridTaskOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for i := range 3 {
			e.fileHotline(t, "hot-"+strconv.Itoa(i), "楼道里堆满了杂物，消防通道堵了，第"+strconv.Itoa(i+1)+"次反映")
		}
		raised, err := e.app.Tasks.Raise(context.Background())
		if err != nil || len(raised) != 1 {
			t.Fatalf("raise: %+v, %v", raised, err)
		}
		var list struct {
			Tasks []struct {
				ID           int64    `json:"id"`
				Grid         string   `json:"grid"`
				SourceOrders []string `json:"source_orders"`
				Version      int      `json:"version"`
				Status       string   `json:"status"`
			} `json:"tasks"`
		}
		st, b := e.do(t, "grid", "GET", "/api/v1/grid-tasks?status=open", "")
		if st != http.StatusOK || json.Unmarshal(b, &list) != nil || len(list.Tasks) != 1 || len(list.Tasks[0].SourceOrders) != 3 {
			t.Fatalf("grid worker's tasks: %d %s", st, b)
		}
		task := list.Tasks[0]
		if st, b := e.do(t, "otherstreet", "GET", "/api/v1/grid-tasks", ""); st != http.StatusOK || string(b) != "{\"tasks\":[]}\n" {
			t.Fatalf("another street's list: %d %s", st, b)
		}
		path := "/api/v1/grid-tasks/" + strconv.FormatInt(task.ID, 10) + "/done"
		body := `{"version":` + strconv.Itoa(task.Version) + `,"note":"杂物已清理，已张贴提示"}`
		if st, _, b := e.post(t, "otherstreet", path, body, nil); st != http.StatusNotFound {
			t.Fatalf("outside scope: %d %s", st, b)
		}
		if st, _, b := e.post(t, "operator", path, body, nil); st != http.StatusForbidden {
			t.Fatalf("operator: %d %s", st, b)
		}
		if st, _, b := e.post(t, "grid", path, `{"version":1,"note":""}`, nil); st != http.StatusBadRequest {
			t.Fatalf("empty note: %d %s", st, b)
		}
		if st, _, b := e.post(t, "grid", path, body, nil); st != http.StatusOK {
			t.Fatalf("done: %d %s", st, b)
		}
		if st, _, b := e.post(t, "grid", path, body, nil); st != http.StatusConflict {
			t.Fatalf("done twice with the old version: %d %s", st, b)
		}
	})
}
