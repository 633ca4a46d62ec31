package open311_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestEveryEndpointInBothFormats walks every endpoint in XML and JSON:
// JSON against the conformance schemas, XML through encoding/xml, and the
// two formats against each other.
func TestEveryEndpointInBothFormats(t *testing.T) {
	schemas := loadSchemas(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		filed := e.clock.Now()
		id := e.fileRequest(t, "fms", append(at(inA), "service_code", "streetlight.out", "description", "小区东门路灯不亮",
			"attribute[pole_number]", "MS-0042", "attribute[lamps]", "2", "media_url", "https://fms.example/photo/1.full.jpeg",
			"first_name", "三", "last_name", "张", "phone", "13812345678", "email", "zs@example.com")...)
		e.clock.Advance(time.Hour)
		e.act(t, "dispatcher", id, func(a order.Actor, v int) (order.Order, error) {
			return e.orders.Accept(ctx, a, id, v, "已受理，转区城管局")
		})
		e.clock.Advance(time.Hour)
		window := "start_date=" + url.QueryEscape(filed.Add(-time.Hour).Format(time.RFC3339)) +
			"&end_date=" + url.QueryEscape(e.clock.Now().Add(time.Hour).Format(time.RFC3339))

		for _, f := range []string{"xml", "json"} {
			t.Run(f, func(t *testing.T) {
				// Discovery, at /open311/ and under v2/.
				for _, path := range []string{"/open311/discovery." + f, "discovery." + f} {
					var d xDiscovery
					if r := e.get(t, path); f == "xml" {
						mustXML(t, r, 200, &d)
					} else {
						mustJSONAnswer(t, r, 200, &d)
					}
					if len(d.Endpoints) != 1 || d.Endpoints[0].Specification != "http://wiki.open311.org/GeoReport_v2" ||
						d.Endpoints[0].URL != e.srv.URL+"/open311/v2" || !slices.Equal(d.Endpoints[0].Formats, []string{"text/xml", "application/json"}) {
						t.Fatalf("discovery %+v", d)
					}
					mustW3C(t, "changeset", d.Changeset)
				}

				// Services: leaves of the catalogue, grouped by their class.
				var services []xService
				r := e.get(t, "services."+f)
				if f == "xml" {
					var doc xServices
					mustXML(t, r, 200, &doc)
					services = doc.Services
				} else {
					mustValid(t, schemas, "services.json", r)
					mustValidEach(t, schemas, "#/definitions/Service", r)
					mustJSONAnswer(t, r, 200, &services)
				}
				i := slices.IndexFunc(services, func(s xService) bool { return s.Code == "streetlight.out" })
				if i < 0 || len(services) < 40 {
					t.Fatalf("%d services, streetlight.out at %d", len(services), i)
				}
				if s := services[i]; s.Name != "路灯不亮" || s.Description != "Streetlight out" || !s.Metadata || s.Type != "realtime" ||
					s.Group != "公用设施" || !strings.Contains(s.Keywords, "路灯, 灯不亮") {
					t.Fatalf("streetlight.out as %+v", s)
				}
				if slices.ContainsFunc(services, func(s xService) bool { return s.Code == "component" || s.Code == "component.utility" }) {
					t.Fatal("a class is offered as a service")
				}
				if j := slices.IndexFunc(services, func(s xService) bool { return s.Code == "manhole.cover" }); j < 0 || services[j].Metadata {
					t.Fatal("a service without fields must say metadata false")
				}

				// Service definition, in the order of the fields.
				var def xDefinition
				r = e.get(t, "services/waste.sorting."+f)
				if f == "xml" {
					mustXML(t, r, 200, &def)
				} else {
					mustValid(t, schemas, "service-definition.json", r)
					mustValid(t, schemas, "#/definitions/ServiceDefinition", r)
					mustJSONAnswer(t, r, 200, &def)
				}
				if def.Code != "waste.sorting" || len(def.Attributes) != 5 {
					t.Fatalf("definition %+v", def)
				}
				kinds, when, spot := def.Attributes[0], def.Attributes[1], def.Attributes[4]
				if kinds.Code != "kinds" || kinds.Datatype != "multivaluelist" || !kinds.Required || !kinds.Variable || kinds.Order != 1 ||
					len(kinds.Values) != 4 || kinds.Values[2] != (xValue{Key: "hazardous", Name: "有害垃圾"}) || kinds.DatatypeDescription == nil {
					t.Fatalf("kinds as %+v", kinds)
				}
				if when.Datatype != "singlevaluelist" || when.Required || when.Order != 2 || len(when.Values) != 2 {
					t.Fatalf("when as %+v", when)
				}
				if spot.Datatype != "string" || spot.Order != 5 || spot.Description != "投放点：小区内投放点名称" || len(spot.Values) != 0 {
					t.Fatalf("spot as %+v", spot)
				}
				// A service without fields still has its (empty) attributes.
				def = xDefinition{}
				if r = e.get(t, "services/manhole.cover."+f); f == "xml" {
					mustXML(t, r, 200, &def)
					if !strings.Contains(string(r.body), "<attributes></attributes>") {
						t.Fatalf("no empty <attributes>: %s", r.body)
					}
				} else {
					mustValid(t, schemas, "service-definition.json", r)
					mustValid(t, schemas, "#/definitions/ServiceDefinition", r)
					mustJSONAnswer(t, r, 200, &def)
					if def.Attributes == nil {
						t.Fatal("attributes missing")
					}
				}

				// POST requests answers the id at once (realtime).
				r = e.post(t, "requests."+f, form(append(at(inA), "api_key", e.keys["fms"], "service_code", "sidewalk.damaged",
					"description", "人行道地砖松动")...))
				var posted []xRequest
				if f == "xml" {
					var doc xRequests
					mustXML(t, r, 200, &doc)
					posted = doc.Requests
				} else {
					mustValidEach(t, schemas, "#/definitions/RequestResponse", r)
					mustJSONAnswer(t, r, 200, &posted)
				}
				if len(posted) != 1 || !strings.HasPrefix(posted[0].ID, "20261123") || posted[0].Token != "" ||
					posted[0].ServiceNotice != "2小时内答复，5个工作日内办结 — reply within 2 h, resolved within 5 working days" {
					t.Fatalf("POST answer %s", r.body)
				}

				// tokens/{token}: the id is its own token.
				r = e.get(t, "tokens/"+posted[0].ID+"."+f)
				var tok []xRequest
				if f == "xml" {
					var doc xRequests
					mustXML(t, r, 200, &doc)
					tok = doc.Requests
				} else {
					mustValidEach(t, schemas, "#/definitions/TokenResponse", r)
					mustJSONAnswer(t, r, 200, &tok)
				}
				if len(tok) != 1 || tok[0].ID != posted[0].ID || tok[0].Token != posted[0].ID {
					t.Fatalf("token answer %s", r.body)
				}

				// GET requests and requests/{id}.
				list := readRequests(t, e, schemas, f, "requests."+f)
				if len(list) < 2 {
					t.Fatalf("%d requests listed", len(list))
				}
				one := readRequests(t, e, schemas, f, "requests/"+id+"."+f)
				if len(one) != 1 {
					t.Fatalf("requests/%s gave %d", id, len(one))
				}
				rq := one[0]
				if rq.ID != id || rq.Status != "open" || rq.ServiceCode != "streetlight.out" || rq.ServiceName != "路灯不亮" ||
					rq.Description != "小区东门路灯不亮" || rq.AgencyResponsible != "明山区城管局" || rq.StatusNotes != nil || rq.MediaURL != "https://fms.example/photo/1.full.jpeg" ||
					rq.AddressID != gridA || rq.Lat == nil || *rq.Lat != inA[0] || rq.Long == nil || *rq.Long != inA[1] ||
					rq.ServiceNotice != "2小时内答复，3个工作日内办结 — reply within 2 h, resolved within 3 working days" {
					t.Fatalf("request as %+v", rq)
				}
				if got := mustW3C(t, "requested_datetime", rq.RequestedDatetime); !got.Equal(filed) {
					t.Fatalf("requested %v, filed %v", got, filed)
				}
				mustW3C(t, "updated_datetime", rq.UpdatedDatetime)
				if due := mustW3C(t, "expected_datetime", rq.ExpectedDatetime); !due.After(filed.Add(48 * time.Hour)) {
					t.Fatalf("expected %v: not the 3-working-day due time", due)
				}
				for _, secret := range []string{"13812345678", "张三", "zs@example.com", "5678"} {
					if strings.Contains(string(e.get(t, "requests/"+id+"."+f).body), secret) {
						t.Fatalf("the reporter's %q shows through Open311", secret)
					}
				}

				// GET servicerequestupdates: the acceptance and the routing, as steps:
				// the operator's note and the routing remark are internal.
				r = e.get(t, "servicerequestupdates."+f+"?"+window)
				var ups []xUpdate
				if f == "xml" {
					var doc xUpdates
					mustXML(t, r, 200, &doc)
					ups = doc.Updates
				} else {
					mustJSONAnswer(t, r, 200, &ups)
				}
				// The note the XML run posted below is an update too.
				mine, notes := updatesOf(ups, id), 0
				if f == "json" {
					notes = 1
					if last := mine[len(mine)-1]; last.Description != "晚上还是不亮" || last.Status != "INVESTIGATING" {
						t.Fatalf("the posted note as %+v", last)
					}
				}
				if len(mine) != 2+notes || mine[0].Status != "INVESTIGATING" || mine[0].Description != "已受理 accepted" ||
					strings.Contains(mine[1].Description, "routed by the catalogue") ||
					mine[1].Status != "INVESTIGATING" || mine[1].ExternalStatusCode != "dispatched" || mine[0].UpdateID == mine[1].UpdateID {
					t.Fatalf("updates of %s: %+v", id, mine)
				}
				mustW3C(t, "update time", mine[0].UpdatedDatetime)

				// POST servicerequestupdates: a resident's note.
				r = e.post(t, "servicerequestupdates."+f, form("api_key", e.keys["fms"], "service_request_id", id, "status", "OPEN",
					"description", "晚上还是不亮", "update_id_ext", "fms-"+f, "updated_datetime", "2026-11-23T11:00:00Z"))
				var answer []xUpdate
				if f == "xml" {
					var doc xUpdates
					mustXML(t, r, 200, &doc)
					answer = doc.Updates
				} else {
					mustJSONAnswer(t, r, 200, &answer)
				}
				if len(answer) != 1 || !strings.HasPrefix(answer[0].UpdateID, id+"-") {
					t.Fatalf("update answer %s", r.body)
				}
			})
		}
		// Both formats list the same requests.
		xmlList, jsonList := readRequests(t, e, schemas, "xml", "requests.xml"), readRequests(t, e, schemas, "json", "requests.json")
		if len(xmlList) != len(jsonList) {
			t.Fatalf("XML lists %d, JSON %d", len(xmlList), len(jsonList))
		}
		for i := range xmlList {
			x, j := xmlList[i], jsonList[i]
			if x.ID != j.ID || x.Status != j.Status || x.RequestedDatetime != j.RequestedDatetime || x.AgencyResponsible != j.AgencyResponsible {
				t.Fatalf("XML %+v\nJSON %+v", x, j)
			}
		}
		// Requests filed through Open311 are orders of the API channel in
		// the staff API.
		r := e.staffGet(t, "dispatcher", "/api/v1/orders/"+id)
		if r.status != http.StatusOK || !strings.Contains(string(r.body), `"channel":"api"`) {
			t.Fatalf("staff view of %s: %s", id, r)
		}
	})
}

// readRequests reads a list of requests in format f, schema-checked for
// JSON.
func readRequests(t *testing.T, e *env, schemas *schemaSet, f, path string) []xRequest {
	t.Helper()
	r := e.get(t, path)
	if f == "xml" {
		var doc xRequests
		mustXML(t, r, 200, &doc)
		return doc.Requests
	}
	mustValid(t, schemas, "requests.json", r)
	mustValidEach(t, schemas, "#/definitions/Request", r)
	var out []xRequest
	mustJSONAnswer(t, r, 200, &out)
	return out
}

func updatesOf(ups []xUpdate, id string) []xUpdate {
	var out []xUpdate
	for _, u := range ups {
		if u.ServiceRequestID == id {
			out = append(out, u)
		}
	}
	return out
}
