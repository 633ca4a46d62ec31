package ui_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"civicgrid/internal/store"
)

// TestTopicTaskFromTheBoard: the dispatcher hands a hot topic to 城管 from
// the board's card in one step; the card then shows it as handed; 城管's
// staff see the task, record progress and close it; bad input is refused
// on the page and writes nothing; a community user may not open the list.
func TestTopicTaskFromTheBoard(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		g, _ := consoleGrid(t, e)
		var nums []string
		for _, text := range []string{"幸福小区暖气不热，家里只有十五度", "幸福小区暖气不热，老人孩子都冻病了", "幸福小区3号楼暖气不热，屋里太冷"} {
			nums = append(nums, fileOrder(t, e, g.Code, "hotline", "corridor.clutter", text).Number)
		}
		c := e.client(t)
		c.signIn("dispatcher", e.creds["dispatcher"])
		board := c.get("/dispatch")
		wantContains(t, board, "hand-out form on the card", `class="inline-form hot-hand"`, `name="department"`, `value="chengguan"`, `name="order" value="`+nums[0]+`"`)
		tasks := func() int {
			var n int
			if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM topic_tasks`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		form := url.Values{"word": {"幸福小区", "暖气"}, "order": nums, "department": {"chengguan"}, "due": {"2020-01-01"}}
		r := c.post("/topic-tasks", form)
		wantStatus(t, r, http.StatusBadRequest, "a past due day")
		wantContains(t, r, "the refusal", "办结时限不能早于今天")
		if n := tasks(); n != 0 {
			t.Fatalf("a refused hand-out wrote %d tasks", n)
		}
		form.Set("due", "2099-12-31")
		r = c.post("/topic-tasks", form)
		wantStatus(t, r, http.StatusSeeOther, "hand out")
		loc := r.Header.Get("Location")
		if !regexp.MustCompile(`^/topic-tasks/\d+\?done=created$`).MatchString(loc) {
			t.Fatalf("after the hand-out: %q", loc)
		}
		task := strings.TrimSuffix(loc, "?done=created")
		wantContains(t, c.get(loc), "the new task", "幸福小区、暖气", "已交办", "已办结工单 0 / 3 件", nums[2])
		wantContains(t, c.get("/dispatch"), "the card shows the topic handed", `class="badge hot-handed" href="`+task+`"`)
		wantStatus(t, c.post("/topic-tasks", form), http.StatusConflict, "the same orders again")

		dept := e.client(t)
		dept.signIn("department", e.creds["department"])
		wantContains(t, dept.get("/topic-tasks"), "the unit's list", "幸福小区、暖气", "城管")
		wantStatus(t, dept.post(task+"/progress", url.Values{"text": {" "}}), http.StatusBadRequest, "empty progress")
		wantStatus(t, dept.post(task+"/progress", url.Values{"text": {"已排查供热管线"}}), http.StatusSeeOther, "progress")
		wantStatus(t, dept.post(task+"/close", url.Values{"text": {"更换阀门，室温恢复到20度，已逐户回复"}}), http.StatusSeeOther, "close")
		page := dept.get(task)
		wantContains(t, page, "the closed task", "已办结", "已排查供热管线", "更换阀门")
		if strings.Contains(page.Body, `id="tt-close-form"`) {
			t.Error("a closed task still offers the close form")
		}
		wantStatus(t, dept.post(task+"/close", url.Values{"text": {"again"}}), http.StatusConflict, "second close")

		comm := e.client(t)
		comm.signIn("community", e.creds["community"])
		wantStatus(t, comm.get("/topic-tasks"), http.StatusForbidden, "community at the list")
		wantStatus(t, comm.get(task), http.StatusNotFound, "community at the task")
	})
}
