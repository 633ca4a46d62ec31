package ui_test

import (
	"fmt"
	"strings"
	"testing"

	"civicgrid/internal/store"
)

// TestProjectPagesScope: the overdue dashboard shows the late 标段 to the
// district, not to another street; that street's staff see the 小区 page as
// residents do (no orders, no acceptance form); the export is an .xlsx.
func TestProjectPagesScope(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		w := seedProjectWorld(t, db, e.dataDir)
		admin := e.client(t)
		admin.signIn("admin", e.creds["admin"])
		res := admin.get("/projects/overdue")
		if res.Status != 200 || !strings.Contains(res.Body, "配套设施一标段") || !strings.Contains(res.Body, "竣工（2022-10-20）") {
			t.Fatalf("admin's overdue page: %d\n%s", res.Status, res.Body)
		}
		street := e.client(t) // 北地街道; the project is in 明山街道
		street.signIn("street", e.creds["street"])
		res = street.get("/projects/overdue")
		if res.Status != 200 || strings.Contains(res.Body, "配套设施一标段") || !strings.Contains(res.Body, "没有逾期的标段") {
			t.Fatalf("another street's overdue page: %d\n%s", res.Status, res.Body)
		}
		path := fmt.Sprintf("/public/projects/estates/%d", w.estate)
		res = street.get(path)
		if res.Status != 200 || !strings.Contains(res.Body, "民建小区") || strings.Contains(res.Body, "登记验收") {
			t.Fatalf("another street's view of the 小区 page: %d", res.Status)
		}
		res = admin.get(path)
		if res.Status != 200 || !strings.Contains(res.Body, "登记验收") {
			t.Fatalf("the district's view lacks the acceptance form: %d", res.Status)
		}
		res = e.client(t).get("/public/projects/estates/999999")
		if res.Status != 404 {
			t.Fatalf("an unknown 小区: %d", res.Status)
		}
		res = e.client(t).get("/public/projects/indicators.xlsx?year=2022")
		if res.Status != 200 || !strings.HasPrefix(res.Body, "PK") || !strings.Contains(res.Header.Get("Content-Disposition"), "indicators-2022.xlsx") {
			t.Fatalf("export: %d %q", res.Status, res.Header)
		}
	})
}
