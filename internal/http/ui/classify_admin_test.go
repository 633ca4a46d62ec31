package ui_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"civicgrid/internal/store"
)

// The admin page of the learned categories: automatic routing is set per
// category within bounds, by an admin only; an evaluation without enough
// history says so.
func TestClassifyAdminPage(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		c := e.client(t)
		c.signIn("admin", e.creds["admin"])
		page := c.get("/admin/classify")
		wantStatus(t, page, http.StatusOK, "classify page")
		wantContains(t, page, "classify page", "智能分类与自动派单", `id="classify-run"`)

		bad := c.post("/admin/classify/autoroute", url.Values{"category": {"streetlight.out"}, "threshold": {"0.2"}})
		wantStatus(t, bad, http.StatusBadRequest, "threshold too low")
		wantContains(t, bad, "threshold too low", `id="classify-error"`, "阈值应在")
		if r := c.post("/admin/classify/autoroute", url.Values{"category": {"no.such"}, "threshold": {"0.8"}}); r.Status != http.StatusNotFound {
			t.Fatalf("unknown category: %d", r.Status)
		}
		r := c.post("/admin/classify/autoroute", url.Values{"category": {"streetlight.out"}, "threshold": {"0.8"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("set: %d\n%s", r.Status, excerpt(r.Body))
		}
		var n int
		if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM classify_autoroute WHERE category_code = 'streetlight.out' AND threshold = 0.8`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("stored %d (%v)", n, err)
		}
		wantContains(t, c.get("/admin/classify?saved=1"), "routes listed", `id="classify-saved"`, `data-auto="streetlight.out"`)
		if r := c.post("/admin/classify/autoroute", url.Values{"category": {"streetlight.out"}, "threshold": {""}}); r.Status != http.StatusSeeOther {
			t.Fatalf("turn off: %d", r.Status)
		}
		if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM classify_autoroute`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("after turning off %d (%v)", n, err)
		}

		// With history in two categories the evaluation runs and shows each.
		g, _ := consoleGrid(t, e)
		if r := c.post("/admin/classify/eval", url.Values{"folds": {"5"}}); r.Status != http.StatusBadRequest {
			t.Fatalf("eval without history: %d", r.Status)
		}
		for i, text := range []string{"楼道里堆满了旧家具", "楼道堆放杂物堵塞通道", "单元门口楼道堆满纸箱", "楼道里有人堆放旧沙发", "消防通道被杂物堵了"} {
			for k := 0; k < 3; k++ {
				fileOrder(t, e, g.Code, "hotline", "corridor.clutter", fmt.Sprintf("%s（%d-%d）", text, i, k))
			}
		}
		for i, text := range []string{"小区路灯不亮了", "楼前路灯坏了晚上很黑", "路灯一直闪烁", "这条路的路灯全灭了", "路灯杆上的灯不亮"} {
			for k := 0; k < 3; k++ {
				fileOrder(t, e, g.Code, "hotline", "streetlight.out", fmt.Sprintf("%s（%d-%d）", text, i, k))
			}
		}
		if r := c.post("/admin/classify/eval", url.Values{"folds": {"3"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("eval: %d\n%s", r.Status, excerpt(r.Body))
		}
		wantContains(t, c.get("/admin/classify"), "evaluation", `id="classify-summary"`, `id="classify-corridor.clutter"`, `id="classify-streetlight.out"`, "宏平均F1")

		op := e.client(t)
		op.signIn("dispatcher", e.creds["dispatcher"])
		if r := op.post("/admin/classify/autoroute", url.Values{"category": {"streetlight.out"}, "threshold": {"0.8"}}); r.Status != http.StatusForbidden {
			t.Fatalf("dispatcher: %d", r.Status)
		}
	})
}
