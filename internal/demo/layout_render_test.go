package demo

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// TestLayoutRender draws the default layout as SVG so a person can look at it:
// grids filled by street (hue) and community (shade), the district outline,
// building dots. Written to $CIVICGRID_RENDER when set, else to a temp dir.
func TestLayoutRender(t *testing.T) {
	res, err := DefaultLayout()
	if err != nil {
		t.Fatal(err)
	}
	spec, err := DefaultLayoutSpec()
	if err != nil {
		t.Fatal(err)
	}
	svg := renderLayoutSVG(res, spec.Outline[0], 1400)
	path := os.Getenv("CIVICGRID_RENDER")
	if path == "" {
		path = filepath.Join(t.TempDir(), "layout.svg")
	}
	if err := os.WriteFile(path, []byte(svg), 0o644); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(svg, "<polygon") || strings.Count(svg, "<polygon") != len(res.Grids)+1 {
		t.Fatalf("render holds %d polygons, want %d grids + outline", strings.Count(svg, "<polygon"), len(res.Grids))
	}
	t.Logf("wrote %s (%d bytes)", path, len(svg))
}

func renderLayoutSVG(res LayoutResult, outline orb.Ring, width float64) string {
	b := outline.Bound()
	b0, b1 := b.Min, b.Max
	kx := math.Cos(b.Center()[1] * math.Pi / 180)
	scale := width / ((b.Max[0] - b.Min[0]) * kx)
	height := (b.Max[1] - b.Min[1]) * scale
	pt := func(p orb.Point) string {
		return fmt.Sprintf("%.1f,%.1f", (p[0]-b.Min[0])*kx*scale, (b.Max[1]-p[1])*scale)
	}
	points := func(r orb.Ring) string {
		s := make([]string, len(r))
		for i, p := range r {
			s[i] = pt(p)
		}
		return strings.Join(s, " ")
	}

	streetIndex := map[string]int{}
	communityIndex := map[string]int{}
	for _, g := range res.Grids {
		street := g.CommunityCode[:9]
		if _, ok := streetIndex[street]; !ok {
			streetIndex[street] = len(streetIndex)
		}
		if _, ok := communityIndex[g.CommunityCode]; !ok {
			communityIndex[g.CommunityCode] = len(communityIndex)
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f">`+"\n", width, height)
	sb.WriteString(`<rect width="100%" height="100%" fill="white"/>` + "\n")
	for _, g := range res.Grids {
		hue := streetIndex[g.CommunityCode[:9]] * 360 / max(1, len(streetIndex))
		light := 45 + (communityIndex[g.CommunityCode]*37)%35
		fmt.Fprintf(&sb, `<polygon points="%s" fill="hsl(%d,60%%,%d%%)" stroke="white" stroke-width="0.6"><title>%s</title></polygon>`+"\n",
			points(g.Polygon[0]), hue, light, g.Name)
	}
	// Community borders thin and dark, street borders thicker: an edge is a
	// border when the grid across it belongs to another community (or street).
	owner := map[[2]orb.Point]string{}
	for _, g := range res.Grids {
		r := g.Polygon[0]
		for k := 0; k+1 < len(r); k++ {
			owner[[2]orb.Point{r[k], r[k+1]}] = g.CommunityCode
		}
	}
	line := func(a, b orb.Point, colour string, width float64) {
		fmt.Fprintf(&sb, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="%.1f"/>`+"\n",
			(a[0]-b0[0])*kx*scale, (b1[1]-a[1])*scale, (b[0]-b0[0])*kx*scale, (b1[1]-b[1])*scale, colour, width)
	}
	for _, g := range res.Grids {
		r := g.Polygon[0]
		for k := 0; k+1 < len(r); k++ {
			other, ok := owner[[2]orb.Point{r[k+1], r[k]}]
			switch {
			case !ok || other == g.CommunityCode:
			case other[:9] != g.CommunityCode[:9] && other > g.CommunityCode:
				line(r[k], r[k+1], "#111", 2)
			case other[:9] == g.CommunityCode[:9] && other > g.CommunityCode:
				line(r[k], r[k+1], "#333", 0.8)
			}
		}
	}
	fmt.Fprintf(&sb, `<polygon points="%s" fill="none" stroke="black" stroke-width="1.5"/>`+"\n", points(outline))
	for _, bd := range res.Buildings {
		xy := strings.Split(pt(bd.Point), ",")
		fmt.Fprintf(&sb, `<circle cx="%s" cy="%s" r="0.9" fill="#222"/>`+"\n", xy[0], xy[1])
	}
	sb.WriteString("</svg>\n")
	return sb.String()
}
