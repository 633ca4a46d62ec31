package open311_test

import (
	"context"
	"strings"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestPlacementByAddressID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		byGrid := e.fileRequest(t, "fms", "service_code", "corridor.clutter", "description", "楼道堆物", "address_id", gridB)
		o, err := e.orders.Get(ctx, e.actors["dispatcher"], byGrid)
		if err != nil {
			t.Fatal(err)
		}
		if o.GridCode != gridB || o.Point != nil || o.Address != "第2网格" {
			t.Fatalf("placed by grid: %+v", o)
		}
		var rq xRequests
		mustXML(t, e.get(t, "requests/"+byGrid+".xml"), 200, &rq)
		if got := rq.Requests[0]; got.AddressID != gridB || got.Lat != nil || got.Address != "第2网格" {
			t.Fatalf("as Open311 shows it: %+v", got)
		}
		byCommunity := e.fileRequest(t, "yongguang", "service_code", "corridor.clutter", "description", "楼道堆物",
			"address_id", community, "address_string", "永光小区5号楼")
		if o, _ := e.orders.Get(ctx, e.actors["dispatcher"], byCommunity); o.CommunityCode != community || o.GridCode != "" || o.Address != "永光小区5号楼" {
			t.Fatalf("placed by community: %+v", o)
		}
		r := e.post(t, "requests.xml", form("api_key", e.keys["yongguang"], "service_code", "corridor.clutter", "description", "x", "address_id", gridC))
		if got := openErrors(t, r, 403, "xml"); !strings.Contains(got.Description, "limited to "+community) {
			t.Fatalf("address_id outside the key's area: %q", got.Description)
		}
	})
}

func TestIdempotencyTokenPerKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		f := form(append(at(inA), "api_key", e.keys["fms"], "service_code", "corridor.clutter", "description", "楼道堆物")...)
		var first, again xRequests
		mustXML(t, e.post(t, "requests.xml", f, "Idempotency-Key", "fms-report-1"), 200, &first)
		before := countOrders(t, db)
		mustXML(t, e.post(t, "requests.xml", f, "Idempotency-Key", "fms-report-1"), 200, &again)
		if again.Requests[0].ID != first.Requests[0].ID || countOrders(t, db) != before {
			t.Fatalf("a retry filed %s after %s", again.Requests[0].ID, first.Requests[0].ID)
		}
		// The retry did not record the intake twice.
		tl, err := e.orders.Timeline(context.Background(), e.actors["dispatcher"], first.Requests[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		intakes := 0
		for _, ev := range tl {
			if ev.Action == "api_intake" {
				intakes++
			}
		}
		if intakes != 1 {
			t.Fatalf("%d intake events", intakes)
		}
		changed := form(append(at(inA), "api_key", e.keys["fms"], "service_code", "corridor.clutter", "description", "另一件事")...)
		openErrors(t, e.post(t, "requests.xml", changed, "Idempotency-Key", "fms-report-1"), 400, "xml")
		// The same token from another key is another request.
		other := form(append(at(inA), "api_key", e.keys["yongguang"], "service_code", "corridor.clutter", "description", "楼道堆物")...)
		var theirs xRequests
		mustXML(t, e.post(t, "requests.xml", other, "Idempotency-Key", "fms-report-1"), 200, &theirs)
		if theirs.Requests[0].ID == first.Requests[0].ID {
			t.Fatal("two keys share an idempotency token")
		}
		// Without a token every POST is a new request.
		var fresh xRequests
		mustXML(t, e.post(t, "requests.xml", f), 200, &fresh)
		if fresh.Requests[0].ID == first.Requests[0].ID {
			t.Fatal("a POST without a token was taken for a retry")
		}
	})
}
