package ui_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserTopicTask: the dispatcher hands a hot topic out from the
// board's card; the unit records progress and closes the task. Screenshots
// topic-hand.png, topic-task.png, topic-task-closed.png.
func TestBrowserTopicTask(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	g, _ := consoleGrid(t, e)
	var first string
	for _, text := range []string{"幸福小区暖气不热，家里只有十五度", "幸福小区暖气不热，老人孩子都冻病了", "幸福小区3号楼暖气不热，屋里太冷"} {
		o := fileOrder(t, e, g.Code, "hotline", "corridor.clutter", text)
		if first == "" {
			first = o.Number
		}
	}
	b := newBrowser(t, exe, e.srv.URL, shots)
	signInAs(t, b, "dispatcher", e.creds["dispatcher"])
	b.open("/dispatch")
	card := fmt.Sprintf(`#hot-topics li.hot-topic:has(a[href="/orders/%s"])`, first)
	b.waitVisible(card + " form.hot-hand")
	elementShot(b, "#hot-topics", "topic-hand")
	if st := b.submit(card + " form.hot-hand button"); st != 200 || !strings.HasPrefix(b.location(), "/topic-tasks/") {
		t.Fatalf("hand out: %d at %s", st, b.location())
	}
	if got := b.text("#tt-done"); !strings.Contains(got, "已交办") {
		t.Fatalf("after the hand-out: %q", got)
	}
	task := b.location()
	if got := b.text("#tt-progress"); got != "已办结工单 0 / 3 件" {
		t.Errorf("progress %q", got)
	}
	b.screenshot("topic-task")
	b.open("/dispatch")
	if got := b.text(card + " .hot-handed"); got != "已交办" {
		t.Errorf("the card after the hand-out: %q", got)
	}

	switchUser(t, b, "department", e.creds["department"])
	b.viewport(phoneW, phoneH)
	b.open(task)
	b.do("type progress", chromedp.SendKeys(chromedp.CSS("#tt-progress-form textarea"), "已排查供热管线，正在更换阀门"))
	if st := b.submit("#tt-progress-form button"); st != 200 || !strings.Contains(b.text("#tt-done"), "进展已记录") {
		t.Fatalf("progress: %d", st)
	}
	b.do("type the outcome", chromedp.SendKeys(chromedp.CSS("#tt-close-form textarea"), "阀门已更换，室温恢复到20度，已逐户回复"))
	if st := b.submit("#tt-close-form button"); st != 200 || !strings.Contains(b.text("#tt-status"), "已办结") {
		t.Fatalf("close: %d", st)
	}
	noSidewaysScroll(t, b, "topic task")
	b.screenshot("topic-task-closed")
	b.checkConsole("topic task")
}
