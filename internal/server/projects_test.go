package server_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"civicgrid/internal/address"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestProjectsAPI: who may write, who sees what, and bad input refused
// with a clear error and nothing written.
func TestProjectsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		g := e.buildGridbase(t)
		ctx := context.Background()
		est, err := address.CreateEstate(ctx, db, grid.CommandLine("210504"), "210504002001", "胜利小区")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `UPDATE addresses SET estate_id = ? WHERE building_code = ? AND level = 'building'`, est.ID, g.building); err != nil {
			t.Fatal(err)
		}
		st, b := e.do(t, "admin", "POST", "/api/v1/programmes", `{"region_code":"210504","year":2024,"name":"2024年改造","published":true}`)
		wantStatus(t, st, 201, "programme", b)
		prog := decode[struct {
			Programme struct{ ID int64 } `json:"programme"`
		}](t, b).Programme.ID
		body := func(name string, published bool, funding string) string {
			return fmt.Sprintf(`{"programme_id":%d,"name":%q,"scope":"楼本体","level":"high","budget":"1000000.00","compounds":[%d],"funding":%s,"published":%v}`,
				prog, name, est.ID, funding, published)
		}
		// Funding 1 yuan short of the declared total: refused, with the figures, nothing stored.
		st, b = e.do(t, "street", "POST", "/api/v1/projects", body("楼本体", false, `{"central":"600000","local":"399999"}`))
		wantStatus(t, st, 400, "funding short", b)
		if !strings.Contains(string(b), "资金来源合计 999999.00 元，与总投资 1000000.00 元不符（相差 1.00 元）") {
			t.Errorf("funding error: %s", b)
		}
		st, b = e.do(t, "grid", "POST", "/api/v1/projects", body("楼本体", false, `{}`))
		wantStatus(t, st, 403, "a grid worker creates a project", b)
		st, b = e.do(t, "otherstreet", "POST", "/api/v1/projects", body("楼本体", false, `{}`))
		wantStatus(t, st, 404, "another street's 小区", b)
		st, b = e.do(t, "admin", "GET", "/api/v1/projects?year=2024", "")
		wantStatus(t, st, 200, "list", b)
		if !strings.Contains(string(b), `"projects":[]`) {
			t.Fatalf("a refused project was stored: %s", b)
		}
		st, b = e.do(t, "street", "POST", "/api/v1/projects", body("楼本体", false, `{"central":"600000","local":"400000"}`))
		wantStatus(t, st, 201, "project", b)
		p := decode[struct {
			Project struct {
				ID         int64 `json:"id"`
				Households int   `json:"households"`
			} `json:"project"`
		}](t, b).Project
		if p.Households != 1 {
			t.Fatalf("households %d, want the 1 house of the building", p.Households)
		}
		path := fmt.Sprintf("/api/v1/projects/%d", p.ID)
		st, b = e.do(t, "otherstreet", "GET", path, "")
		wantStatus(t, st, 404, "another street reads", b)
		st, b = e.do(t, "", "GET", path, "")
		wantStatus(t, st, 404, "a resident reads an unpublished project", b)
		st, b = e.do(t, "", "GET", "/api/v1/projects?year=2024", "")
		if st != 200 || !strings.Contains(string(b), `"projects":[]`) || !strings.Contains(string(b), `"households":0`) {
			t.Fatalf("public list: %d %s", st, b)
		}
		st, b = e.do(t, "street", "POST", "/api/v1/projects", body("配套", true, `{}`))
		wantStatus(t, st, 201, "published project", b)
		st, b = e.do(t, "", "GET", "/api/v1/projects?year=2024", "")
		if st != 200 || !strings.Contains(string(b), `"budget":1000000.00`) || !strings.Contains(string(b), `"households":1`) {
			t.Fatalf("public list after publishing: %d %s", st, b)
		}

		// A 标段 and its progress: over 100 % refused.
		st, b = e.do(t, "street", "POST", path+"/sections", `{"name":"一标段","contractor":"甲建筑公司","supervisor":"乙监理公司","contract":"900000","planned_start":"2024-04-01","planned_end":"2024-10-31","milestones":{"start":"2024-04-01","finish":"2024-10-31"}}`)
		wantStatus(t, st, 201, "section", b)
		sec := decode[struct {
			Section struct{ ID int64 } `json:"section"`
		}](t, b).Section.ID
		progress := func(pct string) (int, []byte) {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			_ = mw.WriteField("progress", pct)
			_ = mw.WriteField("stage", "during")
			mw.Close()
			req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/sections/%d/progress", e.srv.URL, sec), &buf)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.Header.Set("Authorization", "Bearer "+e.tokens["street"])
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var out bytes.Buffer
			_, _ = out.ReadFrom(res.Body)
			return res.StatusCode, out.Bytes()
		}
		st, b = progress("101")
		wantStatus(t, st, 400, "progress 101", b)
		if !strings.Contains(string(b), "进度须在 0 至 100% 之间") {
			t.Errorf("progress error: %s", b)
		}
		st, b = progress("40")
		wantStatus(t, st, 201, "progress 40", b)
		st, b = e.do(t, "street", "GET", path, "")
		if st != 200 || !strings.Contains(string(b), `"progress":40`) {
			t.Fatalf("project after progress: %d %s", st, b)
		}
		st, b = e.do(t, "", "GET", "/api/v1/indicators?year=2024", "")
		if st != 200 || !strings.Contains(string(b), `"name":"监控点位"`) && !strings.Contains(string(b), `[]`) {
			t.Fatalf("indicators: %d %s", st, b)
		}
	})
}
