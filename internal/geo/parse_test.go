package geo_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"civicgrid/internal/geo"

	"github.com/paulmach/orb"
)

// fc builds a FeatureCollection from features written as JSON fragments.
func fc(features ...string) []byte {
	return []byte(`{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`)
}

func feature(props, geomType, coords string) string {
	return fmt.Sprintf(`{"type":"Feature","properties":%s,"geometry":{"type":%q,"coordinates":%s}}`, props, geomType, coords)
}

// square coordinates, counter-clockwise, sides of d degrees.
func squareCoords(lng, lat, d float64) string {
	return fmt.Sprintf("[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]",
		lng, lat, lng+d, lat, lng+d, lat+d, lng, lat+d, lng, lat)
}

const (
	okProps = `{"community_code":"210504002001","name":"第一网格","seq":1}`
	lng0    = 123.77
	lat0    = 41.30
)

func validationProblems(t *testing.T, err error) []geo.Problem {
	t.Helper()
	var verr *geo.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("error %v (%T), want *geo.ValidationError", err, err)
	}
	return verr.Problems
}

func TestParseValidPolygonAndMultiPolygon(t *testing.T) {
	multi := "[" + squareCoords(lng0+0.01, lat0, 0.001) + "," + squareCoords(lng0+0.02, lat0, 0.001) + "]"
	data := fc(
		feature(okProps, "Polygon", squareCoords(lng0, lat0, 0.001)),
		// seq as a string, code as a number, no seq, altitude dropped.
		feature(`{"community_code":210504002002,"name":" 二号 ","seq":"007"}`, "MultiPolygon", multi),
		feature(`{"community_code":"210504002002","name":"三号"}`, "Polygon",
			`[[[123.8,41.3,12],[123.801,41.3,12],[123.801,41.301,12],[123.8,41.301,12],[123.8,41.3,12]]]`),
	)
	got, err := geo.ParseGridFeatures(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("got %d features, want 3", len(got))
	}
	if f := got[0]; f.Index != 0 || f.CommunityCode != "210504002001" || f.Name != "第一网格" || f.Seq != 1 {
		t.Errorf("feature 0 = %+v", f)
	}
	if _, ok := got[0].Geometry.(orb.Polygon); !ok {
		t.Errorf("feature 0 geometry is %T, want orb.Polygon", got[0].Geometry)
	}
	if f := got[1]; f.Index != 1 || f.CommunityCode != "210504002002" || f.Name != "二号" || f.Seq != 7 {
		t.Errorf("feature 1 = %+v", f)
	}
	mp, ok := got[1].Geometry.(orb.MultiPolygon)
	if !ok || len(mp) != 2 {
		t.Fatalf("feature 1 geometry is %T %v, want a 2-part orb.MultiPolygon", got[1].Geometry, got[1].Geometry)
	}
	if got[2].Seq != 0 {
		t.Errorf("feature 2 seq = %d, want 0 (absent)", got[2].Seq)
	}
	if p := got[2].Geometry.(orb.Polygon); p[0][1] != (orb.Point{123.801, 41.3}) {
		t.Errorf("altitude not dropped cleanly: %v", p[0])
	}
}

func TestParseNormalizesOrientationAndRepeats(t *testing.T) {
	// Clockwise shell with a repeated position, counter-clockwise hole.
	coords := `[[[0,0],[0,0.01],[0,0.01],[0.01,0.01],[0.01,0],[0,0]],
	            [[0.002,0.002],[0.004,0.002],[0.004,0.004],[0.002,0.004],[0.002,0.002]]]`
	got, err := geo.ParseGridFeatures(fc(feature(okProps, "Polygon", coords)))
	if err != nil {
		t.Fatal(err)
	}
	p := got[0].Geometry.(orb.Polygon)
	if len(p[0]) != 5 {
		t.Errorf("shell has %d positions after dropping the repeat, want 5: %v", len(p[0]), p[0])
	}
	if p[0].Orientation() != orb.CCW {
		t.Errorf("shell orientation %v, want counter-clockwise", p[0].Orientation())
	}
	if p[1].Orientation() != orb.CW {
		t.Errorf("hole orientation %v, want clockwise", p[1].Orientation())
	}
}

