package ui_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"strconv"
	"testing"

	"civicgrid/internal/auth"
	"civicgrid/internal/grid"
)

// gwMyGrid is the demo grid worker's grid.
func gwMyGrid(t testing.TB, e *env) grid.Member {
	t.Helper()
	u, err := auth.GetUserByUsername(context.Background(), e.db, "grid")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := grid.GridsOfUser(context.Background(), e.db, u.ID)
	if err != nil || len(ms) != 1 {
		t.Fatalf("grids of the demo grid worker: %v (%d)", err, len(ms))
	}
	return ms[0]
}

// gwPointIn finds a point inside grid code, as 6-decimal strings (what
// the page sends), checked with the server's own locator.
func gwPointIn(t testing.TB, e *env, code string) (lat, lng string) {
	t.Helper()
	g, err := grid.Get(context.Background(), e.db, code)
	if err != nil {
		t.Fatal(err)
	}
	b := g.Bound
	// The lattice point inside the grid nearest the middle of its bounds,
	// so a map pin lands well inside.
	const n = 24
	best, bestD := false, 0.0
	for i := 1; i < n; i++ {
		for j := 1; j < n; j++ {
			x := b.Min[0] + (b.Max[0]-b.Min[0])*float64(i)/n
			y := b.Min[1] + (b.Max[1]-b.Min[1])*float64(j)/n
			la, ln := strconv.FormatFloat(y, 'f', 6, 64), strconv.FormatFloat(x, 'f', 6, 64)
			fx, _ := strconv.ParseFloat(ln, 64)
			fy, _ := strconv.ParseFloat(la, 64)
			if found, ok := e.app.Locator.Locate(fx, fy); !ok || found != code {
				continue
			}
			d := (float64(i)-n/2)*(float64(i)-n/2) + (float64(j)-n/2)*(float64(j)-n/2)
			if !best || d < bestD {
				best, bestD, lat, lng = true, d, la, ln
			}
		}
	}
	if best {
		return lat, lng
	}
	t.Fatalf("no point found inside grid %s", code)
	return "", ""
}

// gwPNG is a small real PNG (the engine sniffs the content).
func gwPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for x := 0; x < 8; x++ {
		for y := 0; y < 8; y++ {
			img.Set(x, y, color.RGBA{R: uint8(30 * x), G: 120, B: uint8(30 * y), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var gwCreatedRE = regexp.MustCompile(`^/grid/report\?created=(\d+)`)

// gwCreatedNumber is the order number a successful report redirects with.
func gwCreatedNumber(t testing.TB, r response) string {
	t.Helper()
	if r.Status != 303 {
		t.Fatalf("report: status %d, want 303\n%s", r.Status, excerpt(r.Body))
	}
	m := gwCreatedRE.FindStringSubmatch(r.Header.Get("Location"))
	if m == nil {
		t.Fatalf("report redirects to %q", r.Header.Get("Location"))
	}
	return m[1]
}

func gwCountOrders(t testing.TB, e *env, channel string) int {
	t.Helper()
	var n int
	if err := e.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM orders WHERE channel = ?`, channel).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
