package open311_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/http/open311"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// countOrders counts every order in the store: a refused request must
// leave none behind.
func countOrders(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM orders`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestErrorsAsTheSpecSays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		id := e.fileRequest(t, "fms", append(at(inA), "service_code", "corridor.clutter", "description", "楼道堆满杂物")...)
		filed := countOrders(t, db)
		month := func(days int) string {
			from := e.clock.Now().AddDate(0, 0, -days)
			return "start_date=" + url.QueryEscape(from.Format(time.RFC3339)) + "&end_date=" + url.QueryEscape(e.clock.Now().Format(time.RFC3339))
		}
		good := append(at(inA), "service_code", "corridor.clutter", "description", "楼道堆满杂物")
		withKey := func(key string, pairs ...string) url.Values {
			return form(append([]string{"api_key", key}, pairs...)...)
		}
		cases := []struct {
			name     string
			do       func(f string) reply
			status   int
			contains string
		}{
			{"missing api_key", func(f string) reply { return e.post(t, "requests."+f, form(good...)) }, 403, "api_key is required"},
			{"revoked api_key", func(f string) reply { return e.post(t, "requests."+f, withKey(e.keys["revoked"], good...)) }, 403, "invalid api_key"},
			{"made-up api_key", func(f string) reply {
				return e.post(t, "requests."+f, withKey("o311_"+strings.Repeat("x", 43), good...))
			}, 403, "invalid api_key"},
			{"bad api_key on a read", func(f string) reply { return e.get(t, "requests."+f+"?api_key=nonsense") }, 403, "invalid api_key"},
			{"unknown service", func(f string) reply { return e.get(t, "services/no.such."+f) }, 404, "service_code"},
			{"a class is no service", func(f string) reply { return e.get(t, "services/component."+f) }, 404, "service_code"},
			{"POST unknown service", func(f string) reply {
				return e.post(t, "requests."+f, withKey(e.keys["fms"], append(at(inA), "service_code", "no.such", "description", "x")...))
			}, 404, "service_code"},
			{"POST without service_code", func(f string) reply {
				return e.post(t, "requests."+f, withKey(e.keys["fms"], append(at(inA), "description", "x")...))
			}, 400, "service_code was not provided"},
			{"missing location", func(f string) reply {
				return e.post(t, "requests."+f, withKey(e.keys["fms"], "service_code", "corridor.clutter", "description", "x"))
			}, 400, "a location is required"},
			{"lat without long", func(f string) reply {
				return e.post(t, "requests."+f, withKey(e.keys["fms"], "service_code", "corridor.clutter", "lat", "41.3005"))
			}, 400, "lat and long"},
			{"not pinpointed and no point", func(f string) reply {
				return e.post(t, "requests."+f, withKey(e.keys["fms"], "service_code", "corridor.clutter", "address_id", "#NOTPINPOINTED#"))
			}, 400, "#NOTPINPOINTED#"},
			{"address_string alone", func(f string) reply {
				return e.post(t, "requests."+f, withKey(e.keys["fms"], "service_code", "corridor.clutter", "address_string", "永光小区3号楼"))
			}, 400, "address_string alone"},
			{"address_id unknown", func(f string) reply {
				return e.post(t, "requests."+f, withKey(e.keys["fms"], "service_code", "corridor.clutter", "address_id", "210504002001999"))
			}, 400, "no such grid"},
			{"address_id malformed", func(f string) reply {
				return e.post(t, "requests."+f, withKey(e.keys["fms"], "service_code", "corridor.clutter", "address_id", "12 Main St"))
			}, 400, "grid (15-digit) or community (12-digit)"},
			{"point in no grid", func(f string) reply {
				return e.post(t, "requests."+f, withKey(e.keys["fms"], append(at(inSea), "service_code", "corridor.clutter", "description", "x")...))
			}, 400, "outside every grid"},
			{"point outside the jurisdiction", func(f string) reply {
				return e.post(t, "requests."+f, withKey(e.keys["fms"], append(at(inFar), "service_code", "corridor.clutter", "description", "x")...))
			}, 400, "outside jurisdiction 210504"},
			{"point outside the key's community", func(f string) reply {
				return e.post(t, "requests."+f, withKey(e.keys["yongguang"], append(at(inC), "service_code", "corridor.clutter", "description", "x")...))
			}, 403, "limited to 210504002001"},
			{"bad coordinates", func(f string) reply {
				return e.post(t, "requests."+f, withKey(e.keys["fms"], "service_code", "corridor.clutter", "lat", "north", "long", "east"))
			}, 400, "decimal degrees"},
			{"relative media_url", func(f string) reply {
				return e.post(t, "requests."+f, withKey(e.keys["fms"], append(good, "media_url", "photo.jpg")...))
			}, 400, "media_url"},
			{"form as JSON", func(f string) reply {
				req, _ := http.NewRequest("POST", e.srv.URL+"/open311/v2/requests."+f, strings.NewReader(`{"service_code":"x"}`))
				req.Header.Set("Content-Type", "application/json")
				return e.do(t, req)
			}, 400, "x-www-form-urlencoded"},
			{"range over 90 days", func(f string) reply { return e.get(t, "requests."+f+"?"+month(91)) }, 400, "at most 90 days"},
			{"end before start", func(f string) reply {
				return e.get(t, "requests."+f+"?start_date=2026-11-23T00:00:00Z&end_date=2026-11-01T00:00:00Z")
			}, 400, "before start_date"},
			{"date without zone", func(f string) reply { return e.get(t, "requests."+f+"?start_date=2026-11-01T00:00:00") }, 400, "W3C datetime"},
			{"updates over 90 days", func(f string) reply { return e.get(t, "servicerequestupdates."+f+"?"+month(120)) }, 400, "at most 90 days"},
			{"unknown status filter", func(f string) reply { return e.get(t, "requests."+f+"?status=pending") }, 400, "status"},
			{"page_size too big", func(f string) reply { return e.get(t, "requests."+f+"?page_size=1001") }, 400, "page_size"},
			{"unknown id", func(f string) reply { return e.get(t, "requests/209901010001."+f) }, 404, "not found"},
			{"unknown token", func(f string) reply { return e.get(t, "tokens/abc."+f) }, 404, "token"},
			{"wrong jurisdiction", func(f string) reply { return e.get(t, "services."+f+"?jurisdiction_id=sfgov.org") }, 404, "jurisdiction_id"},
			{"wrong jurisdiction on POST", func(f string) reply {
				return e.post(t, "requests."+f, withKey(e.keys["fms"], append(good, "jurisdiction_id", "210502")...))
			}, 404, "jurisdiction_id"},
			{"unknown resource", func(f string) reply { return e.get(t, "complaints."+f) }, 404, "no Open311 resource"},
			{"update of an unknown id", func(f string) reply {
				return e.post(t, "servicerequestupdates."+f, withKey(e.keys["fms"], "service_request_id", "209901010001", "status", "OPEN", "description", "x"))
			}, 404, "not found"},
			{"update with an unknown status", func(f string) reply {
				return e.post(t, "servicerequestupdates."+f, withKey(e.keys["fms"], "service_request_id", id, "status", "MAYBE", "description", "x"))
			}, 400, "status"},
			{"update without a key", func(f string) reply {
				return e.post(t, "servicerequestupdates."+f, form("service_request_id", id, "status", "OPEN", "description", "x"))
			}, 403, "api_key"},
			{"empty update", func(f string) reply {
				return e.post(t, "servicerequestupdates."+f, withKey(e.keys["fms"], "service_request_id", id, "status", "OPEN"))
			}, 400, "description is required"},
		}
		for _, f := range []string{"xml", "json"} {
			for _, c := range cases {
				t.Run(f+"/"+c.name, func(t *testing.T) {
					got := openErrors(t, c.do(f), c.status, f)
					if !strings.Contains(got.Description, c.contains) {
						t.Fatalf("description %q does not say %q", got.Description, c.contains)
					}
				})
			}
		}
		if n := countOrders(t, db); n != filed {
			t.Fatalf("refused requests left %d orders behind", n-filed)
		}
		// The right jurisdiction is accepted like none.
		if r := e.get(t, "services.json?jurisdiction_id="+district); r.status != 200 {
			t.Fatalf("the right jurisdiction_id: %s", r)
		}
		// Without a suffix the format is XML, as the spec requires.
		if r := e.get(t, "requests/209901010001"); r.status != 404 || r.header.Get("Content-Type") != contentXML {
			t.Fatalf("no suffix: %d %s", r.status, r.header.Get("Content-Type"))
		}
	})
}

func TestWhereTheEngineAllowsNoReopen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		id := e.fileRequest(t, "fms", append(at(inA), "service_code", "corridor.clutter", "description", "楼道堆物")...)
		e.act(t, "operator", id, func(a order.Actor, v int) (order.Order, error) {
			return e.orders.Cancel(ctx, a, id, v, "重复来电，已有工单")
		})
		r := e.post(t, "servicerequestupdates.xml", form("api_key", e.keys["fms"], "service_request_id", id, "status", "REOPEN", "description", "还没处理"))
		if got := openErrors(t, r, 400, "xml"); !strings.Contains(got.Description, "can no longer be reopened") {
			t.Fatalf("reopen of a cancelled request: %q", got.Description)
		}
		// A plain note (closed-type status) is still welcome.
		r = e.post(t, "servicerequestupdates.xml", form("api_key", e.keys["fms"], "service_request_id", id, "status", "CLOSED", "description", "知道了，谢谢"))
		if r.status != 200 {
			t.Fatalf("note on a cancelled request: %s", r)
		}
		var rq xRequests
		mustXML(t, e.get(t, "requests/"+id+".xml"), 200, &rq)
		if rq.Requests[0].Status != "closed" || rq.Requests[0].StatusNotes == nil || *rq.Requests[0].StatusNotes != "重复来电，已有工单" {
			t.Fatalf("cancelled request as %+v", rq.Requests[0])
		}
	})
}

func TestRateLimitPerKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, open311.Options{Jurisdiction: district, RatePerMinute: 2})
		for i := range 2 {
			if r := e.get(t, "services.xml?api_key="+e.keys["fms"]); r.status != 200 {
				t.Fatalf("request %d within the rate: %s", i+1, r)
			}
		}
		r := e.get(t, "services.json?api_key="+e.keys["fms"])
		if got := openErrors(t, r, http.StatusTooManyRequests, "json"); !strings.Contains(got.Description, "rate limit") {
			t.Fatalf("over the rate: %q", got.Description)
		}
		if r.header.Get("Retry-After") != "31" {
			t.Fatalf("Retry-After %q, want 31 (one request per 30 s)", r.header.Get("Retry-After"))
		}
		// Another key and anonymous reads are not held back by it.
		if r := e.get(t, "services.xml?api_key="+e.keys["yongguang"]); r.status != 200 {
			t.Fatalf("another key: %s", r)
		}
		if r := e.get(t, "services.xml"); r.status != 200 {
			t.Fatalf("anonymous read: %s", r)
		}
		e.clock.Advance(30 * time.Second)
		if r := e.get(t, "services.xml?api_key="+e.keys["fms"]); r.status != 200 {
			t.Fatalf("after 30 s: %s", r)
		}
	})
}

func TestJurisdictionIsTheDeploymentsArea(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		// The fixture holds the divisions of 本溪市 (2105) and a grid of
		// 平山区 besides those of 明山区: without a configured jurisdiction
		// Open311 serves the deployment's area (org.Area), the city.
		e := newEnvWith(t, db, open311.Options{})
		if r := e.get(t, "services.xml?jurisdiction_id=2105"); r.status != 200 {
			t.Fatalf("derived jurisdiction 2105: %s", r)
		}
		openErrors(t, e.get(t, "services.xml?jurisdiction_id=210504"), 404, "xml")
		// Now a point in 平山区 is inside the jurisdiction.
		id := e.fileRequest(t, "fms", append(at(inFar), "service_code", "corridor.clutter", "description", "楼道堆物")...)
		var rq xRequests
		mustXML(t, e.get(t, "requests/"+id+".xml"), 200, &rq)
		if rq.Requests[0].AgencyResponsible != "本溪市12345指挥中心" {
			t.Fatalf("agency %q", rq.Requests[0].AgencyResponsible)
		}
	})
}
