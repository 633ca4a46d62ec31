package demo

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"civicgrid/internal/org"

	"github.com/paulmach/orb"
)

// BaseMapFile is where the demo's base layer lives in the repository, from
// this package's folder; the UI embeds it (web/static) and draws it under
// the grids when no tile server is configured. TestBaseMapFileCurrent keeps
// it in step with BaseMap.
const BaseMapFile = "../../web/static/basemap/mingshan.geojson"

// BaseMap draws the demo district's offline base layer as a GeoJSON
// FeatureCollection, from the same layout the demo's grids come from, so
// roads and names agree with the demo's addresses: roads along the blocks
// (street boundaries as main roads, community boundaries as roads, block
// edges inside a community as lanes), each urban community's N路 (its
// door plates' road) as the longest lane through it, the 太子河 across the
// district (schematic: the layout knows no rivers), and the names of the
// streets, communities, 小区 and roads. It is a sketch for finding one's
// way on the demo, not a survey.
//
// Features: road lines {layer:"road", class:"main"|"road"|"lane"} (one
// MultiLineString per class), named roads {layer:"road", class:"named",
// name}, the river {layer:"river", name}, and labels {layer:"place",
// rank:"street"|"community"|"estate"|"road", name} as Points, and each
// community's buildings {layer:"buildings", suffix:"号楼"|"号院"} as a
// MultiPoint in number order from 1 (the demo's N号楼, which residents
// name in their reports), for the map to label when zoomed right in.
func BaseMap() ([]byte, error) {
	spec, err := DefaultLayoutSpec()
	if err != nil {
		return nil, err
	}
	res, err := Layout(spec)
	if err != nil {
		return nil, err
	}
	rows, err := readLayoutCSV("data/divisions/streets.csv", "code", "name", "areaCode")
	if err != nil {
		return nil, err
	}
	streets := map[string]string{}
	for _, r := range rows {
		if r["areaCode"] == layoutDistrictCode {
			streets[r["code"]] = r["name"]
		}
	}
	return baseMapOf(spec, res, streets)
}

type bmFeature struct {
	Type       string         `json:"type"`
	Properties map[string]any `json:"properties"`
	Geometry   bmGeometry     `json:"geometry"`
}

type bmGeometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

func baseMapOf(spec LayoutSpec, res LayoutResult, streets map[string]string) ([]byte, error) {
	if len(res.Grids) == 0 {
		return nil, fmt.Errorf("%w: no grids to draw a base map from", ErrInvalidLayout)
	}
	frame := newLocalFrame(spec.Outline.Bound())
	communities := map[string]LayoutCommunity{}
	for _, c := range spec.Communities {
		communities[c.Code] = c
	}
	var feats []bmFeature

	// Roads: one line set per class; lanes kept per community so that each
	// urban community's longest one can carry its road's name.
	byClass := map[string][][2]orb.Point{}
	lanes := map[string][][2]orb.Point{}
	for _, e := range blockEdges(res.Grids) {
		class := roadClass(res.Grids[e.left], res.Grids[e.right])
		seg := [2]orb.Point{roundPoint(e.a), roundPoint(e.b)}
		if class == roadLane {
			c := res.Grids[e.left].CommunityCode
			lanes[c] = append(lanes[c], seg)
			continue
		}
		byClass[class] = append(byClass[class], seg)
	}
	codes := sortedKeys(lanes)
	var named []bmFeature
	for _, code := range codes {
		lines := chainEdges(lanes[code])
		c := communities[code]
		if !org.IsVillageCommittee(c.Name) && len(lines) > 0 {
			slices.SortStableFunc(lines, func(x, y orb.LineString) int {
				return cmp.Compare(lineLength(y, frame), lineLength(x, frame))
			})
			name := roadName(c)
			named = append(named, lineFeature(lines[0], map[string]any{"layer": "road", "class": "named", "name": name}),
				pointFeature(alongLine(lines[0], frame), "road", name))
			lines = lines[1:]
		}
		for _, l := range lines {
			for i := 1; i < len(l); i++ {
				byClass[roadLane] = append(byClass[roadLane], [2]orb.Point{l[i-1], l[i]})
			}
		}
	}
	for _, class := range []string{roadLane, roadRoad, roadMain} {
		lines := chainEdges(byClass[class])
		if len(lines) == 0 {
			continue
		}
		coords := make([]orb.LineString, len(lines))
		copy(coords, lines)
		feats = append(feats, bmFeature{Type: "Feature", Properties: map[string]any{"layer": "road", "class": class},
			Geometry: bmGeometry{Type: "MultiLineString", Coordinates: coords}})
	}
	feats = append(feats, named...)
	feats = append(feats, lineFeature(taiziRiver(), map[string]any{"layer": "river", "name": "太子河"}))
	feats = append(feats, baseMapPlaces(res, communities, streets, frame)...)
	buildings, err := baseMapBuildings(res)
	if err != nil {
		return nil, err
	}
	feats = append(feats, buildings...)

	return json.Marshal(struct {
		Type     string      `json:"type"`
		Features []bmFeature `json:"features"`
	}{"FeatureCollection", feats})
}

