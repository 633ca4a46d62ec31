package ui_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/imagemeta/imagemetatest"
	"civicgrid/internal/order"
	"civicgrid/internal/order/ordertest"
)

// TestBrowserTrackPhotos: the handler shows one of two resolution photos
// to the resident from the order page; the tracking page shows that one
// only, and the other is not served. Screenshots: track-photos-*.png.
func TestBrowserTrackPhotos(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	clock := ordertest.NewNow(time.Now())
	e := newEnv(t, db, clock.Now)
	g := demoGrid(t, e, streetAdminNode, 0)
	o := dispatchAtStreet(t, e, fileOrder(t, e, g, order.ChannelHotline, "other.request", "3号楼前路面塌陷一个坑"))
	png := orderPhotoPNG(t)
	other := imagemetatest.PNG(imagemetatest.Halves(40, 30))
	o, err := e.app.Orders.Resolve(context.Background(), e.actor(t, "street"), o.Number, o.Version, "已回填路面并压实",
		[]order.Photo{{Name: "after.png", Body: bytes.NewReader(png)}, {Name: "after2.png", Body: bytes.NewReader(other)}})
	if err != nil {
		t.Fatal(err)
	}
	photos, err := e.app.Orders.Photos(context.Background(), e.actor(t, "street"), o.Number)
	if err != nil || len(photos) != 2 {
		t.Fatalf("photos %+v, %v", photos, err)
	}
	shown, kept := photos[0].SHA256, photos[1].SHA256

	b := newBrowser(t, exe, e.srv.URL, shots)
	signInAs(t, b, "street", e.creds["street"])
	b.open("/orders/" + o.Number)
	b.submit("#photo-toggle-" + shown)
	if txt := b.text("#photo-public-" + shown); !strings.Contains(txt, "已向诉求人公开") {
		t.Errorf("the marked photo reads %q", txt)
	}
	b.screenshot("track-photos-order")
	b.submit("header form button[type=submit]") // sign out

	b.viewport(phoneW, phoneH)
	b.open("/track?number=" + o.Number + "&last4=1234")
	b.waitVisible("#track-photos img")
	srcs := evalIn[[]string](b, `[...document.querySelectorAll('#track-photos img')].map(i => i.getAttribute('src'))`)
	if len(srcs) != 1 || srcs[0] != "/track/photos/"+shown {
		t.Fatalf("the tracking page shows %v, want only the marked photo", srcs)
	}
	loaded := func() bool {
		return evalIn[bool](b, `(() => { const i = document.querySelector('#track-photos img'); return i.complete && i.naturalWidth > 0; })()`)
	}
	for i := 0; i < 50 && !loaded(); i++ { // lazy images load after layout; give a busy machine time
		time.Sleep(100 * time.Millisecond)
	}
	if !loaded() {
		t.Error("the public photo does not load")
	}
	if status := b.open("/track/photos/" + kept); status != 404 {
		t.Errorf("an unmarked photo answered %d", status)
	}
	b.open("/track?number=" + o.Number + "&last4=1234")
	b.waitVisible("#track-photos img")
	b.screenshot("track-photos-phone")
	b.checkConsole("track photos", "status of 404")
}
