package testsupport_test

import (
	"testing"

	"civicgrid/internal/geo"
	"civicgrid/internal/testsupport"
)

func TestGridCollectionParses(t *testing.T) {
	fs, err := geo.ParseGridFeatures(testsupport.GridCollection([]testsupport.SquareGrid{
		{Code: "210504002001001", Community: "210504002001", Lng: 123.8, Lat: 41.3},
		{Code: "210504002001012", Community: "210504002001", Lng: 123.802, Lat: 41.3},
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 {
		t.Fatalf("%d features, want 2", len(fs))
	}
	f := fs[1]
	if f.CommunityCode != "210504002001" || f.Name != "第12网格" || f.Seq != 12 {
		t.Fatalf("feature %+v", f)
	}
	if b := f.Geometry.Bound(); b.Min[0] != 123.802 || b.Max[1] != 41.301 {
		t.Fatalf("square %v, want 0.001° from (123.802, 41.3)", b)
	}
}
