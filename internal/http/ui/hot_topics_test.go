package ui_test

import (
	"net/http"
	"testing"

	"civicgrid/internal/store"
)

// The dispatch board and the measures dashboard show the hot topics of
// the orders in scope.
func TestHotTopicsOnTheBoards(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		g, _ := consoleGrid(t, e)
		for _, text := range []string{"幸福小区暖气不热，家里只有十五度", "幸福小区暖气不热，老人孩子都冻病了", "幸福小区3号楼暖气不热，屋里太冷"} {
			fileOrder(t, e, g.Code, "hotline", "corridor.clutter", text)
		}
		c := e.client(t)
		c.signIn("dispatcher", e.creds["dispatcher"])
		board := c.get("/dispatch")
		wantStatus(t, board, http.StatusOK, "board")
		wantContains(t, board, "hot topics on the board", `id="hot-topics"`, "热点问题", "3 件", "暖气")
		lead := e.client(t)
		lead.signIn("leader", e.creds["leader"])
		wantContains(t, lead.get("/measures"), "hot topics on the dashboard", `id="hot-topics"`, "暖气")
	})
}
