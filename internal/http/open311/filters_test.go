package open311_test

import (
	"context"
	"net/url"
	"slices"
	"testing"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func TestRequestFilters(t *testing.T) {
	schemas := loadSchemas(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		t0 := e.clock.Now()
		old := e.fileRequest(t, "fms", append(at(inA), "service_code", "corridor.clutter", "description", "楼道堆物")...)
		e.clock.Advance(100 * 24 * time.Hour)
		light := e.fileRequest(t, "fms", append(at(inA), "service_code", "streetlight.out", "description", "路灯不亮")...)
		e.clock.Advance(time.Hour)
		waste := e.fileRequest(t, "fms", append(at(inC), "service_code", "waste.sorting", "description", "混投", "attribute[kinds][]", "other")...)
		e.clock.Advance(time.Hour)
		secret, _, err := e.orders.Create(ctx, e.actors["operator"], order.Input{Channel: order.ChannelHotline, Category: "corridor.clutter",
			Description: "保密来电：楼道堆物", Point: &order.Point{Lat: inA[0], Lng: inA[1]}, Confidential: true, ReporterPhone: "13900001111"})
		if err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(time.Hour)
		// With a key limited to 永光社区, an address is enough: the
		// community is the place.
		addressed := e.fileRequest(t, "yongguang", "service_code", "corridor.clutter", "description", "三号楼楼道堆物", "address_string", "永光小区3号楼")
		e.clock.Advance(time.Hour)
		e.act(t, "operator", waste, func(a order.Actor, v int) (order.Order, error) {
			return e.orders.Cancel(ctx, a, waste, v, "测试单")
		})

		ids := func(query string) []string {
			t.Helper()
			var out []string
			for _, rq := range readRequests(t, e, schemas, "json", "requests.json"+query) {
				out = append(out, rq.ID)
			}
			return out
		}
		window := func(from, to time.Time) string {
			return "start_date=" + url.QueryEscape(from.Format(time.RFC3339)) + "&end_date=" + url.QueryEscape(to.Format(time.RFC3339))
		}
		for _, c := range []struct {
			name, query string
			want        []string
		}{
			{"the last 90 days by default, newest first, no confidential order", "", []string{addressed, waste, light}},
			{"an old window", "?" + window(t0.Add(-time.Hour), t0.Add(time.Hour)), []string{old}},
			{"start only reaches 90 days on", "?start_date=" + url.QueryEscape(t0.Format(time.RFC3339)), []string{old}},
			{"a zone left unescaped in the query", "?start_date=" + t0.Add(-time.Hour).Format(time.RFC3339) + "&end_date=" + t0.Add(time.Hour).Format(time.RFC3339), []string{old}},
			{"service codes", "?service_code=streetlight.out,waste.sorting", []string{waste, light}},
			{"service codes repeated", "?service_code=streetlight.out&service_code=waste.sorting", []string{waste, light}},
			{"closed", "?status=closed", []string{waste}},
			{"open", "?status=open", []string{addressed, light}},
			{"open and closed", "?status=open,closed", []string{addressed, waste, light}},
			{"ids override the rest", "?service_request_id=" + old + "," + secret.Number + ",209901010001," + light + "&status=closed",
				[]string{old, light}},
			{"page 2 of 1", "?page_size=1&page=2", []string{waste}},
			{"past the last page", "?page_size=1&page=4", nil},
			{"a key limited to 永光社区 sees its community", "?api_key=" + url.QueryEscape(e.keys["yongguang"]), []string{addressed, light}},
			{"jurisdiction_id given", "?jurisdiction_id=" + district + "&status=closed", []string{waste}},
		} {
			if got := ids(c.query); !slices.Equal(got, c.want) {
				t.Errorf("%s: got %v, want %v", c.name, got, c.want)
			}
		}

		// The confidential order does not exist for Open311.
		openErrors(t, e.get(t, "requests/"+secret.Number+".json"), 404, "json")
		openErrors(t, e.get(t, "tokens/"+secret.Number+".xml"), 404, "xml")

		// An address-only request: no point, the community as address_id.
		one := readRequests(t, e, schemas, "xml", "requests/"+addressed+".xml")[0]
		if one.Lat != nil || one.Long != nil || one.AddressID != community || one.Address != "永光小区3号楼" ||
			one.AgencyResponsible != "明山区12345指挥中心" || one.Status != "open" {
			t.Fatalf("address-only request as %+v", one)
		}
		// A cancelled request: closed when it was cancelled.
		w := readRequests(t, e, schemas, "xml", "requests/"+waste+".xml")[0]
		if w.Status != "closed" || w.UpdatedDatetime != e.clock.Now().In(cst).Format(time.RFC3339) {
			t.Fatalf("cancelled request as %+v (now %v)", w, e.clock.Now())
		}
	})
}
