package report_test

import (
	"context"
	"testing"

	"civicgrid/internal/report"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestCallbackRateOutcomes: a refused callback (拒访: closed, called back,
// no rating) is a callback done and stays out of 满意率; calls nobody
// answered (未接通: still resolved, attempts counted, no callback time)
// are not.
//
//	     status    resolved  callback  rating  attempts
//	c1   closed    1d        2d        满意
//	c2   closed    1d        2d        — (拒访)
//	c3   resolved  1d        —         —        2 (未接通 twice)
//
// 回访率 = 2/3 (c1 c2 of c1 c2 c3); 满意率 = 1/1 (only c1 rated).
func TestCallbackRateOutcomes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seedOrg(t, db)
		mon := from.Add(9 * h)
		insert(t, db, row{name: "c1", grid: gridA, status: "closed", received: mon, replied: h, resolved: d, back: 2 * d, rating: "satisfied"})
		insert(t, db, row{name: "c2", grid: gridA, status: "closed", received: mon, replied: h, resolved: d, back: 2 * d})
		c3 := insert(t, db, row{name: "c3", grid: gridA, status: "resolved", received: mon, replied: h, resolved: d})
		mustExec(t, db, `UPDATE orders SET callback_attempts = 2, callback_retry_at = ? WHERE id = ?`, store.Millis(asOf), c3)
		rep := newReporter(t, db, asOf, report.Config{MinSample: 1})
		m, err := rep.Measures(context.Background(), leader, report.Query{Node: street1, From: from, To: to})
		if err != nil {
			t.Fatal(err)
		}
		wantRate(t, "回访率", m.Rates.Callback, 2, 3)
		wantRate(t, "满意率", m.Rates.Satisfaction, 1, 1)
	})
}
