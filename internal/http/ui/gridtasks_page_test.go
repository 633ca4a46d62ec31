package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// gridTaskHotSpot files three streetlight orders in the demo grid
// worker's grid and raises the task they make.
func gridTaskHotSpot(t *testing.T, e *env) string {
	t.Helper()
	ctx := context.Background()
	gw, err := auth.GetUserByUsername(ctx, e.db, "grid")
	if err != nil {
		t.Fatal(err)
	}
	grids, err := grid.GridsOfUser(ctx, e.db, gw.ID)
	if err != nil || len(grids) == 0 {
		t.Fatalf("the demo grid worker's grids: %v, %v", grids, err)
	}
	buildings, err := grid.ListBuildings(ctx, e.db, grids[0].GridCode)
	if err != nil || len(buildings) == 0 || !buildings[0].HasPoint {
		t.Fatalf("buildings of %s: %v", grids[0].GridCode, err)
	}
	for i := range 3 {
		_, _, err := e.app.Orders.Create(ctx, e.actor(t, "operator"), order.Input{
			Channel: order.ChannelHotline, Category: "streetlight.out", Description: "楼下路灯不亮第" + strconv.Itoa(i+1) + "天了",
			Point: &order.Point{Lng: buildings[0].Lng, Lat: buildings[0].Lat}})
		if err != nil {
			t.Fatal(err)
		}
	}
	raised, err := e.app.Tasks.Raise(ctx)
	if err != nil || len(raised) != 1 {
		t.Fatalf("raise: %+v, %v", raised, err)
	}
	return grids[0].GridName
}

var taskForm = regexp.MustCompile(`action="/grid/tasks/(\d+)/done"[\s\S]*?name="version" value="(\d+)"`)

func TestGridTasksPage(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		gridName := gridTaskHotSpot(t, e)

		gw := e.client(t)
		gw.signIn("grid", e.creds["grid"])
		page := gw.get("/grid/tasks")
		wantStatus(t, page, http.StatusOK, "grid tasks")
		wantContains(t, page, "grid tasks", gridName, "路灯不亮", "未诉先办")
		// Only the longest matching nav link is current (/grid/tasks, not /grid).
		wantContains(t, page, "nav", `<a href="/grid/tasks" aria-current="page">`)
		wantLacks(t, page, "nav", `<a href="/grid" aria-current="page">`)
		m := taskForm.FindStringSubmatch(page.Body)
		if m == nil {
			t.Fatalf("no close form on the page\n%s", excerpt(page.Body))
		}
		action := "/grid/tasks/" + m[1] + "/done"

		// A note too short is refused, says why, keeps what was typed.
		r := gw.post(action, url.Values{"version": {m[2]}, "note": {"好"}})
		wantStatus(t, r, http.StatusBadRequest, "short note")
		wantContains(t, r, "short note", "4 至 2000", ">好</textarea>")

		// A street office sees the task but has no close form.
		st := e.client(t)
		st.signIn("street", e.creds["street"])
		sp := st.get("/grid/tasks")
		wantStatus(t, sp, http.StatusOK, "street's grid tasks")
		wantContains(t, sp, "street's grid tasks", gridName)
		wantLacks(t, sp, "street's grid tasks", `action="/grid/tasks/`)

		// An operator has no grid tasks page.
		op := e.client(t)
		op.signIn("operator", e.creds["operator"])
		wantStatus(t, op.get("/grid/tasks"), http.StatusForbidden, "operator")

		r = gw.post(action, url.Values{"version": {m[2]}, "note": {"线路老化，已联系路灯所更换"}})
		wantStatus(t, r, http.StatusSeeOther, "close")
		done := gw.get("/grid/tasks?closed=1")
		wantContains(t, done, "after close", "任务已办结", "线路老化，已联系路灯所更换")
		wantLacks(t, done, "after close", `action="/grid/tasks/`)
	})
}