func TestParseReportsEveryProblem(t *testing.T) {
	bowtie := `[[[0,0],[0.01,0.01],[0.01,0],[0,0.01],[0,0]]]`
	cases := []struct {
		name, feature, want string
	}{
		{"wrong type", feature(okProps, "Point", `[1,2]`), "geometry type Point not allowed"},
		{"no geometry", `{"type":"Feature","properties":` + okProps + `,"geometry":null}`, "no geometry"},
		{"unclosed", feature(okProps, "Polygon", `[[[0,0],[0.01,0],[0.01,0.01],[0,0.01]]]`), "not closed"},
		{"too short", feature(okProps, "Polygon", `[[[0,0],[0.01,0],[0,0]]]`), "needs at least 4"},
		{"lng range", feature(okProps, "Polygon", `[[[0,0],[190,0],[190,1],[0,1],[0,0]]]`), "longitude 190 outside"},
		{"lat range", feature(okProps, "Polygon", `[[[0,0],[1,0],[1,91],[0,91],[0,0]]]`), "latitude 91 outside"},
		{"flat", feature(okProps, "Polygon", `[[[0,0],[0.01,0],[0.02,0],[0.01,0],[0,0]]]`), "doubles back"},
		{"speck", feature(okProps, "Polygon", `[[[0,0],[1e-9,0],[0,1e-9],[0,0]]]`), "encloses no area"},
		{"bowtie", feature(okProps, "Polygon", bowtie), "ring 0 intersects itself"},
		{"self-touch", feature(okProps, "Polygon", `[[[0,0],[0.02,0],[0.01,0.01],[0.02,0.02],[0,0.02],[0.01,0.01],[0,0]]]`), "ring 0 intersects itself"},
		{"hole outside", feature(okProps, "Polygon", `[[[0,0],[0.01,0],[0.01,0.01],[0,0.01],[0,0]],[[0.02,0.02],[0.03,0.02],[0.03,0.03],[0.02,0.02]]]`), "hole 1 lies outside"},
		{"hole crosses", feature(okProps, "Polygon", `[[[0,0],[0.01,0],[0.01,0.01],[0,0.01],[0,0]],[[0.005,0.005],[0.02,0.005],[0.02,0.008],[0.005,0.005]]]`), "rings 0 and 1 intersect"},
		{"nested holes", feature(okProps, "Polygon", `[[[0,0],[0.1,0],[0.1,0.1],[0,0.1],[0,0]],[[0.01,0.01],[0.09,0.01],[0.09,0.09],[0.01,0.09],[0.01,0.01]],[[0.02,0.02],[0.03,0.02],[0.03,0.03],[0.02,0.02]]]`), "hole 2 lies inside hole 1"},
		{"parts overlap", feature(okProps, "MultiPolygon", "["+squareCoords(0, 0, 0.01)+","+squareCoords(0.005, 0.005, 0.01)+"]"), "polygons 0 and 1 overlap"},
		{"short position", feature(okProps, "Polygon", `[[[0,0],[1],[1,1],[0,1],[0,0]]]`), "position 1 has 1 numbers"},
		{"string coords", feature(okProps, "Polygon", `[[["a","b"]]]`), "coordinates must be"},
		{"huge number", feature(okProps, "Polygon", `[[[1e400,0],[1,0],[1,1],[0,0]]]`), "coordinates must be"},
		{"no code", feature(`{"name":"x"}`, "Polygon", squareCoords(0, 0, 0.01)), "community_code is required"},
		{"short code", feature(`{"community_code":"2105","name":"x"}`, "Polygon", squareCoords(0, 0, 0.01)), "12 digits"},
		{"letters in code", feature(`{"community_code":"21050400200A","name":"x"}`, "Polygon", squareCoords(0, 0, 0.01)), "12 digits"},
		{"no name", feature(`{"community_code":"210504002001"}`, "Polygon", squareCoords(0, 0, 0.01)), "name is required"},
		{"blank name", feature(`{"community_code":"210504002001","name":"  "}`, "Polygon", squareCoords(0, 0, 0.01)), "name is required"},
		{"name not string", feature(`{"community_code":"210504002001","name":5}`, "Polygon", squareCoords(0, 0, 0.01)), "name must be a string"},
		{"seq zero", feature(`{"community_code":"210504002001","name":"x","seq":0}`, "Polygon", squareCoords(0, 0, 0.01)), "seq must be"},
		{"seq big", feature(`{"community_code":"210504002001","name":"x","seq":1000}`, "Polygon", squareCoords(0, 0, 0.01)), "seq must be"},
		{"seq fraction", feature(`{"community_code":"210504002001","name":"x","seq":1.5}`, "Polygon", squareCoords(0, 0, 0.01)), "seq must be"},
		{"not a feature", `{"type":"Thing","properties":` + okProps + `,"geometry":{"type":"Polygon","coordinates":` + squareCoords(0, 0, 0.01) + `}}`, `want "Feature"`},
		{"feature is array", `[1,2]`, "not a GeoJSON Feature"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			good := feature(okProps, "Polygon", squareCoords(lng0, lat0, 0.001))
			_, err := geo.ParseGridFeatures(fc(good, c.feature))
			ps := validationProblems(t, err)
			found := false
			for _, p := range ps {
				if p.Index == 0 {
					t.Errorf("valid feature 0 reported: %v", p)
				}
				if p.Index == 1 && strings.Contains(p.Message, c.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("problems %v, want one for feature 1 containing %q", ps, c.want)
			}
		})
	}
}

