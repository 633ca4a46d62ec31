package ui_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"civicgrid/internal/apikey"
	"civicgrid/internal/audit"
	"civicgrid/internal/store"
)

// open311Request is one request as GET requests/{id}.json shows it.
type open311Request struct {
	ID                string  `json:"service_request_id"`
	Status            string  `json:"status"`
	StatusNotes       *string `json:"status_notes"`
	AgencyResponsible *string `json:"agency_responsible"`
}

func open311Get(t *testing.T, e *env, id string) open311Request {
	t.Helper()
	resp, err := http.Get(e.srv.URL + "/open311/v2/requests/" + id + ".json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out []open311Request
	if resp.StatusCode != http.StatusOK || json.Unmarshal(b, &out) != nil || len(out) != 1 {
		t.Fatalf("GET requests/%s.json: %d %s", id, resp.StatusCode, b)
	}
	return out[0]
}

// formVersion is the version field of an action form on the order page.
func formVersion(t *testing.T, page response, action string) string {
	t.Helper()
	m := regexp.MustCompile(`id="order-action-` + action + `"[\s\S]*?name="version" value="(\d+)"`).FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatalf("the order page has no %s form\n%s", action, excerpt(page.Body))
	}
	return m[1]
}

// A request filed through Open311 shows in the staff pages as an API
// order; as the staff move it through the forms of the order page, its
// status and notes follow through Open311 (issue 5).
func TestOpen311RequestInStaffPages(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		_, key, err := apikey.Add(context.Background(), db, "fixmystreet", "", audit.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		var lat, lng float64
		if err := db.QueryRowContext(context.Background(), `SELECT b.lat, b.lng FROM buildings b WHERE b.lat IS NOT NULL ORDER BY b.code LIMIT 1`).Scan(&lat, &lng); err != nil {
			t.Fatal(err)
		}
		form := url.Values{"api_key": {key}, "service_code": {"other.request"}, "description": {"小区门口人行道上有人私搭铁皮围挡"},
			"lat": {strconvF(lat)}, "long": {strconvF(lng)}, "first_name": {"三"}, "last_name": {"张"}, "phone": {"13812345678"}}
		resp, err := http.PostForm(e.srv.URL+"/open311/v2/requests.json", form)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var created []struct {
			ID string `json:"service_request_id"`
		}
		if resp.StatusCode != http.StatusOK || json.Unmarshal(b, &created) != nil || len(created) != 1 {
			t.Fatalf("POST requests.json: %d %s", resp.StatusCode, b)
		}
		id := created[0].ID
		if r := open311Get(t, e, id); r.Status != "open" {
			t.Fatalf("new request: %+v", r)
		}

		// The dispatcher finds it among the API orders and on its page.
		d := e.client(t)
		d.signIn("dispatcher", e.creds["dispatcher"])
		list := d.get("/orders?channel=api")
		wantStatus(t, list, http.StatusOK, "API orders")
		wantContains(t, list, "API orders", `data-number="`+id+`"`)
		page := d.get("/orders/" + id)
		wantContains(t, page, "order page", "接口(Open311)", "私搭铁皮围挡", "fixmystreet")

		// Accept, dispatch to 城管; the department signs and resolves.
		wantStatus(t, d.post("/orders/"+id+"/accept", url.Values{"version": {formVersion(t, page, "accept")}}), http.StatusSeeOther, "accept")
		page = d.get("/orders/" + id)
		wantStatus(t, d.post("/orders/"+id+"/dispatch", url.Values{"version": {formVersion(t, page, "dispatch")},
			"level": {"department"}, "code": {"chengguan"}}), http.StatusSeeOther, "dispatch")
		dep := e.client(t)
		dep.signIn("department", e.creds["department"])
		page = dep.get("/orders/" + id)
		wantStatus(t, dep.post("/orders/"+id+"/sign", url.Values{"version": {formVersion(t, page, "sign")}}), http.StatusSeeOther, "sign")
		page = dep.get("/orders/" + id)
		wantStatus(t, dep.post("/orders/"+id+"/resolve", url.Values{"version": {formVersion(t, page, "resolve")},
			"note": {"已责令拆除围挡，人行道恢复通行"}}), http.StatusSeeOther, "resolve")

		// Open311 shows the handling unit and the public reply.
		r := open311Get(t, e, id)
		if r.AgencyResponsible == nil || !strings.Contains(*r.AgencyResponsible, "城市管理") ||
			r.StatusNotes == nil || !strings.Contains(*r.StatusNotes, "已责令拆除围挡") {
			t.Fatalf("after resolution Open311 shows %+v", r)
		}

		// The centre's callback closes it: Open311 says closed.
		page = d.get("/orders/" + id)
		wantStatus(t, d.post("/orders/"+id+"/callback", url.Values{"version": {formVersion(t, page, "callback")},
			"rating": {"satisfied"}, "note": {"居民表示满意"}}), http.StatusSeeOther, "callback")
		if r := open311Get(t, e, id); r.Status != "closed" {
			t.Fatalf("after the callback Open311 shows %+v", r)
		}
	})
}

func strconvF(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