// roadName is the road the demo's door plates of community c stand on
// (addGridbase: 永光社区 → 永光路).
func roadName(c LayoutCommunity) string {
	return strings.TrimSuffix(org.CommitteeDisplayName(c.Name), "社区") + "路"
}

// baseMapPlaces labels each street and community near its middle (on the
// grid closest to the centre of its grids, so a crescent's label stays
// inside it) and each urban community's 小区 at the middle of its flats.
func baseMapPlaces(res LayoutResult, communities map[string]LayoutCommunity, streets map[string]string, frame localFrame) []bmFeature {
	type group struct{ grids []int }
	byStreet, byCommunity := map[string]*group{}, map[string]*group{}
	for i, g := range res.Grids {
		for _, m := range []struct {
			groups map[string]*group
			key    string
		}{{byStreet, g.CommunityCode[:9]}, {byCommunity, g.CommunityCode}} {
			if m.groups[m.key] == nil {
				m.groups[m.key] = &group{}
			}
			m.groups[m.key].grids = append(m.groups[m.key].grids, i)
		}
	}
	centroid := make([]orb.Point, len(res.Grids))
	for i, g := range res.Grids {
		centroid[i] = frame.toLngLat(frame.centroid(g.Polygon[0]))
	}
	used := map[int]bool{}
	middle := func(grids []int) orb.Point {
		var sx, sy, sw float64
		for _, i := range grids {
			w := math.Abs(frame.area(res.Grids[i].Polygon[0]))
			sx, sy, sw = sx+centroid[i][0]*w, sy+centroid[i][1]*w, sw+w
		}
		mean := orb.Point{sx / sw, sy / sw}
		best, bestD := -1, math.Inf(1)
		for _, i := range grids {
			d := frame.distance(mean, centroid[i])
			if used[i] && len(grids) > 1 {
				d += 1e9 // another label stands there already
			}
			if d < bestD {
				best, bestD = i, d
			}
		}
		used[best] = true
		return centroid[best]
	}
	var out []bmFeature
	for _, code := range sortedKeys(byStreet) {
		if name := streets[code]; name != "" {
			out = append(out, pointFeature(middle(byStreet[code].grids), "street", name))
		}
	}
	flats := map[string][]orb.Point{}
	for _, b := range res.Buildings {
		if isUrbanBuilding(b.Name) {
			flats[b.CommunityCode] = append(flats[b.CommunityCode], b.Point)
		}
	}
	for _, code := range sortedKeys(byCommunity) {
		c, ok := communities[code]
		if !ok {
			continue
		}
		display := org.CommitteeDisplayName(c.Name)
		out = append(out, pointFeature(middle(byCommunity[code].grids), "community", display))
		if pts := flats[code]; len(pts) > 0 && !org.IsVillageCommittee(c.Name) {
			out = append(out, pointFeature(nearestToMean(pts, frame), "estate", strings.TrimSuffix(display, "社区")+"小区"))
		}
	}
	return out
}