func TestParseCollectsAcrossFeatures(t *testing.T) {
	data := fc(
		feature(`{"community_code":"1","name":"甲"}`, "Polygon", squareCoords(0, 0, 0.01)),
		feature(okProps, "Polygon", squareCoords(lng0, lat0, 0.001)),
		feature(`{"community_code":"210504002001","name":"乙"}`, "LineString", `[[0,0],[1,1]]`),
	)
	ps := validationProblems(t, func() error { _, err := geo.ParseGridFeatures(data); return err }())
	if len(ps) != 2 || ps[0].Index != 0 || ps[0].Name != "甲" || ps[1].Index != 2 || ps[1].Name != "乙" {
		t.Fatalf("problems = %+v, want one for feature 0 (甲) and one for feature 2 (乙)", ps)
	}
	var verr *geo.ValidationError
	errors.As(func() error { _, err := geo.ParseGridFeatures(data); return err }(), &verr)
	if msg := verr.Error(); !strings.Contains(msg, "2 problems") || !strings.Contains(msg, "feature 2 (乙)") {
		t.Errorf("message %q lacks the count or the feature", msg)
	}
}

func TestParseCapsProblems(t *testing.T) {
	var fs []string
	for i := 0; i < geo.MaxProblems+7; i++ {
		fs = append(fs, feature(`{"community_code":"x","name":"n"}`, "Polygon", squareCoords(0, 0, 0.01)))
	}
	_, err := geo.ParseGridFeatures(fc(fs...))
	var verr *geo.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("error %v, want *ValidationError", err)
	}
	if len(verr.Problems) != geo.MaxProblems || verr.Omitted != 7 || verr.Len() != geo.MaxProblems+7 {
		t.Errorf("kept %d, omitted %d; want %d and 7", len(verr.Problems), verr.Omitted, geo.MaxProblems)
	}
}

func TestParseMalformed(t *testing.T) {
	cases := map[string]string{
		"syntax":    "{\"type\":\"FeatureCollection\",\n\"features\":[}",
		"not FC":    `{"type":"Feature","features":[]}`,
		"array":     `[1,2,3]`,
		"features":  `{"type":"FeatureCollection","features":{}}`,
		"empty":     ``,
		"truncated": `{"type":"FeatureCollection","features":[{"type":"Feature"`,
	}
	for name, in := range cases {
		_, err := geo.ParseGridFeatures([]byte(in))
		if !errors.Is(err, geo.ErrMalformed) {
			t.Errorf("%s: error %v, want ErrMalformed", name, err)
		}
	}
	_, err := geo.ParseGridFeatures([]byte("{\"type\":\"FeatureCollection\",\n\"features\":[}"))
	if !strings.Contains(err.Error(), "line 2") {
		t.Errorf("syntax error %q does not name line 2", err)
	}
	_, err = geo.ParseGridFeatures([]byte(`{"type":"FeatureCollection","features":[]}`))
	if ps := validationProblems(t, err); len(ps) != 1 || !strings.Contains(ps[0].Message, "no features") {
		t.Errorf("empty collection: %v", ps)
	}
}

