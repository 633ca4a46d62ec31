package server_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

func tinyPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{200, 30, 30, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A handler resolves with an evidence photo (multipart); the photo is then
// listed as evidence and served back byte for byte to someone in scope.
func TestResolveWithEvidencePhoto(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		o := e.fileHotline(t, "evidence-1", "三单元楼道里堆满了旧家具，消防通道都堵了")
		o = e.act(t, "grid", o, "sign", "")
		photo := tinyPNG(t)
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("action", `{"version":`+itoa(o.Version)+`,"note":"已清理，附现场照片"}`)
		fw, _ := mw.CreateFormFile("photo", "after.png")
		fw.Write(photo)
		mw.Close()
		req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/orders/"+o.Number+"/resolve", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+e.tokens["grid"])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || decodeOrder(t, b).Status != "resolved" {
			t.Fatalf("resolve with evidence: %d %s", resp.StatusCode, b)
		}
		st, b := e.do(t, "dispatcher", "GET", "/api/v1/orders/"+o.Number+"/photos", "")
		var list struct {
			Photos []struct {
				Stage string `json:"stage"`
				URL   string `json:"url"`
			} `json:"photos"`
		}
		if err := json.Unmarshal(b, &list); err != nil || st != 200 || len(list.Photos) != 1 || list.Photos[0].Stage != "evidence" {
			t.Fatalf("photos: %d %s", st, b)
		}
		st, got := e.do(t, "dispatcher", "GET", list.Photos[0].URL, "")
		if st != 200 || !bytes.Equal(got, photo) {
			t.Fatalf("photo served: %d, %d bytes, want the %d uploaded", st, len(got), len(photo))
		}
		if st, _ := e.do(t, "otherstreet", "GET", list.Photos[0].URL, ""); st != http.StatusNotFound {
			t.Fatalf("out-of-scope user fetched the photo: %d", st)
		}
	})
}
