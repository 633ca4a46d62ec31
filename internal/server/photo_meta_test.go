package server_test

import (
	"bytes"
	"encoding/json"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"testing"

	"civicgrid/internal/imagemeta/imagemetatest"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// A grid worker's evidence photo straight from a phone (EXIF with GPS and
// the make, orientation 6) is served without any of it, turned upright.
func TestPhotoServedWithoutGPS(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		o := e.fileHotline(t, "exif-1", "三单元楼道里堆满了旧家具，消防通道都堵了")
		o = e.act(t, "grid", o, "sign", "")
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("action", `{"version":`+itoa(o.Version)+`,"note":"已清理，附现场照片"}`)
		fw, _ := mw.CreateFormFile("photo", "IMG_0042.jpg")
		fw.Write(imagemetatest.PhoneJPEG(imagemetatest.Halves(16, 8), 6))
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
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("resolve with a phone photo: %d %s", resp.StatusCode, b)
		}
		_, b = e.do(t, "dispatcher", "GET", "/api/v1/orders/"+o.Number+"/photos", "")
		var list struct {
			Photos []struct {
				URL string `json:"url"`
			} `json:"photos"`
		}
		if err := json.Unmarshal(b, &list); err != nil || len(list.Photos) != 1 {
			t.Fatalf("photos: %s", b)
		}
		st, served := e.do(t, "dispatcher", "GET", list.Photos[0].URL, "")
		if st != http.StatusOK {
			t.Fatalf("photo: %d", st)
		}
		for _, m := range imagemetatest.Markers {
			if bytes.Contains(served, []byte(m)) {
				t.Errorf("served photo holds %q", m)
			}
		}
		img, err := jpeg.Decode(bytes.NewReader(served))
		if err != nil || img.Bounds().Dx() != 8 || img.Bounds().Dy() != 16 {
			t.Fatalf("served photo %v %v, want 8x16 upright", img.Bounds(), err)
		}
	})
}