func TestValidateGeometry(t *testing.T) {
	if err := geo.ValidateGeometry(orb.Polygon{orb.Ring{{0, 0}, {0.01, 0}, {0.01, 0.01}, {0, 0.01}, {0, 0}}}); err != nil {
		t.Errorf("square: %v", err)
	}
	err := geo.ValidateGeometry(orb.Polygon{orb.Ring{{0, 0}, {0.01, 0.01}, {0.01, 0}, {0, 0.01}, {0, 0}}})
	if !errors.Is(err, geo.ErrInvalidGeometry) || !strings.Contains(err.Error(), "intersects itself") {
		t.Errorf("bowtie: %v", err)
	}
	if err := geo.ValidateGeometry(orb.Point{1, 2}); !errors.Is(err, geo.ErrInvalidGeometry) {
		t.Errorf("point: %v", err)
	}
}

func TestValidationErrorJSON(t *testing.T) {
	v := &geo.ValidationError{}
	if v.OrNil() != nil {
		t.Fatal("empty ValidationError must be a nil error")
	}
	v.Addf(3, "三", "bad %s", "thing")
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"problems":[{"index":3,"name":"三","message":"bad thing"}]}` {
		t.Errorf("JSON = %s", b)
	}
}

func TestGeometryJSONRoundTrip(t *testing.T) {
	withHole := orb.Polygon{
		orb.Ring{{123.1, 41.1}, {123.2, 41.1}, {123.2, 41.2}, {123.1, 41.2}, {123.1, 41.1}},
		orb.Ring{{123.12, 41.12}, {123.12, 41.13}, {123.13, 41.13}, {123.12, 41.12}},
	}
	for _, g := range []orb.Geometry{withHole, orb.MultiPolygon{withHole, {orb.Ring{{1, 1}, {2, 1}, {2, 2}, {1, 1}}}}} {
		b, err := geo.MarshalGeometry(g)
		if err != nil {
			t.Fatal(err)
		}
		back, err := geo.UnmarshalGeometry(b)
		if err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if !orb.Equal(g, back) {
			t.Errorf("round trip changed %v to %v", g, back)
		}
	}
	b, _ := geo.MarshalGeometry(orb.Point{123.5, 41.25})
	if string(b) != `{"type":"Point","coordinates":[123.5,41.25]}` {
		t.Errorf("point JSON %s", b)
	}
	if _, err := geo.MarshalGeometry(orb.LineString{{0, 0}, {1, 1}}); err == nil {
		t.Error("LineString marshalled")
	}
	for _, bad := range []string{`{"type":"Point","coordinates":[1,2]}`, `{"type":"Polygon","coordinates":"x"}`, `nope`} {
		if _, err := geo.UnmarshalGeometry([]byte(bad)); !errors.Is(err, geo.ErrMalformed) {
			t.Errorf("%s: %v, want ErrMalformed", bad, err)
		}
	}
}

// TestCoordinateReaderMatchesEncodingJSON feeds the hand-written coordinate
// reader the number and spacing forms JSON allows and compares it with
// encoding/json.
func TestCoordinateReaderMatchesEncodingJSON(t *testing.T) {
	coords := " [ [ [123.77 , 41.3 ] ,[1.2377E2,4.131e+1],\n\t[ 123.771e0, 41.31, -7 ],[123.77,41.3]] ] "
	var want [][][]float64
	if err := json.Unmarshal([]byte(coords), &want); err != nil {
		t.Fatal(err)
	}
	g, err := geo.UnmarshalGeometry([]byte(`{"type":"Polygon","coordinates":` + coords + `}`))
	if err != nil {
		t.Fatal(err)
	}
	p := g.(orb.Polygon)
	if len(p) != 1 || len(p[0]) != len(want[0]) {
		t.Fatalf("read %v, want %v", p, want)
	}
	for i, pos := range want[0] {
		if p[0][i] != (orb.Point{pos[0], pos[1]}) {
			t.Errorf("position %d = %v, want %v", i, p[0][i], pos[:2])
		}
	}
	for _, bad := range []string{`[[[1,2],[3,4]]] x`, `[[[1,2],{"a":1}]]`, `[[[1,null]]]`, `[[[[1,2]]]]`, `[[[]]]`, `[[[1,2,3,4]]]`, `null`, `[[1,2]]`} {
		if _, err := geo.UnmarshalGeometry([]byte(`{"type":"Polygon","coordinates":` + bad + `}`)); err == nil {
			t.Errorf("coordinates %s accepted", bad)
		}
	}
}
