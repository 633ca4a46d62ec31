package order_test

import (
	"context"
	"errors"
	"testing"

	"civicgrid/internal/audit"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

// TestPhotoPublic: a resolution photo the handler marks public is on the
// resident's tracking view and served by PublicPhoto; the other one, and
// the resident's own intake photo, never are; only the handler and the
// centre may mark, and each change is audited.
func TestPhotoPublic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		in := noise("烧烤店油烟大")
		in.Photos = []order.Photo{photo("before.png", pngBytes)}
		o := mustCreate(t, e, operator, in)
		o = must(t, "sign")(e.svc.Sign(ctx, gridWorker, o.Number, o.Version))
		o = must(t, "resolve")(e.svc.Resolve(ctx, gridWorker, o.Number, o.Version, "已清理", []order.Photo{
			photo("after.jpg", jpegBytes), photo("after.webp", webpBytes)}))
		photos, err := e.svc.Photos(ctx, dispatcher, o.Number)
		if err != nil || len(photos) != 3 {
			t.Fatalf("photos %+v, %v", photos, err)
		}
		var intake, shown, kept string
		for _, p := range photos {
			switch {
			case p.Stage == "intake":
				intake = p.SHA256
			case shown == "":
				shown = p.SHA256
			default:
				kept = p.SHA256
			}
		}
		if err := e.svc.SetPhotoPublic(ctx, chengguan, o.Number, shown, true); !errors.Is(err, order.ErrNotFound) {
			t.Fatalf("a department out of the order marks: %v", err)
		}
		if err := e.svc.SetPhotoPublic(ctx, gridWorker, o.Number, intake, true); !errors.Is(err, order.ErrInvalid) {
			t.Fatalf("the intake photo marked public: %v", err)
		}
		if err := e.svc.SetPhotoPublic(ctx, gridWorker, o.Number, shown, true); err != nil {
			t.Fatal(err)
		}
		tr, err := e.svc.Track(ctx, o.Number, "5678")
		if err != nil || len(tr.Photos) != 1 || tr.Photos[0].SHA256 != shown {
			t.Fatalf("tracking photos %+v, %v", tr.Photos, err)
		}
		if _, ctype, err := e.svc.PublicPhoto(ctx, shown); err != nil || ctype == "" {
			t.Fatalf("public photo: %q, %v", ctype, err)
		}
		for _, sha := range []string{kept, intake} {
			if _, _, err := e.svc.PublicPhoto(ctx, sha); !errors.Is(err, order.ErrNotFound) {
				t.Errorf("photo %s served publicly: %v", sha, err)
			}
		}
		if err := e.svc.SetPhotoPublic(ctx, dispatcher, o.Number, shown, false); err != nil {
			t.Fatal(err)
		}
		if tr, _ := e.svc.Track(ctx, o.Number, "5678"); len(tr.Photos) != 0 {
			t.Errorf("hidden again, yet tracked: %+v", tr.Photos)
		}
		entries, err := audit.List(ctx, db, audit.Filter{})
		n := 0
		for _, en := range entries {
			if en.Action == "order.photo_public" || en.Action == "order.photo_internal" {
				n++
			}
		}
		if err != nil || n != 2 {
			t.Errorf("%d photo audit entries, %v", n, err)
		}
	})
}
