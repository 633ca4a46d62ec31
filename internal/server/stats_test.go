package server_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
	"civicgrid/internal/zone"
)

func TestStatsOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.fileHotline(t, "stats-1", "三单元楼道里堆满了旧家具，消防通道都堵了")
		e.fileHotline(t, "stats-2", "五号楼楼道里有人放了电动车在充电")
		day := time.Now().In(zone.Shanghai())
		from, to := day.AddDate(0, 0, -1).Format(time.DateOnly), day.AddDate(0, 0, 2).Format(time.DateOnly)
		period := "&from=" + from + "&to=" + to + "&direct=1"

		var m struct {
			Node   string `json:"node"`
			Counts struct {
				Received int `json:"received"`
			} `json:"counts"`
		}
		for _, c := range []struct {
			user, node string
			received   int
		}{{"admin", "210504", 2}, {"street", "210504002", 2}, {"leader", "210504004", 0}} {
			st, b := e.do(t, c.user, "GET", "/api/v1/stats?node="+c.node+period, "")
			if st != http.StatusOK {
				t.Fatalf("%s stats of %s: %d %s", c.user, c.node, st, b)
			}
			if err := json.Unmarshal(b, &m); err != nil || m.Counts.Received != c.received {
				t.Fatalf("%s stats of %s: received %d, want %d (%s)", c.user, c.node, m.Counts.Received, c.received, b)
			}
		}
		if st, b := e.do(t, "otherstreet", "GET", "/api/v1/stats?node=210504"+period, ""); st != http.StatusNotFound {
			t.Fatalf("another district's street reads 明山区's measures: %d %s", st, b)
		}
		if st, b := e.do(t, "admin", "GET", "/api/v1/stats?node=210504&from=yesterday&to="+to, ""); st != http.StatusBadRequest {
			t.Fatalf("a bad date: %d %s, want 400", st, b)
		}
		if st, b := e.do(t, "admin", "GET", "/api/v1/stats/ranking?by=street&node=210504"+period, ""); st != http.StatusOK {
			t.Fatalf("ranking: %d %s", st, b)
		}
		if st, b := e.do(t, "admin", "GET", "/api/v1/stats/ranking?by=planet&node=210504"+period, ""); st != http.StatusBadRequest {
			t.Fatalf("ranking by nonsense: %d %s, want 400", st, b)
		}
		// A department sees its own measures only; a ranking of communities
		// is refused as such (403), not an internal error.
		for _, by := range []string{"community", "street", "department"} {
			if st, b := e.do(t, "department", "GET", "/api/v1/stats/ranking?by="+by+"&node=210504002"+period, ""); st != http.StatusForbidden {
				t.Fatalf("department ranking by %s: %d %s, want 403", by, st, b)
			}
		}
		if st, b := e.do(t, "", "GET", "/api/v1/stats/definitions", ""); st != http.StatusOK || len(b) < 100 {
			t.Fatalf("definitions: %d %s", st, b)
		}
	})
}
