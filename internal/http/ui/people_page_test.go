package ui_test

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"civicgrid/internal/people"
	"civicgrid/internal/store"
)

// TestPeoplePages checks the register pages without a browser: who sees
// what, a report and its confirmation, and the masks.
func TestPeoplePages(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		houses := demoHouses(t, e)
		head := e.client(t)
		head.signIn("building", e.creds["building"])
		first := "23010319900512022"
		done := make(chan response, 1)
		go func() {
			done <- head.post("/people/report", url.Values{"kind": {"move_in"}, "house_id": {fmt.Sprint(houses[2])}, "date": {"2026-11-20"},
				"name": {"孙丽娜"}, "doc_type": {"id"}, "id_number": {first + string(people.CheckChar(first))}, "phone": {"13855556666"},
				"hukou": {"other"}, "residence": {"floating"}})
		}()
		var r response
		select {
		case r = <-done:
		case <-time.After(20 * time.Second):
			t.Fatal("the report did not answer in 20 s")
		}
		wantStatus(t, r, 303, "report")
		r = head.get("/people/report?sent=1")
		wantStatus(t, r, 200, "report page")
		wantContains(t, r, "report", "等待社区确认", "孙**")
		wantLacks(t, r, "report", "孙丽娜", "13855556666")

		comm := e.client(t)
		comm.signIn("community", e.creds["community"])
		r = comm.get("/people")
		wantStatus(t, r, 200, "register")
		wantContains(t, r, "register", "赵**", "139****0000", "2105**********", "迁入")
		wantLacks(t, r, "register", "赵建国", "13900000000")

		for user, want := range map[string]int{"street": 200, "leader": 200, "operator": 403, "department": 403} {
			c := e.client(t)
			c.signIn(user, e.creds[user])
			r := c.get("/people")
			wantStatus(t, r, want, user)
			wantLacks(t, r, user, "赵**")
		}
	})
}
