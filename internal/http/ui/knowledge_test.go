package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"civicgrid/internal/store"
)

var kbIDRE = regexp.MustCompile(`^/knowledge/(\d+)\?saved=1$`)

func kbSaved(t *testing.T, r response) string {
	t.Helper()
	m := kbIDRE.FindStringSubmatch(r.Header.Get("Location"))
	if r.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("save: status %d, location %q\n%s", r.Status, r.Header.Get("Location"), excerpt(r.Body))
	}
	return m[1]
}

func TestKnowledgeProposeReviewAnswerAndFAQ(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		g, _ := consoleGrid(t, e)
		ctx := context.Background()

		// The operator proposes an answer for 城管 (the demo department's own).
		op := e.client(t)
		op.signIn("operator", e.creds["operator"])
		page := op.get("/knowledge")
		wantStatus(t, page, http.StatusOK, "knowledge page")
		wantContains(t, page, "operator's form", "提议新知识", `id="kb-save"`)
		bad := op.post("/knowledge", url.Values{"question": {"小区门口流动摊贩占道经营找谁管？"}, "answer": {"短"}, "dept": {"chengguan"}})
		wantStatus(t, bad, http.StatusBadRequest, "short answer")
		wantContains(t, bad, "short answer", `id="kb-error"`, "答复过短", "小区门口流动摊贩占道经营找谁管？")
		id := kbSaved(t, op.post("/knowledge", url.Values{"question": {"小区门口流动摊贩占道经营找谁管？"},
			"answer": {"流动摊贩占道经营由城管执法局负责查处，可拨打12345说明具体位置和时段，城管执法队员将在2小时内到场劝离。"},
			"dept":   {"chengguan"}, "category": {"consult.service"}, "source": {"《城市市容和环境卫生管理条例》第十四条"}}))
		// Not yet public nor offered.
		wantLacks(t, e.client(t).get("/faq"), "faq before review", "小区门口流动摊贩占道经营找谁管")

		// The department reviews it; a stale second review is refused.
		dept := e.client(t)
		dept.signIn("department", e.creds["department"])
		wantContains(t, dept.get("/knowledge"), "department's list", "待我审核", "小区门口流动摊贩占道经营找谁管？")
		art := dept.get("/knowledge/" + id)
		wantContains(t, art, "review form", `id="kb-approve"`, `id="kb-reject"`)
		wantLacks(t, op.get("/knowledge/"+id), "operator's view", `id="kb-approve"`)
		if r := op.post("/knowledge/"+id+"/review", url.Values{"version": {"1"}, "decision": {"approve"}}); r.Status != http.StatusForbidden {
			t.Fatalf("operator review: %d", r.Status)
		}
		kbSaved(t, dept.post("/knowledge/"+id+"/review", url.Values{"version": {"1"}, "decision": {"approve"}, "note": {"口径准确"}}))
		wantStatus(t, dept.post("/knowledge/"+id+"/review", url.Values{"version": {"1"}, "decision": {"approve"}}), http.StatusConflict, "second review")

		// Residents find it on the FAQ, by category and by their own words.
		faq := e.client(t).get("/faq?q=" + url.QueryEscape("楼下小区门口天天有流动摊贩占道经营"))
		wantStatus(t, faq, http.StatusOK, "faq")
		wantContains(t, faq, "faq search", `id="faq-results"`, "小区门口流动摊贩占道经营找谁管？", "《城市市容和环境卫生管理条例》第十四条")

		// The console offers it while the operator types, and answers from it in one submit.
		frag := op.get("/console/knowledge?description=" + url.QueryEscape("小区门口有流动摊贩占道摆摊"))
		wantContains(t, frag, "console matches", `id="kb-answer-`+id+`"`, "用此答复并办结")
		number := consoleNumber(t, op.post("/console", url.Values{"idempotency_key": {consoleOpen(t, op)},
			"reporter_name": {"周先生"}, "address": {"北地街道"}, "community_code": {g.CommunityCode},
			"description": {"小区门口有流动摊贩占道摆摊，归谁管"}, "article_id": {id}}))
		var status, kind string
		var used int
		if err := db.QueryRowContext(ctx, `SELECT o.status, o.kind, (SELECT COUNT(*) FROM kb_uses u WHERE u.order_number = o.number AND u.article_id = ?)
			FROM orders o WHERE o.number = ?`, id, number).Scan(&status, &kind, &used); err != nil {
			t.Fatal(err)
		}
		if status != "closed" || kind != "consult" || used != 1 {
			t.Fatalf("order %s: %s %s, uses %d", number, status, kind, used)
		}
		wantContains(t, op.get("/knowledge/"+id), "use counted", `<dd id="kb-uses">1</dd>`)
		lead := e.client(t)
		lead.signIn("leader", e.creds["leader"])
		m := lead.get("/measures")
		wantStatus(t, m, http.StatusOK, "measures")
		wantContains(t, m, "direct answers", `id="measure-direct_answer_rate"`, "咨询直接答复率", "其中引用知识库")
		track := e.client(t).get("/faq")
		if !strings.Contains(track.Body, "小区门口流动摊贩占道经营找谁管？") {
			t.Fatalf("faq lacks the article\n%s", excerpt(track.Body))
		}
	})
}
