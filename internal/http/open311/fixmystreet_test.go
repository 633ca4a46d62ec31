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

// fmsClient behaves like FixMyStreet's Open311 backend: XML only, the key
// and jurisdiction on every call, deviceid, several media_url,
// attribute[x][] and address_id=#NOTPINPOINTED# with lat/long, then it
// polls servicerequestupdates for what the council did.
type fmsClient struct {
	t     *testing.T
	e     *env
	key   string
	since time.Time
}

func (c *fmsClient) get(resource string, params url.Values) reply {
	params.Set("jurisdiction_id", district)
	params.Set("api_key", c.key)
	return c.e.get(c.t, resource+".xml?"+params.Encode())
}

func (c *fmsClient) post(resource string, params url.Values) reply {
	params.Set("jurisdiction_id", district)
	params.Set("api_key", c.key)
	return c.e.post(c.t, resource+".xml", params)
}

// updates polls the updates since the client's start.
func (c *fmsClient) updates(id string) []xUpdate {
	c.t.Helper()
	var doc xUpdates
	mustXML(c.t, c.get("servicerequestupdates", url.Values{
		"start_date": {c.since.Format(time.RFC3339)}, "end_date": {c.e.clock.Now().Add(time.Minute).Format(time.RFC3339)},
	}), 200, &doc)
	return updatesOf(doc.Updates, id)
}

func (c *fmsClient) request(id string) xRequest {
	c.t.Helper()
	var doc xRequests
	mustXML(c.t, c.get("requests/"+id, url.Values{}), 200, &doc)
	if len(doc.Requests) != 1 {
		c.t.Fatalf("requests/%s: %d", id, len(doc.Requests))
	}
	return doc.Requests[0]
}

func statuses(ups []xUpdate) []string {
	out := make([]string, len(ups))
	for i, u := range ups {
		out[i] = u.Status
	}
	return out
}

func TestFixMyStreetClientFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		fms := &fmsClient{t: t, e: e, key: e.keys["fms"], since: e.clock.Now().Add(-time.Minute)}

		// It reads the services and the definition of the one it reports.
		var services xServices
		mustXML(t, fms.get("services", url.Values{}), 200, &services)
		if !slices.ContainsFunc(services.Services, func(s xService) bool { return s.Code == "waste.sorting" && s.Metadata }) {
			t.Fatal("waste.sorting is not offered with metadata")
		}
		var def xDefinition
		mustXML(t, fms.get("services/waste.sorting", url.Values{}), 200, &def)
		if def.Attributes[0].Code != "kinds" || def.Attributes[0].Datatype != "multivaluelist" {
			t.Fatalf("definition %+v", def)
		}

		// It files the report.
		filed := url.Values{
			"service_code": {"waste.sorting"}, "lat": {"41.3005"}, "long": {"123.8005"},
			"address_id": {"#NOTPINPOINTED#"}, "address_string": {"永光小区东门垃圾站"},
			"description": {"垃圾站厨余和有害垃圾混在一起投放\n已经好几天了"},
			"first_name":  {"三"}, "last_name": {"张"}, "email": {"zhangsan@example.com"}, "phone": {"138-1234-5678"},
			"deviceid": {"ios-5f2c"}, "account_id": {"fms-user-77"},
			"media_url":          {"https://fms.example/photo/9.0.full.jpeg", "https://fms.example/photo/9.1.full.jpeg"},
			"attribute[kinds][]": {"kitchen", "hazardous"}, "attribute[when]": {"evening"},
		}
		r := fms.post("requests", filed)
		var created xRequests
		mustXML(t, r, 200, &created)
		if len(created.Requests) != 1 || created.Requests[0].ID == "" || created.Requests[0].Token != "" {
			t.Fatalf("created %s", r.body)
		}
		id := created.Requests[0].ID

		// The staff see an API-channel order with the reporter sealed,
		// masked, and the media links on its timeline.
		o, err := e.orders.Get(ctx, e.actors["dispatcher"], id)
		if err != nil {
			t.Fatal(err)
		}
		if o.Channel != order.ChannelAPI || o.Status != order.StatusNew || o.GridCode != gridA || o.Attributes["kinds"] != "kitchen,hazardous" ||
			o.Reporter.Name != "张*" || o.Reporter.Phone != "138****5678" || o.Reporter.Email != "z*******@example.com" || o.Address != "永光小区东门垃圾站" {
			t.Fatalf("order as staff see it: %+v", o)
		}
		page := e.staffGet(t, "dispatcher", "/api/v1/orders?status=new")
		if page.status != 200 || !strings.Contains(string(page.body), `"number":"`+id+`"`) || !strings.Contains(string(page.body), `"channel":"api"`) {
			t.Fatalf("the staff list: %s", page)
		}
		timeline, err := e.orders.Timeline(ctx, e.actors["dispatcher"], id)
		if err != nil {
			t.Fatal(err)
		}
		intake := timeline[len(timeline)-1]
		if intake.Action != "api_intake" || !strings.Contains(intake.Note, "https://fms.example/photo/9.1.full.jpeg") || intake.Data["api_key"] != "fms" {
			t.Fatalf("intake event %+v", intake)
		}
		for _, secret := range []string{"zhangsan@example.com", "ios-5f2c", "fms-user-77"} {
			var n int
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM order_events WHERE note LIKE ? OR data LIKE ?`, "%"+secret+"%", "%"+secret+"%").Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Fatalf("%q was stored in the timeline", secret)
			}
		}
		rq := fms.request(id)
		if rq.Status != "open" || rq.MediaURL != "https://fms.example/photo/9.0.full.jpeg" || rq.Description != "垃圾站厨余和有害垃圾混在一起投放\n已经好几天了" {
			t.Fatalf("request as FixMyStreet sees it: %+v", rq)
		}
		if ups := fms.updates(id); len(ups) != 0 {
			t.Fatalf("updates before anyone acted: %+v", ups)
		}

		// The centre accepts it; the catalogue routes it to the grid; the
		// grid worker signs and resolves it.
		e.clock.Advance(20 * time.Minute)
		e.act(t, "dispatcher", id, func(a order.Actor, v int) (order.Order, error) { return e.orders.Accept(ctx, a, id, v, "") })
		e.clock.Advance(30 * time.Minute)
		e.act(t, "gridworker", id, func(a order.Actor, v int) (order.Order, error) { return e.orders.Sign(ctx, a, id, v) })
		if rq := fms.request(id); rq.Status != "open" || rq.AgencyResponsible != "永光社区第1网格" {
			t.Fatalf("while handled: %+v", rq)
		}
		e.clock.Advance(3 * time.Hour)
		e.act(t, "gridworker", id, func(a order.Actor, v int) (order.Order, error) {
			return e.orders.Resolve(ctx, a, id, v, "已督促物业分拣清运，并张贴分类指引", nil)
		})
		resolvedAt := e.clock.Now()
		ups := fms.updates(id)
		if got := statuses(ups); !slices.Equal(got, []string{"INVESTIGATING", "INVESTIGATING", "IN_PROGRESS", "FIXED"}) {
			t.Fatalf("update statuses %v: %+v", got, ups)
		}
		if last := ups[3]; last.Description != "已督促物业分拣清运，并张贴分类指引" || last.ExternalStatusCode != "resolved" ||
			!mustW3C(t, "fixed at", last.UpdatedDatetime).Equal(resolvedAt) {
			t.Fatalf("the fix as an update: %+v", last)
		}
		if ups[0].Description != "已受理 accepted" {
			t.Fatalf("an empty note reads %q", ups[0].Description)
		}
		rq = fms.request(id)
		if rq.Status != "closed" || rq.StatusNotes == nil || *rq.StatusNotes != "已督促物业分拣清运，并张贴分类指引" ||
			!mustW3C(t, "updated", rq.UpdatedDatetime).Equal(resolvedAt) {
			t.Fatalf("resolved request: %+v", rq)
		}

		// The resident says on FixMyStreet it is not fixed: a reopen
		// request for the dispatcher. A retry gives the same update id.
		e.clock.Advance(time.Hour)
		reopen := url.Values{"service_request_id": {id}, "status": {"OPEN"}, "description": {"今晚又混投了"},
			"update_id_ext": {"4711"}, "first_name": {"三"}, "last_name": {"张"}, "email": {"zhangsan@example.com"},
			"updated_datetime": {e.clock.Now().UTC().Format(time.RFC3339)}, "media_url": {"https://fms.example/photo/c4711.jpeg"}}
		var first, retry xUpdates
		mustXML(t, fms.post("servicerequestupdates", reopen), 200, &first)
		mustXML(t, fms.post("servicerequestupdates", reopen), 200, &retry)
		if len(first.Updates) != 1 || first.Updates[0].UpdateID == "" || retry.Updates[0].UpdateID != first.Updates[0].UpdateID {
			t.Fatalf("update answers %+v then %+v", first, retry)
		}
		timeline, _ = e.orders.Timeline(ctx, e.actors["dispatcher"], id)
		var requests int
		for _, ev := range timeline {
			if ev.Action == "reopen_request" {
				requests++
				if !ev.Public || ev.ActorRole != "resident" || ev.Note != "今晚又混投了" || ev.Data["client_status"] != "OPEN" {
					t.Fatalf("reopen request event %+v", ev)
				}
			}
		}
		if requests != 1 {
			t.Fatalf("%d reopen requests recorded for one update sent twice", requests)
		}
		if o, _ := e.orders.Get(ctx, e.actors["dispatcher"], id); o.Status != order.StatusResolved {
			t.Fatalf("a client's update moved the order to %s", o.Status)
		}
		// Its own update comes back under the id it was given, with its
		// photo, so FixMyStreet recognises it.
		ups = fms.updates(id)
		mine := ups[len(ups)-1]
		if mine.UpdateID != first.Updates[0].UpdateID || mine.MediaURL != "https://fms.example/photo/c4711.jpeg" || mine.Status != "FIXED" {
			t.Fatalf("the client's update listed as %+v", mine)
		}

		// The dispatcher reopens (重办): FixMyStreet sees it open again.
		e.clock.Advance(time.Hour)
		e.act(t, "dispatcher", id, func(a order.Actor, v int) (order.Order, error) {
			return e.orders.Reopen(ctx, a, id, v, "居民反映仍有混投，重办")
		})
		ups = fms.updates(id)
		// The dispatcher's reason is internal: the resident sees the step.
		if last := ups[len(ups)-1]; last.Status != "INVESTIGATING" || strings.Contains(last.Description, "混投") || last.Description == "" {
			t.Fatalf("reopen as an update: %+v", last)
		}
		if rq := fms.request(id); rq.Status != "open" || rq.StatusNotes == nil || strings.Contains(*rq.StatusNotes, "重办") {
			t.Fatalf("reopened request: %+v", rq)
		}
		// A community-limited key may not post on a request outside its
		// area any more than it may see it.
		other := e.fileRequest(t, "fms", append(at(inC), "service_code", "corridor.clutter", "description", "楼道堆物")...)
		r = e.post(t, "servicerequestupdates.xml", url.Values{"api_key": {e.keys["yongguang"]}, "service_request_id": {other},
			"status": {"OPEN"}, "description": {"x"}})
		openErrors(t, r, http.StatusNotFound, "xml")
	})
}
