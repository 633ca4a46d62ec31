package geo_test

import (
	"errors"
	"testing"

	"civicgrid/internal/geo"

	"github.com/paulmach/orb"
)

func FuzzParseGridFeatures(f *testing.F) {
	bowtie := `[[[0,0],[0.01,0.01],[0.01,0],[0,0.01],[0,0]]]`
	multi := "[" + squareCoords(lng0, lat0, 0.001) + "," + squareCoords(lng0+0.002, lat0, 0.001) + "]"
	for _, seed := range []string{
		string(fc(feature(okProps, "Polygon", squareCoords(lng0, lat0, 0.001)))),
		string(fc(feature(`{"community_code":"210504002001","name":"多","seq":"2"}`, "MultiPolygon", multi))),
		string(fc(feature(okProps, "Polygon", `[[[0,0],[0.01,0],[0.01,0.01],[0,0.01]]]`))), // unclosed ring
		string(fc(feature(okProps, "Polygon", bowtie))),
		string(fc(feature(okProps, "LineString", `[[0,0],[1,1]]`))),
		string(fc(feature(okProps, "Polygon", `[[[0,0],[0.1,0],[0.1,0.1],[0,0.1],[0,0]],[[0.02,0.02],[0.03,0.02],[0.03,0.03],[0.02,0.02]]]`))),
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[1e308,1e308]]]}}]}`,
		`{"type":"FeatureCollection","features":[null,1,"x",{}]}`,
		`{"type":"FeatureCollection"`,
		`[]`,
		`null`,
		"\xff\xfe",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		features, err := geo.ParseGridFeatures(data)
		if err != nil {
			var verr *geo.ValidationError
			if !errors.As(err, &verr) && !errors.Is(err, geo.ErrMalformed) {
				t.Fatalf("error %v (%T) is neither a ValidationError nor ErrMalformed", err, err)
			}
			if verr != nil && (verr.Len() == 0 || len(verr.Problems) > geo.MaxProblems) {
				t.Fatalf("ValidationError with %d problems kept, %d total", len(verr.Problems), verr.Len())
			}
			if features != nil {
				t.Fatal("features returned with an error")
			}
			return
		}
		for i, gf := range features {
			if gf.Index != i || len(gf.CommunityCode) != 12 || gf.Name == "" || gf.Seq < 0 || gf.Seq > 999 {
				t.Fatalf("accepted feature %+v", gf)
			}
			switch gf.Geometry.(type) {
			case orb.Polygon, orb.MultiPolygon:
			default:
				t.Fatalf("accepted geometry %T", gf.Geometry)
			}
			if geo.AreaM2(gf.Geometry) <= 0 {
				t.Fatalf("accepted a geometry without area: %v", gf.Geometry)
			}
			if err := geo.ValidateGeometry(gf.Geometry); err != nil {
				t.Fatalf("accepted geometry fails validation again: %v", err)
			}
			// Exercise the area code paths on whatever was accepted.
			_ = geo.IntersectionAreaM2(gf.Geometry, gf.Geometry)
		}
	})
}