// baseMapBuildings lists each community's buildings in number order; the
// numbers are left out of the file, so they must run 1, 2, 3 … with one
// suffix per community (layoutBuildings numbers them so).
func baseMapBuildings(res LayoutResult) ([]bmFeature, error) {
	var out []bmFeature
	var pts []orb.Point
	code, suffix := "", ""
	flush := func() {
		if len(pts) > 0 {
			out = append(out, bmFeature{Type: "Feature", Properties: map[string]any{"layer": "buildings", "community": code, "suffix": suffix},
				Geometry: bmGeometry{Type: "MultiPoint", Coordinates: pts}})
		}
		pts = nil
	}
	for _, b := range res.Buildings {
		if b.CommunityCode != code {
			flush()
			code = b.CommunityCode
			suffix = strings.TrimLeft(b.Name, "0123456789")
		}
		if b.Name != fmt.Sprint(len(pts)+1)+suffix {
			return nil, fmt.Errorf("%w: building %s of %s out of order (want %d%s)", ErrInvalidLayout, b.Name, code, len(pts)+1, suffix)
		}
		pts = append(pts, roundPoint(b.Point))
	}
	flush()
	return out, nil
}

func nearestToMean(pts []orb.Point, frame localFrame) orb.Point {
	var sx, sy float64
	for _, p := range pts {
		sx, sy = sx+p[0], sy+p[1]
	}
	mean := orb.Point{sx / float64(len(pts)), sy / float64(len(pts))}
	best := pts[0]
	for _, p := range pts[1:] {
		if frame.distance(p, mean) < frame.distance(best, mean) {
			best = p
		}
	}
	return best
}

// taiziRiver is a schematic 太子河: the river crosses 明山区 from east to
// west along the valley the urban part is built in (the district
// government stands on 滨河北路, at about 41.307 N 123.811 E, just north
// of it). The course is drawn through a few points and smoothed; it shows
// where the river is, not its banks.
func taiziRiver() orb.LineString {
	ctrl := []orb.Point{
		{124.030, 41.262}, {123.990, 41.268}, {123.950, 41.276}, {123.915, 41.286}, {123.880, 41.294},
		{123.850, 41.297}, {123.825, 41.301}, {123.805, 41.302}, {123.785, 41.297}, {123.760, 41.292},
	}
	return smoothLine(ctrl, 8)
}

// smoothLine draws a Catmull-Rom curve through the points, steps points
// per span.
func smoothLine(p []orb.Point, steps int) orb.LineString {
	at := func(i int) orb.Point { return p[max(0, min(len(p)-1, i))] }
	out := orb.LineString{roundPoint(p[0])}
	for i := 0; i+1 < len(p); i++ {
		p0, p1, p2, p3 := at(i-1), at(i), at(i+1), at(i+2)
		for s := 1; s <= steps; s++ {
			t := float64(s) / float64(steps)
			t2, t3 := t*t, t*t*t
			var q orb.Point
			for k := 0; k < 2; k++ {
				q[k] = 0.5 * (2*p1[k] + (-p0[k]+p2[k])*t + (2*p0[k]-5*p1[k]+4*p2[k]-p3[k])*t2 + (-p0[k]+3*p1[k]-3*p2[k]+p3[k])*t3)
			}
			out = append(out, roundPoint(q))
		}
	}
	return out
}

// roundPoint keeps five decimals (about a metre): enough for a sketch,
// and half the bytes of full precision.
func roundPoint(p orb.Point) orb.Point {
	return orb.Point{math.Round(p[0]*1e5) / 1e5, math.Round(p[1]*1e5) / 1e5}
}

func lineFeature(l orb.LineString, props map[string]any) bmFeature {
	return bmFeature{Type: "Feature", Properties: props, Geometry: bmGeometry{Type: "LineString", Coordinates: l}}
}

func pointFeature(p orb.Point, rank, name string) bmFeature {
	return bmFeature{Type: "Feature", Properties: map[string]any{"layer": "place", "rank": rank, "name": name},
		Geometry: bmGeometry{Type: "Point", Coordinates: roundPoint(p)}}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
