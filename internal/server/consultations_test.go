package server_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"civicgrid/internal/address"
	"civicgrid/internal/grid"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestConsultationsAPI: a 改不改 consultation through the API — created by
// the community, a paper ballot with its sheet, refusals, an owner's code
// vote that changes it, the close, and the published result.
func TestConsultationsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		g := e.buildGridbase(t)
		ctx := context.Background()
		est, err := address.CreateEstate(ctx, db, grid.CommandLine("210504"), "210504002001", "民建小区")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `UPDATE addresses SET estate_id = ? WHERE building_code = ? AND level = 'building'`, est.ID, g.building); err != nil {
			t.Fatal(err)
		}
		st, b := e.do(t, "admin", "POST", "/api/v1/programmes", `{"region_code":"210504","year":2022,"name":"2022年改造","published":true}`)
		wantStatus(t, st, 201, "programme", b)
		prog := decode[struct {
			Programme struct{ ID int64 } `json:"programme"`
		}](t, b).Programme.ID
		st, b = e.do(t, "street", "POST", "/api/v1/projects", fmt.Sprintf(`{"programme_id":%d,"name":"民建小区配套","scope":"配套基础设施","level":"mid","budget":"100000","compounds":[%d],"published":true}`, prog, est.ID))
		wantStatus(t, st, 201, "project", b)
		pid := decode[struct {
			Project struct{ ID int64 } `json:"project"`
		}](t, b).Project.ID

		body := fmt.Sprintf(`{"project_id":%d,"compound_id":%d,"stage":"whether","title":"民建小区改不改","rule":"consent","consent":"2/3"}`, pid, est.ID)
		st, b = e.do(t, "grid", "POST", "/api/v1/consultations", body)
		wantStatus(t, st, 403, "a grid worker creates", b)
		st, b = e.do(t, "community", "POST", "/api/v1/consultations", body)
		wantStatus(t, st, 201, "consultation", b)
		c := decode[struct {
			ID     int64 `json:"id"`
			Houses int   `json:"houses"`
		}](t, b)
		if c.Houses != 1 {
			t.Fatalf("houses %d, want the building's one", c.Houses)
		}
		path := fmt.Sprintf("/api/v1/consultations/%d", c.ID)
		st, b = e.do(t, "", "GET", path+"/result", "")
		wantStatus(t, st, 404, "the public reads before the close", b)
		st, b = e.do(t, "community", "POST", path+"/open", "")
		wantStatus(t, st, 200, "open", b)

		ballot := func(method, target string, fields map[string]string, photo bool) (int, []byte) {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			for k, v := range fields {
				_ = mw.WriteField(k, v)
			}
			if photo {
				fw, _ := mw.CreateFormFile("photo", "sheet.jpg")
				_ = jpeg.Encode(fw, image.NewGray(image.Rect(0, 0, 8, 8)), nil)
			}
			mw.Close()
			req, _ := http.NewRequest(method, e.srv.URL+target, &buf)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.Header.Set("Authorization", "Bearer "+e.tokens["community"])
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var out bytes.Buffer
			_, _ = out.ReadFrom(res.Body)
			return res.StatusCode, out.Bytes()
		}
		st, b = ballot("POST", path+"/ballots", map[string]string{"house": "999999", "choice": "yes"}, true)
		wantStatus(t, st, 400, "a house outside", b)
		if !strings.Contains(string(b), "不在本次征询范围") {
			t.Errorf("house outside: %s", b)
		}
		house := fmt.Sprint(g.house)
		st, b = ballot("POST", path+"/ballots", map[string]string{"house": house, "choice": "no", "suggestion": "台阶和道路坡度"}, true)
		wantStatus(t, st, 201, "desk ballot", b)
		st, b = ballot("POST", path+"/ballots", map[string]string{"house": house, "choice": "yes"}, true)
		wantStatus(t, st, 409, "a second new ballot", b)

		st, b = e.do(t, "", "GET", path+"/paper", "")
		if st != 200 || !strings.Contains(string(b), "民建小区改不改") {
			t.Fatalf("ballot paper of an open consultation: %d %s", st, b)
		}
		// The owner changes it with a code.
		st, b = e.do(t, "community", "POST", path+"/codes", fmt.Sprintf(`{"houses":[%d]}`, g.house))
		wantStatus(t, st, 201, "codes", b)
		code := decode[struct {
			Codes []struct{ Code string } `json:"codes"`
		}](t, b).Codes[0].Code
		if !strings.Contains(string(b), `"delivery":"no_phone"`) {
			t.Errorf("codes without an SMS sender: %s", b)
		}
		// How the code goes out, and the slip that prints it.
		st, b = e.do(t, "community", "GET", path+"/codes", "")
		if st != 200 || !strings.Contains(string(b), fmt.Sprintf(`{"house":%d,`, g.house)) || !strings.Contains(string(b), `"counts":{"no_phone":1}`) ||
			strings.Contains(string(b), code) {
			t.Fatalf("delivery: %d %s", st, b)
		}
		st, b = e.do(t, "community", "GET", path+"/slips", "")
		if st != 200 || !strings.Contains(string(b), `"code":"`+code+`"`) {
			t.Fatalf("slips: %d %s", st, b)
		}
		st, b = e.do(t, "grid", "GET", path+"/slips", "")
		wantStatus(t, st, 403, "a grid worker prints codes", b)
		st, b = e.do(t, "", "POST", path+"/vote", `{"code":"WRONGCODE1","choice":"yes"}`)
		wantStatus(t, st, 400, "a wrong code", b)
		st, b = e.do(t, "", "POST", path+"/vote", `{"code":"`+code+`","choice":"yes"}`)
		wantStatus(t, st, 200, "owner's vote", b)
		if !strings.Contains(string(b), `"version":2`) {
			t.Errorf("owner's change: %s", b)
		}
		st, b = e.do(t, "community", "GET", path+"/slips", "")
		if st != 200 || strings.Contains(string(b), code) {
			t.Errorf("a used code still prints: %d %s", st, b)
		}
		st, b = e.do(t, "community", "POST", path+"/close", "")
		wantStatus(t, st, 200, "close", b)
		st, b = ballot("PUT", path+"/ballots/"+house, map[string]string{"choice": "no"}, true)
		wantStatus(t, st, 409, "a change after close", b)

		st, b = e.do(t, "", "GET", path+"/paper", "")
		wantStatus(t, st, 404, "ballot paper after the close", b)
		st, b = e.do(t, "", "GET", path+"/result", "")
		wantStatus(t, st, 200, "public result", b)
		for _, want := range []string{`"eligible_area":89.50`, `"eligible_owners":1`, `"participating_area":89.50`, `"participating_owners":1`,
			`"yes_area":89.50`, `"yes_owners":1`, `"rule":"consent"`, `"passed":true`} {
			if !strings.Contains(string(b), want) {
				t.Errorf("result lacks %s: %s", want, b)
			}
		}
		st, b = e.do(t, "", "GET", "/api/v1/consultations?year=2022", "")
		if st != 200 || !strings.Contains(string(b), fmt.Sprintf(`"id":%d`, c.ID)) {
			t.Fatalf("public list: %d %s", st, b)
		}
		st, b = e.do(t, "otherstreet", "GET", path, "")
		wantStatus(t, st, 404, "another street reads", b)
		st, b = e.do(t, "community", "GET", path+"/suggestions", "")
		if st != 200 || !strings.Contains(string(b), "台阶和道路坡度") {
			t.Fatalf("suggestions: %d %s", st, b)
		}
	})
}
