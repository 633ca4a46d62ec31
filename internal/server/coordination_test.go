package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// fileHotline has the operator file an order at the first test grid; staff
// orders are accepted at once and routed by the catalogue (to the grid).
func (e *env) fileHotline(t *testing.T, key, description string) orderReply {
	t.Helper()
	body := strings.Replace(strings.Replace(residentReport, `"channel":"web"`, `"channel":"hotline"`, 1),
		"三单元楼道里堆满了旧家具，消防通道都堵了", description, 1)
	st, _, b := e.post(t, "operator", "/api/v1/orders", body, map[string]string{"Idempotency-Key": key})
	if st != http.StatusCreated {
		t.Fatalf("hotline order: %d %s", st, b)
	}
	return decodeOrder(t, b)
}

func (e *env) get(t *testing.T, user, number string) orderReply {
	t.Helper()
	st, b := e.do(t, user, "GET", "/api/v1/orders/"+number, "")
	if st != http.StatusOK {
		t.Fatalf("GET %s as %s: %d %s", number, user, st, b)
	}
	return decodeOrder(t, b)
}

func TestSummonsExtensionMergeAndSupervisionOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		o := e.fileHotline(t, "hot-1", "三单元楼道里堆满了旧家具，消防通道都堵了")
		if o.Level != "grid" {
			t.Fatalf("hotline order routed to %s, want the grid", o.Level)
		}

		// 吹哨报到: the community summons the city management department.
		st, _, b := e.post(t, "community", "/api/v1/orders/"+o.Number+"/summon",
			`{"version":`+itoa(o.Version)+`,"departments":["chengguan"],"note":"楼道堆物涉及消防，请城管报到"}`, nil)
		if st != http.StatusOK {
			t.Fatalf("summon: %d %s", st, b)
		}
		var summoned struct {
			Summons struct {
				ID          int64 `json:"id"`
				Departments []struct {
					Department string `json:"department"`
				} `json:"departments"`
			} `json:"summons"`
		}
		if err := json.Unmarshal(b, &summoned); err != nil || summoned.Summons.ID == 0 || len(summoned.Summons.Departments) != 1 {
			t.Fatalf("summons reply: %s", b)
		}
		id := itoa(int(summoned.Summons.ID))
		if st, _, b := e.post(t, "otherdept", "/api/v1/summons/"+id+"/report-in", `{"note":"x"}`, nil); st == http.StatusOK {
			t.Fatalf("a department not summoned reported in: %s", b)
		}
		st, _, b = e.post(t, "department", "/api/v1/summons/"+id+"/report-in", `{"note":"执法队员已到场"}`, nil)
		if st != http.StatusOK || !strings.Contains(string(b), `"reported_at"`) {
			t.Fatalf("report-in: %d %s", st, b)
		}

		// Extension: the grid signs, asks for 2 more working days, the centre approves.
		o = e.get(t, "grid", o.Number)
		// The grid may ask what it may do before it posts; an order outside a
		// caller's scope is not found, not forbidden.
		st, b = e.do(t, "grid", "GET", "/api/v1/orders/"+o.Number+"/actions", "")
		if st != http.StatusOK || !strings.Contains(string(b), `"sign"`) || !strings.Contains(string(b), `"number":"`+o.Number+`"`) {
			t.Fatalf("the grid's actions on its order: %d %s, want sign among them", st, b)
		}
		if st, b := e.do(t, "otherdept", "GET", "/api/v1/orders/"+o.Number+"/actions", ""); st != http.StatusNotFound {
			t.Fatalf("another department asks for the order's actions: %d %s, want 404", st, b)
		}
		o = e.act(t, "grid", o, "sign", "")
		before := o.ResolveDueAt
		o = e.act(t, "grid", o, "extension_request", `,"working_days":2,"reason":"需协调物业清运"`)
		if st, _, b := e.post(t, "grid", "/api/v1/orders/"+o.Number+"/extension_approve", `{"version":`+itoa(o.Version)+`}`, nil); st != http.StatusForbidden {
			t.Fatalf("the handler approved its own extension: %d %s", st, b)
		}
		o = e.act(t, "dispatcher", o, "extension_approve", `,"note":"同意延期"`)
		if !o.ResolveDueAt.After(before.Add(47 * time.Hour)) {
			t.Fatalf("extension moved the deadline from %v to %v, want ≥ 2 days later", before, o.ResolveDueAt)
		}

		// 并单: a second call about the same stairwell is proposed and merged.
		dup := e.fileHotline(t, "hot-2", "三单元楼道堆着旧家具，消防通道被堵")
		st, b = e.do(t, "dispatcher", "GET", "/api/v1/orders/"+dup.Number+"/duplicates", "")
		if st != http.StatusOK || !strings.Contains(string(b), o.Number) {
			t.Fatalf("duplicates of %s do not propose %s: %d %s", dup.Number, o.Number, st, b)
		}
		st, _, b = e.post(t, "dispatcher", "/api/v1/orders/"+o.Number+"/merge",
			`{"master_version":`+itoa(o.Version)+`,"duplicate":"`+dup.Number+`","duplicate_version":`+itoa(dup.Version)+`}`, nil)
		if st != http.StatusOK {
			t.Fatalf("merge: %d %s", st, b)
		}
		if got := e.get(t, "dispatcher", dup.Number); got.Status != "merged" {
			t.Fatalf("duplicate status %s after merge, want merged", got.Status)
		}

		// 督办: supervisors list candidates; others may not.
		if st, b := e.do(t, "supervisor", "GET", "/api/v1/supervision/candidates?reason=overdue", ""); st != http.StatusOK {
			t.Fatalf("supervisor candidates: %d %s", st, b)
		}
		if st, b := e.do(t, "street", "GET", "/api/v1/supervision/candidates?reason=overdue", ""); st != http.StatusForbidden {
			t.Fatalf("street lists supervision candidates: %d %s, want 403", st, b)
		}
		if st, b := e.do(t, "supervisor", "GET", "/api/v1/supervision/candidates?reason=nonsense", ""); st != http.StatusBadRequest {
			t.Fatalf("unknown reason: %d %s, want 400", st, b)
		}

		// A case says what each caller may do to it now (supervision.Actions):
		// the handler answers; the supervisor closes once it is answered.
		o = e.get(t, "supervisor", o.Number)
		due := time.Now().Add(72 * time.Hour).UTC().Format(time.RFC3339)
		st, _, b = e.post(t, "supervisor", "/api/v1/supervision/cases", `{"number":"`+o.Number+`","order_version":`+
			itoa(o.Version)+`,"reason":"other","demand":"请三日内清理楼道","due_at":"`+due+`"}`, nil)
		if st != http.StatusCreated {
			t.Fatalf("open a case: %d %s", st, b)
		}
		var opened struct {
			ID      int64 `json:"id"`
			Version int   `json:"version"`
		}
		if err := json.Unmarshal(b, &opened); err != nil || opened.ID == 0 {
			t.Fatalf("opened case: %s", b)
		}
		caseURL := "/api/v1/supervision/cases/" + itoa(int(opened.ID))
		caseActions := func(user, want string) {
			t.Helper()
			st, b := e.do(t, user, "GET", caseURL, "")
			var got struct {
				Actions []string `json:"actions"`
			}
			if err := json.Unmarshal(b, &got); st != http.StatusOK || err != nil || got.Actions == nil ||
				strings.Join(got.Actions, " ") != want {
				t.Fatalf("%s reads the case: %d %s, want actions %q", user, st, b, want)
			}
		}
		caseActions("supervisor", "") // open and not due yet: nothing to close
		caseActions("grid", "answer")
		caseActions("street", "")
		if st, _, b := e.post(t, "grid", caseURL+"/answer", `{"version":`+itoa(opened.Version)+`,"answer":"已联系物业清理"}`, nil); st != http.StatusOK {
			t.Fatalf("the handler answers: %d %s", st, b)
		}
		caseActions("supervisor", "close")
		caseActions("grid", "")
	})
}
