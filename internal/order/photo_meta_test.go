package order_test

import (
	"bytes"
	"context"
	"errors"
	"image/jpeg"
	"os"
	"testing"

	"civicgrid/internal/imagemeta/imagemetatest"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// A phone photo is stored without its EXIF (GPS, make), XMP,
// IPTC and comment, turned upright; a file that only looks like an image
// is refused and nothing is written.
func TestStoredPhotosLoseTheirMetadata(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		in := noise("楼道堆物，附现场照片")
		in.Photos = []order.Photo{photo("IMG_0001.jpg", imagemetatest.PhoneJPEG(imagemetatest.Halves(16, 8), 6))}
		o, _, err := e.svc.Create(ctx, operator, in)
		if err != nil {
			t.Fatal(err)
		}
		ps, err := e.svc.Photos(ctx, dispatcher, o.Number)
		if err != nil || len(ps) != 1 {
			t.Fatalf("photos %v %v", ps, err)
		}
		path, _ := e.svc.PhotoPath(ps[0].SHA256)
		stored, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range imagemetatest.Markers {
			if bytes.Contains(stored, []byte(m)) {
				t.Errorf("stored photo holds %q", m)
			}
		}
		img, err := jpeg.Decode(bytes.NewReader(stored))
		if err != nil || img.Bounds().Dx() != 8 || img.Bounds().Dy() != 16 {
			t.Fatalf("stored photo: %v %v, want 8x16 (orientation 6 applied)", img.Bounds(), err)
		}

		before := e.snapshot(t)
		bad := noise("照片是坏的")
		bad.Photos = []order.Photo{photo("x.jpg", append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte{2}, 100)...))}
		if _, _, err := e.svc.Create(ctx, operator, bad); !errors.Is(err, order.ErrPhotoType) {
			t.Fatalf("a JPEG of noise: %v, want ErrPhotoType", err)
		}
		if after := e.snapshot(t); after != before {
			t.Fatalf("a refused photo wrote something: %v → %v", before, after)
		}
	})
}
