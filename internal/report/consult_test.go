package report_test

import (
	"context"
	"testing"

	"civicgrid/internal/report"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestDirectAnswersHandComputed: 咨询直接答复率 on street 1 of the test
// org, counted by hand below.
func TestDirectAnswersHandComputed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seedOrg(t, db)
		ctx := context.Background()
		mustExec(t, db, `INSERT INTO kb_articles (id, question, answer, state, created_at, updated_at)
			VALUES (7, '燃气费怎么交', '到营业厅或线上缴纳燃气费。', 'published', 1, 1)`)
		consult := func(name, grid, status, demand string, kindConsult bool) int64 {
			id := insert(t, db, row{name: name, grid: grid, category: "consult.policy", status: status, received: day(1, 9, 0),
				replied: 5 * 60e9, resolved: 5 * 60e9})
			kind := "event"
			if kindConsult {
				kind = "consult"
			}
			mustExec(t, db, `UPDATE orders SET kind = ?, demand_type = ? WHERE id = ?`, kind, demand, id)
			return id
		}
		answer := func(id int64, at int64) {
			mustExec(t, db, `INSERT INTO order_events (order_id, seq, at, action, from_status, to_status) VALUES (?, 1, ?, 'answer', 'new', 'closed')`, id, at)
		}
		numberOf := func(id int64) string {
			var n string
			if err := db.QueryRowContext(ctx, `SELECT number FROM orders WHERE id = ?`, id).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		onCall := store.Millis(day(1, 9, 5))
		c1 := consult("c1 answered from the knowledge base", gridA, "closed", "consult", true)
		answer(c1, onCall)
		mustExec(t, db, `INSERT INTO kb_uses (order_number, article_id, used_at) VALUES (?, 7, ?)`, numberOf(c1), onCall)
		answer(consult("c2 answered by hand", gridB, "closed", "", true), onCall)
		consult("c3 a 咨询 in words, handled by a department", gridA, "resolved", "consult", false)
		answer(consult("c4 cancelled", gridA, "cancelled", "consult", true), onCall)
		answer(consult("c5 answered after the as-of time", gridA, "closed", "consult", true), store.Millis(asOf)+1)
		answer(consult("c6 another street", gridC, "closed", "consult", true), onCall)
		insert(t, db, row{name: "n1 not a consultation", grid: gridA, status: "closed", received: day(1, 10, 0), resolved: d})

		rep := newReporter(t, db, asOf, report.Config{})
		got, err := rep.DirectAnswers(ctx, leader, report.Query{Node: street1, From: from, To: to})
		if err != nil {
			t.Fatal(err)
		}
		// c1, c2, c3, c5 are consultations; c1 and c2 were answered on the call, c1 from the knowledge base.
		if got.Consultations != 4 || got.Answered != 2 || got.FromKnowledge != 1 {
			t.Fatalf("figures %+v", got)
		}
		if got.Rate == nil || *got.Rate != 0.5 || got.KnowledgeRate == nil || *got.KnowledgeRate != 0.5 {
			t.Fatalf("rates %v %v", got.Rate, got.KnowledgeRate)
		}
		none, err := rep.DirectAnswers(ctx, leader, report.Query{Node: street3, From: from, To: to})
		if err != nil || none.Consultations != 0 || none.Rate != nil {
			t.Fatalf("empty street: %+v, %v", none, err)
		}
		if _, err := rep.DirectAnswers(ctx, nodeScope("street", street2), report.Query{Node: street1, From: from, To: to}); err == nil {
			t.Fatal("a street read another street's figures")
		}
	})
}
