package ui_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserDeliberation: a community worker on a phone calls a meeting,
// puts a topic on it, is refused recording the minutes before anyone is
// registered (nothing changes), registers two participants (shown masked),
// records the minutes and the decision with its votes, publishes, and adds
// and completes a follow-up task; a resident then reads the result on the
// public page (counts, no names, no minutes) and proposes a topic.
func TestBrowserDeliberation(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	topicsBefore := count(t, db, "deliberation_topics")

	b := newBrowser(t, exe, e.srv.URL, shots)
	b.viewport(375, 812)
	signInAs(t, b, "community", e.creds["community"])
	if st := b.open("/deliberation"); st != 200 {
		t.Fatalf("/deliberation answered %d", st)
	}
	b.screenshot("deliberation-list-phone")

	b.do("open the meeting form", chromedp.Click(chromedp.CSS("#dlb-new-meeting summary")))
	b.typeInto("#m-title", "十二月居民议事会")
	b.typeInto("#m-place", "社区党群服务中心二楼")
	started := time.Now().In(shanghai()).Add(-time.Hour).Format("2006-01-02T15:04")
	b.do("when", chromedp.SetValue(chromedp.CSS("#m-starts"), started))
	if st := b.submit("#dlb-meeting-form button[type=submit]"); st != 200 || !strings.HasPrefix(b.location(), "/deliberation/meetings/") {
		t.Fatalf("call a meeting: %d at %s", st, b.location())
	}
	meetingURL := strings.SplitN(b.location(), "?", 2)[0]

	b.open("/deliberation")
	b.do("open the topic form", chromedp.Click(chromedp.CSS("#dlb-new-topic summary")))
	b.typeInto("#t-title", "3号楼前增设电动车充电桩")
	b.do("describe", chromedp.SendKeys(chromedp.CSS("#t-desc"), "居民在楼道给电动车充电，有火灾隐患，建议在3号楼前空地增设集中充电桩。"))
	if st := b.submit("#dlb-topic-form button[type=submit]"); st != 200 || !strings.Contains(b.text("#dlb-status"), "待议") {
		t.Fatalf("put forward: %d", st)
	}
	topicURL := strings.SplitN(b.location(), "?", 2)[0]
	if st := b.submit("#dlb-schedule-form button[type=submit]"); st != 200 || !strings.Contains(b.text("#dlb-status"), "已列入会议") {
		t.Fatalf("schedule: %d", st)
	}

	b.open(meetingURL)
	if st := b.submit("#dlb-hold-form button[type=submit]"); st != 400 {
		t.Fatalf("minutes without minutes answered %d", st)
	}
	b.do("minutes", chromedp.SendKeys(chromedp.CSS("#h-minutes"), "与会人员讨论了充电桩选址和电费分摊。"))
	if st := b.submit("#dlb-hold-form button[type=submit]"); st != 400 || !strings.Contains(b.text("#dlb-error"), "参会人员") {
		t.Fatalf("held with nobody: %d", st)
	}
	if got := b.text("#dlb-status"); got != "拟召开" {
		t.Fatalf("status after a refused hold %q", got)
	}
	for _, p := range []struct{ kind, name, aff string }{{"resident_rep", "赵德明", ""}, {"property", "孙立新", "明山物业"}} {
		evalIn[bool](b, `document.querySelector('#dlb-participant-add').open = true`)
		b.do("kind", chromedp.SetValue(chromedp.CSS("#p-kind"), p.kind))
		b.typeInto("#p-name", p.name)
		if p.aff != "" {
			b.typeInto("#p-aff", p.aff)
		}
		if st := b.submit("#dlb-participant-form button[type=submit]"); st != 200 {
			t.Fatalf("participant: %d", st)
		}
	}
	if got := b.text("#dlb-participants"); strings.Contains(got, "赵德明") || !strings.Contains(got, "赵*") || !strings.Contains(got, "明山物业") {
		t.Fatalf("participants show %q", got)
	}
	b.do("minutes", chromedp.SendKeys(chromedp.CSS("#h-minutes"), "与会人员讨论了充电桩选址和电费分摊，物业同意提供电源。"))
	if st := b.submit("#dlb-hold-form button[type=submit]"); st != 200 || b.text("#dlb-status") != "已召开" {
		t.Fatalf("hold: %d", st)
	}
	evalIn[bool](b, `document.querySelector('#dlb-agenda details').open = true`)
	b.do("outcome", chromedp.SetValue(chromedp.CSS("#dlb-agenda select[name=outcome]"), "adopted"))
	b.do("decision", chromedp.SendKeys(chromedp.CSS("#dlb-agenda textarea[name=decision]"), "同意在3号楼前增设充电桩8个，物业负责安装，电费按度收取。"))
	b.do("for", chromedp.SendKeys(chromedp.CSS("#dlb-agenda input[name=for]"), "2"))
	if st := b.submit("#dlb-agenda form button[type=submit]"); st != 200 || !strings.HasPrefix(b.location(), meetingURL) {
		t.Fatalf("decide: %d at %s", st, b.location())
	}
	b.screenshot("deliberation-meeting-phone")
	if st := b.submit("#dlb-publish-form button[type=submit]"); st != 200 || b.text("#dlb-status") != "结果已公开" {
		t.Fatalf("publish: %d", st)
	}

	b.open(topicURL)
	evalIn[bool](b, `document.querySelector('#dlb-task-add').open = true`)
	b.typeInto("#k-title", "安装充电桩")
	b.typeInto("#k-owner", "明山物业")
	b.do("due", chromedp.SetValue(chromedp.CSS("#k-due"), time.Now().In(shanghai()).AddDate(0, 0, 14).Format("2006-01-02")))
	if st := b.submit("#dlb-task-form button[type=submit]"); st != 200 || !strings.Contains(b.text(".dlb-tasks"), "落实中") {
		t.Fatalf("task: %d", st)
	}
	b.typeInto(".dlb-tasks input[name=result]", "已安装8个充电桩并投入使用")
	if st := b.submit(".dlb-tasks form button[type=submit]"); st != 200 || !strings.Contains(b.text(".dlb-tasks"), "已落实") {
		t.Fatalf("complete: %d", st)
	}
	b.screenshot("deliberation-topic-phone")
	noSidewaysScroll(t, b, "deliberation topic")

	// The resident's view.
	b.submit(`form[action="/signout"] button`)
	if st := b.open("/public/deliberation"); st != 200 {
		t.Fatalf("/public/deliberation answered %d", st)
	}
	page := b.text("main")
	for _, want := range []string{"十二月居民议事会", "同意在3号楼前增设充电桩8个", "赞成 2 票", "居民代表 1 人", "已安装8个充电桩"} {
		if !strings.Contains(page, want) {
			t.Fatalf("public page lacks %q: %s", want, page)
		}
	}
	for _, secret := range []string{"赵", "孙立新", "电费分摊"} {
		if strings.Contains(page, secret) {
			t.Fatalf("public page shows %q", secret)
		}
	}
	b.screenshot("deliberation-public-phone")
	b.do("open the proposal form", chromedp.Click(chromedp.CSS("#dlb-propose summary")))
	b.typeInto("#pp-title", "小区夜间停车难")
	b.do("describe", chromedp.SendKeys(chromedp.CSS("#pp-desc"), "晚上车位不够，建议商量错时停车。"))
	b.typeInto("#pp-phone", "139一二三")
	if st := b.submit("#dlb-propose-form button[type=submit]"); st != 400 || !strings.Contains(b.text("#dlb-error"), "联系电话格式不对") {
		t.Fatalf("a bad phone answered %d", st)
	}
	b.typeInto("#pp-phone", "13912345678")
	if st := b.submit("#dlb-propose-form button[type=submit]"); st != 200 || !strings.Contains(b.text("#dlb-done"), "已提交") {
		t.Fatalf("proposal: %d", st)
	}
	if n := count(t, db, "deliberation_topics"); n != topicsBefore+2 {
		t.Fatalf("%d topics, want %d", n, topicsBefore+2)
	}
	noSidewaysScroll(t, b, "public deliberation")
	b.checkConsole("deliberation", "status of 400")
}
