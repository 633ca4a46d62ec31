package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

type articleReply struct {
	ID      int64   `json:"id"`
	State   string  `json:"state"`
	Version int     `json:"version"`
	Uses    int     `json:"uses"`
	Score   float64 `json:"score"`
}

// The knowledge base over HTTP: who may publish, propose and review;
// public search; answering a consultation from an article; the reply
// check and 咨询直接答复率.
func TestKnowledgeOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		article := `{"question":"共享单车乱停放找谁管？","answer":"共享单车停放由城管局负责，城管将通知运营企业在2小时内清理。","dept_code":"chengguan","category_code":"consult.other","source":"区互联网租赁自行车管理办法"}`
		if st, b := e.do(t, "operator", "POST", "/api/v1/knowledge", article); st != http.StatusForbidden {
			t.Fatalf("operator publishing: %d %s", st, b)
		}
		if st, b := e.do(t, "admin", "POST", "/api/v1/knowledge", `{"question":"","answer":"短","valid_from":"2026-1-1"}`); st != http.StatusBadRequest ||
			!strings.Contains(string(b), "date") {
			t.Fatalf("bad article: %d %s", st, b)
		}
		st, b := e.do(t, "operator", "POST", "/api/v1/knowledge/proposals", article)
		var p articleReply
		if st != http.StatusCreated || json.Unmarshal(b, &p) != nil || p.State != "proposed" {
			t.Fatalf("propose: %d %s", st, b)
		}
		review := fmt.Sprintf(`{"version":%d,"approve":true,"note":"口径准确"}`, p.Version)
		if st, b := e.do(t, "otherdept", "POST", fmt.Sprintf("/api/v1/knowledge/%d/review", p.ID), review); st != http.StatusNotFound {
			t.Fatalf("another department reviewing: %d %s", st, b)
		}
		if st, b := e.do(t, "", "GET", "/api/v1/knowledge/search?q=共享单车", ""); st != http.StatusOK || strings.Contains(string(b), "共享单车乱停放") {
			t.Fatalf("proposal searchable: %d %s", st, b)
		}
		if st, b := e.do(t, "department", "POST", fmt.Sprintf("/api/v1/knowledge/%d/review", p.ID), review); st != http.StatusOK {
			t.Fatalf("review: %d %s", st, b)
		}
		st, b = e.do(t, "", "GET", "/api/v1/knowledge/search?q="+strings.ReplaceAll("小区门口共享单车乱停，谁来管", " ", "%20"), "")
		var found struct {
			Articles []articleReply `json:"articles"`
		}
		if st != http.StatusOK || json.Unmarshal(b, &found) != nil || len(found.Articles) != 1 || found.Articles[0].ID != p.ID || found.Articles[0].Score <= 0 {
			t.Fatalf("search: %d %s", st, b)
		}
		if st, _ := e.do(t, "", "GET", "/api/v1/knowledge/search?q=", ""); st != http.StatusBadRequest {
			t.Fatalf("empty search: %d", st)
		}

		// A consultation answered from the article.
		consult := strings.Replace(strings.Replace(residentReport, `"channel":"web"`, `"channel":"hotline"`, 1), `"corridor.clutter"`, `"consult.other"`, 1)
		consult = strings.Replace(consult, "三单元楼道里堆满了旧家具，消防通道都堵了", "共享单车乱停在小区门口，归谁管？", 1)
		st, _, ob := e.post(t, "operator", "/api/v1/orders", consult, map[string]string{"Idempotency-Key": "kb-1"})
		if st != http.StatusCreated {
			t.Fatalf("consultation: %d %s", st, ob)
		}
		o := decodeOrder(t, ob)
		st, b = e.do(t, "operator", "POST", "/api/v1/orders/"+o.Number+"/answer-from-article", fmt.Sprintf(`{"version":%d,"article_id":%d}`, o.Version, p.ID))
		if st != http.StatusOK || decodeOrder(t, b).Status != "closed" {
			t.Fatalf("answer from article: %d %s", st, b)
		}
		var direct struct {
			Consultations int64    `json:"consultations"`
			Answered      int64    `json:"answered_at_first_contact"`
			FromKnowledge int64    `json:"answered_from_knowledge"`
			Rate          *float64 `json:"direct_answer_rate"`
		}
		st, b = e.do(t, "leader", "GET", "/api/v1/stats/direct-answers?from=2020-01-01&to=2029-01-01", "")
		if st != http.StatusOK || json.Unmarshal(b, &direct) != nil || direct.Consultations != 1 || direct.FromKnowledge != 1 ||
			direct.Rate == nil || *direct.Rate != 1 {
			t.Fatalf("direct answers: %d %s", st, b)
		}

		// The reply check of an order resolved with a thin reply.
		h := e.fileHotline(t, "kb-2", "三单元楼道里堆满了旧家具，消防通道都堵了")
		h = e.act(t, "grid", h, "sign", "")
		h = e.act(t, "grid", h, "resolve", `,"note":"已处理"`)
		st, b = e.do(t, "dispatcher", "GET", "/api/v1/orders/"+h.Number+"/reply-check", "")
		if st != http.StatusOK || !strings.Contains(string(b), `"short"`) || !strings.Contains(string(b), `"ok":false`) {
			t.Fatalf("reply check: %d %s", st, b)
		}
		if st, b := e.do(t, "otherstreet", "GET", "/api/v1/orders/"+h.Number+"/reply-check", ""); st != http.StatusNotFound {
			t.Fatalf("reply check out of scope: %d %s", st, b)
		}
	})
}
