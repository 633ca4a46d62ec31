package server_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// A summoned department finds the summons in its inbox and can open the
// order it was called to, on the API and the page; a department not
// summoned still gets 404, and the summoned one may not act on it.
func TestSummonedDepartmentOpensTheOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		o := e.fileHotline(t, "sum-read-1", "三单元楼道里堆满了旧家具，消防通道都堵了")
		if st, b := e.do(t, "department", "GET", "/api/v1/orders/"+o.Number, ""); st != http.StatusNotFound {
			t.Fatalf("department reads a grid's order before any whistle: %d %s", st, b)
		}
		st, _, b := e.post(t, "community", "/api/v1/orders/"+o.Number+"/summon",
			`{"version":`+itoa(o.Version)+`,"departments":["chengguan"],"note":"楼道堆物涉及消防，请城管报到"}`, nil)
		if st != http.StatusOK {
			t.Fatalf("summon: %d %s", st, b)
		}
		for _, path := range []string{"", "/timeline", "/photos", "/summons"} {
			if st, b := e.do(t, "department", "GET", "/api/v1/orders/"+o.Number+path, ""); st != http.StatusOK {
				t.Fatalf("summoned department GET %s: %d %s", path, st, b)
			}
			if st, b := e.do(t, "otherdept", "GET", "/api/v1/orders/"+o.Number+path, ""); st != http.StatusNotFound {
				t.Fatalf("department not summoned GET %s: %d %s", path, st, b)
			}
		}
		o = e.get(t, "department", o.Number)
		if st, _, b := e.post(t, "department", "/api/v1/orders/"+o.Number+"/sign", `{"version":`+itoa(o.Version)+`}`, nil); st != http.StatusNotFound {
			t.Fatalf("summoned department signs the grid's order: %d %s", st, b)
		}

		br := newBrowser(t, e.srv.URL)
		if st, b := br.signIn("department", "correct horse battery"); st != http.StatusOK {
			t.Fatalf("sign in: %d %s", st, b)
		}
		if st, b := br.do("GET", "/inbox", "", false); st != http.StatusOK || !strings.Contains(string(b), o.Number) {
			t.Fatalf("inbox: %d, lists %s: %v", st, o.Number, strings.Contains(string(b), o.Number))
		}
		if st, b := br.do("GET", "/orders/"+o.Number, "", false); st != http.StatusOK || !strings.Contains(string(b), "楼道堆物涉及消防") {
			t.Fatalf("summoned department opens the order page: %d (shows the summons: %v)", st, strings.Contains(string(b), "楼道堆物涉及消防"))
		}
		// The page offers the summoned department its report-in and no step
		// of the order itself.
		_, page := br.do("GET", "/orders/"+o.Number, "", false)
		forms := regexp.MustCompile(`action="/orders/[^"]*"`).FindAllString(string(page), -1)
		if len(forms) != 1 || !strings.HasSuffix(forms[0], `/report_in"`) {
			t.Fatalf("forms offered to the summoned department: %v, want the report-in only", forms)
		}
		other := newBrowser(t, e.srv.URL)
		if st, b := other.signIn("otherdept", "correct horse battery"); st != http.StatusOK {
			t.Fatalf("sign in: %d %s", st, b)
		}
		if st, _ := other.do("GET", "/orders/"+o.Number, "", false); st != http.StatusNotFound {
			t.Fatalf("department not summoned opens the order page: %d", st)
		}
	})
}
