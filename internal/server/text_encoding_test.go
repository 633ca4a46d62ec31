package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"civicgrid/internal/apikey"
	"civicgrid/internal/audit"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// Bodies that are not UTF-8, carry a text-direction control or are too
// large are refused on the API, Open311 and the resident page alike, and
// store nothing; a body declared GBK is read correctly.
func TestTextEncodingOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		orders := func() int { return count(t, db, "orders") }
		description := func(number string) string {
			st, b := e.do(t, "dispatcher", "GET", "/api/v1/orders/"+number, "")
			var o struct {
				Description string `json:"description"`
			}
			if st != http.StatusOK || json.Unmarshal(b, &o) != nil {
				t.Fatalf("GET %s: %d %s", number, st, b)
			}
			return o.Description
		}
		gbk := func(s string) string {
			b, err := simplifiedchinese.GBK.NewEncoder().String(s)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		const desc = "三单元楼道里堆满了旧家具，消防通道都堵了"
		before := orders()
		for name, c := range map[string]struct {
			body, contentType string
			status            int
			has               string
		}{
			"invalid UTF-8":            {strings.Replace(residentReport, "旧家具", "\xff\xfe", 1), "application/json", 400, "UTF-8"},
			"GBK without a charset":    {gbk(residentReport), "application/json", 400, "UTF-8"},
			"bidi override":            {strings.Replace(residentReport, "旧家具", "旧\u202e家具", 1), "application/json", 400, `"problems":["description"]`},
			"escaped bidi in the name": {strings.Replace(residentReport, "张三丰", `张\u2066三丰`, 1), "application/json", 400, `"problems":["reporter.name"]`},
			"over the limit":           {strings.Replace(residentReport, desc, strings.Repeat("堆", 1<<19), 1), "application/json", 413, "1 MiB"},
		} {
			st, _, b := e.post(t, "", "/api/v1/orders", c.body, map[string]string{"Content-Type": c.contentType})
			if st != c.status || !strings.Contains(string(b), c.has) {
				t.Errorf("%s: %d %.300s, want %d with %q", name, st, b, c.status, c.has)
			}
		}
		if n := orders(); n != before {
			t.Fatalf("refused bodies stored %d orders", n-before)
		}

		st, _, b := e.post(t, "", "/api/v1/orders", gbk(residentReport), map[string]string{"Content-Type": "application/json; charset=GBK"})
		if st != http.StatusCreated {
			t.Fatalf("GBK declared: %d %s", st, b)
		}
		if got := description(decodeOrder(t, b).Number); got != desc {
			t.Fatalf("GBK body stored as %q, want %q", got, desc)
		}

		// Open311 (a form) answers in its own format; GBK is read.
		_, key, err := apikey.Add(context.Background(), db, "fms", "", audit.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		open311 := func(desc, charset string) (int, string) {
			form := url.Values{"api_key": {key}, "service_code": {"corridor.clutter"}, "lat": {"41.3005"}, "long": {"123.8005"},
				"description": {desc}}.Encode()
			req, _ := http.NewRequest("POST", e.srv.URL+"/open311/v2/requests.json", strings.NewReader(form))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded"+charset)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			out, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(out)
		}
		before = orders()
		if st, b := open311("楼道\u202d堆物", ""); st != 400 || !strings.HasPrefix(b, `[{"code":400`) || !strings.Contains(b, "description") {
			t.Errorf("Open311 bidi: %d %s", st, b)
		}
		if st, b := open311(gbk("楼道堆物"), ""); st != 400 || !strings.Contains(b, "UTF-8") {
			t.Errorf("Open311 GBK undeclared: %d %s", st, b)
		}
		if n := orders(); n != before {
			t.Fatalf("refused Open311 bodies stored %d orders", n-before)
		}
		st, ob := open311(gbk("五号楼楼道堆物"), "; charset=gbk")
		var created []struct {
			ID string `json:"service_request_id"`
		}
		if st != 200 || json.Unmarshal([]byte(ob), &created) != nil || len(created) != 1 {
			t.Fatalf("Open311 GBK declared: %d %s", st, ob)
		}
		if got := description(created[0].ID); got != "五号楼楼道堆物" {
			t.Fatalf("Open311 GBK stored as %q", got)
		}

		// The resident page answers with a page, in Chinese.
		req, _ := http.NewRequest("POST", e.srv.URL+"/report", strings.NewReader("description="+url.QueryEscape("灯\u202e坏了")))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "text/html")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(page), "控制字符") || !strings.Contains(resp.Header.Get("Content-Type"), "text/html") {
			t.Errorf("resident page with a control: %d %s %.300s", resp.StatusCode, resp.Header.Get("Content-Type"), page)
		}
	})
}
