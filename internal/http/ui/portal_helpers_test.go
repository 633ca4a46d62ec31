package ui_test

import (
	"bytes"
	"civicgrid/internal/imagemeta/imagemetatest"
	"context"
	"mime/multipart"
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
	"civicgrid/internal/order"
	"civicgrid/internal/store"
)

// portalGridPoint is a point inside some grid of the demo district, and
// that grid's code, as the server's locator finds it.
func portalGridPoint(t testing.TB, e *env) (lat, lng string, code string) {
	t.Helper()
	grids, err := grid.List(context.Background(), e.db, "210504002", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range grids {
		c := g.Bound.Center()
		if found, ok := e.app.Locator.Locate(c.Lon(), c.Lat()); ok {
			return ftoa(c.Lat()), ftoa(c.Lon()), found
		}
	}
	t.Fatal("no grid centre lies in a grid")
	return "", "", ""
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 7, 64) }

// portalPNG is a tiny PNG (the engine checks the type and structure by
// content).
var portalPNG = imagemetatest.PNG(imagemetatest.Halves(4, 2))

// portalForm is a complete, valid report form.
func portalForm(key, lat, lng string) map[string]string {
	return map[string]string{
		"key": key, "description": "小区3号楼门口的路灯不亮了，晚上很黑", "category": "streetlight.out",
		"lat": lat, "lng": lng, "name": "李四", "phone": "139 1234 5678",
	}
}

// portalPost sends the report form as multipart, with the named files.
func portalPost(c *client, fields map[string]string, files map[string][]byte) response {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if c.csrf != "" {
		_ = mw.WriteField("csrf_token", c.csrf)
	}
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	for name, content := range files {
		fw, err := mw.CreateFormFile("photo", name)
		if err != nil {
			c.t.Fatal(err)
		}
		_, _ = fw.Write(content)
	}
	if err := mw.Close(); err != nil {
		c.t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, c.base+"/report", &buf)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

var portalNumberRE = regexp.MustCompile(`id="report-number">(\d+)<`)

// portalNumber reads the new order's number from the done page.
func portalNumber(t testing.TB, r response) string {
	t.Helper()
	m := portalNumberRE.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("no order number on the page (status %d)\n%s", r.Status, excerpt(r.Body))
	}
	return m[1]
}

// portalActor is a demo user as the order engine's actor.
func portalActor(t testing.TB, db *store.DB, username string) order.Actor {
	t.Helper()
	ctx := context.Background()
	u, err := auth.GetUserByUsername(ctx, db, username)
	if err != nil {
		t.Fatal(err)
	}
	scope, err := auth.ScopeForUser(ctx, db, u)
	if err != nil {
		t.Fatal(err)
	}
	return order.StaffActor(u, scope, "127.0.0.1")
}

// portalResolve takes a resident's streetlight order through acceptance
// (routed to 城管), signing and resolution, so it awaits its callback.
func portalResolve(t testing.TB, e *env, number string) {
	t.Helper()
	ctx := context.Background()
	svc := e.app.Orders
	o, err := svc.Accept(ctx, portalActor(t, e.db, "operator"), number, 1, "内部备注：请城管牵头协调")
	if err != nil {
		t.Fatalf("accept: %v", err)
	}
	dept := portalActor(t, e.db, "department")
	if o, err = svc.Sign(ctx, dept, number, o.Version); err != nil {
		t.Fatalf("sign (order at %s %s): %v", o.Level, o.HandlerCode, err)
	}
	if _, err = svc.Resolve(ctx, dept, number, o.Version, "已更换灯泡，路灯恢复照明", nil); err != nil {
		t.Fatalf("resolve: %v", err)
	}
}

func portalOrderRow(t testing.TB, db *store.DB, number string) (channel, gridCode, status string) {
	t.Helper()
	err := db.QueryRowContext(context.Background(), `SELECT channel, COALESCE(grid_code, ''), status FROM orders WHERE number = ?`, number).
		Scan(&channel, &gridCode, &status)
	if err != nil {
		t.Fatal(err)
	}
	return
}
