package server_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"civicgrid/internal/imagemeta/imagemetatest"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestWishesOverHTTP: a resident posts a wish without an account; it is
// not on the wall until the community approves it; a claim from the wall
// succeeds once and the second answers 409; the community records the
// fulfilment with a photo; the wall never names a person.
func TestWishesOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		st, _, b := e.post(t, "", "/api/v1/public/wishes", `{"community_code":"210504002001","title":"一台收音机","story":"眼睛不好，想听广播","beneficiary":"独居老人","name":"刘桂芝","phone":"13900001111"}`, nil)
		wantStatus(t, st, 201, "resident's wish", b)
		id := int64(decode[map[string]any](t, b)["id"].(float64))
		st, b = e.do(t, "", "GET", "/api/v1/public/wishes", "")
		wantStatus(t, st, 200, "wall", b)
		if strings.Contains(string(b), "收音机") {
			t.Fatalf("a pending wish is on the wall: %s", b)
		}
		path := fmt.Sprintf("/api/v1/wishes/%d", id)
		st, b = e.do(t, "otherstreet", "POST", path+"/approve", `{}`)
		wantStatus(t, st, 404, "other street approving", b)
		st, b = e.do(t, "community", "POST", path+"/approve", `{}`)
		wantStatus(t, st, 200, "approve", b)

		claim := fmt.Sprintf("/api/v1/public/wishes/%d/claim", id)
		st, _, b = e.post(t, "", claim, `{"kind":"unit","unit":"明山区税务局","name":"陈海燕","phone":"13700002222"}`, nil)
		wantStatus(t, st, 200, "claim", b)
		st, _, b = e.post(t, "", claim, `{"kind":"volunteer","name":"周玉梅","phone":"13500004444"}`, nil)
		wantStatus(t, st, 409, "second claim", b)
		if !strings.Contains(string(b), "已被认领") {
			t.Errorf("second claim says %s", b)
		}

		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("note", "税务局志愿者送来收音机，老人很高兴")
		fw, _ := mw.CreateFormFile("photo", "p.jpg")
		fw.Write(imagemetatest.PhoneJPEG(imagemetatest.Halves(32, 24), 1))
		mw.Close()
		req, _ := http.NewRequest("POST", e.srv.URL+path+"/fulfil", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+e.tokens["community"])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("fulfil answered %d", resp.StatusCode)
		}
		st, b = e.do(t, "", "GET", "/api/v1/public/wishes?under=210504002001", "")
		wantStatus(t, st, 200, "wall", b)
		for _, personal := range []string{"刘", "陈海燕", "13900001111", "1370000", "wisher_name", "claimant_name", "_phone"} {
			if strings.Contains(string(b), personal) {
				t.Errorf("the wall shows %q: %s", personal, b)
			}
		}
		if !strings.Contains(string(b), "明山区税务局") || !strings.Contains(string(b), `"status":"fulfilled"`) || !strings.Contains(string(b), "/photo") {
			t.Errorf("wall %s", b)
		}
		st, b = e.do(t, "", "GET", fmt.Sprintf("/api/v1/public/wishes/%d/photo", id), "")
		wantStatus(t, st, 200, "photo", b)
		if bytes.Contains(b, []byte("GPSLatitude")) || bytes.Contains(b, []byte("Exif\x00\x00")) {
			t.Errorf("the photo still carries its metadata")
		}
	})
}
