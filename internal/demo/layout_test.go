package demo

import (
	"civicgrid/internal/org"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"
)

var defaultLayoutOnce = sync.OnceValues(func() (LayoutResult, error) { return DefaultLayout() })

func defaultLayoutForTest(t *testing.T) (LayoutResult, LayoutSpec) {
	t.Helper()
	res, err := defaultLayoutOnce()
	if err != nil {
		t.Fatal(err)
	}
	spec, err := DefaultLayoutSpec()
	if err != nil {
		t.Fatal(err)
	}
	return res, spec
}

func TestDefaultLayoutSpecReadsTheDistrict(t *testing.T) {
	_, spec := defaultLayoutForTest(t)
	if spec.DistrictName != "明山区" {
		t.Errorf("district name %q", spec.DistrictName)
	}
	if len(spec.Communities) != 82 {
		t.Errorf("%d communities, want 82", len(spec.Communities))
	}
	streets := map[string]int{}
	villages := 0
	for _, c := range spec.Communities {
		streets[c.StreetCode]++
		if org.IsVillageCommittee(c.Name) {
			villages++
		}
	}
	if len(streets) != 7 || streets["210504002"] != 14 || streets["210504011"] != 16 {
		t.Errorf("streets %v", streets)
	}
	if villages != 26 {
		t.Errorf("%d villages, want 26", villages)
	}
}

func TestDefaultLayoutGridCount(t *testing.T) {
	res, spec := defaultLayoutForTest(t)
	n := len(res.Grids)
	if n < spec.TargetGrids*95/100 || n > spec.TargetGrids*105/100 {
		t.Fatalf("%d grids, want %d ± 5%%", n, spec.TargetGrids)
	}
}

func TestDefaultLayoutGeometry(t *testing.T) {
	res, spec := defaultLayoutForTest(t)
	checkLayoutGeometry(t, res.Grids, spec.Outline[0], 0.95)
}

func TestDefaultLayoutCommunities(t *testing.T) {
	res, spec := defaultLayoutForTest(t)
	checkLayoutCommunities(t, res, spec.Communities, spec.Outline[0])
}

// Streets must be contiguous too: the union of a street's grids is one
// edge-connected group.
func TestDefaultLayoutStreetsContiguous(t *testing.T) {
	res, spec := defaultLayoutForTest(t)
	streetOf := map[string]string{}
	for _, c := range spec.Communities {
		streetOf[c.Code] = c.StreetCode
	}
	byStreet := map[string][]LayoutGrid{}
	for _, g := range res.Grids {
		byStreet[streetOf[g.CommunityCode]] = append(byStreet[streetOf[g.CommunityCode]], g)
	}
	if len(byStreet) != 7 {
		t.Fatalf("%d streets have grids, want 7", len(byStreet))
	}
	for code, grids := range byStreet {
		checkLayoutContiguous(t, LayoutCommunity{Code: code, Name: "street"}, grids)
	}
}

func TestDefaultLayoutBuildings(t *testing.T) {
	res, spec := defaultLayoutForTest(t)
	if n := len(res.Buildings); n < 2000 || n > 8000 {
		t.Fatalf("%d buildings, want a few thousand", n)
	}
	checkLayoutBuildings(t, res, spec.Communities, spec.DistrictName, spec.Outline[0])
	perGrid := map[string]int{}
	for _, b := range res.Buildings {
		perGrid[fmt.Sprintf("%s/%d", b.CommunityCode, b.GridSeq)]++
		if b.CommunityCode == "210504002001" && b.Name == "1号楼" && b.Address != "明山区永光社区1号楼" {
			t.Errorf("address %q", b.Address)
		}
	}
	for _, n := range perGrid {
		if n > 12 {
			t.Fatalf("a grid holds %d buildings, want at most 12", n)
		}
	}
}

func TestLayoutIsDeterministic(t *testing.T) {
	res, spec := defaultLayoutForTest(t)
	again, err := Layout(spec)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res, again) {
		t.Fatal("two layouts with the same seed differ")
	}
	spec.Seed++
	other, err := Layout(spec)
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(res.Grids, other.Grids) {
		t.Fatal("a different seed gave the same grids")
	}
	checkLayoutGeometry(t, other.Grids, spec.Outline[0], 0.95)
}

func TestLayoutFeatureCollection(t *testing.T) {
	res, _ := defaultLayoutForTest(t)
	raw, err := res.FeatureCollection()
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Type       string         `json:"type"`
			Properties map[string]any `json:"properties"`
			Geometry   struct {
				Type        string      `json:"type"`
				Coordinates orb.Polygon `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(raw, &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) != len(res.Grids) {
		t.Fatalf("type %q with %d features, want FeatureCollection with %d", fc.Type, len(fc.Features), len(res.Grids))
	}
	for i, f := range fc.Features {
		g := res.Grids[i]
		p := f.Properties
		if f.Type != "Feature" || f.Geometry.Type != "Polygon" || len(p) != 3 ||
			p["community_code"] != g.CommunityCode || p["name"] != g.Name || p["seq"] != float64(g.Seq) {
			t.Fatalf("feature %d: %s %s %v, want grid %+v", i, f.Type, f.Geometry.Type, p, g.Name)
		}
		if !reflect.DeepEqual(f.Geometry.Coordinates, g.Polygon) {
			t.Fatalf("feature %d: coordinates do not round-trip", i)
		}
	}
}

// combOutline is a synthetic district: a bar with teeth narrower than a grid,
// so lattice cells are cut into several separate pieces.
func combOutline() orb.Polygon {
	const lng0, lat0, d = 120.0, 30.0, 0.001 // d ≈ 100 m
	r := orb.Ring{{lng0, lat0}, {lng0 + 60*d, lat0}, {lng0 + 60*d, lat0 + 40*d}}
	for tooth := 5; tooth >= 0; tooth-- {
		x := lng0 + float64(tooth)*10*d
		r = append(r, orb.Point{x + 6.3*d, lat0 + 40*d}, orb.Point{x + 6.3*d, lat0 + 12*d},
			orb.Point{x + 3.7*d, lat0 + 12*d}, orb.Point{x + 3.7*d, lat0 + 40*d})
	}
	r = append(r, orb.Point{lng0, lat0 + 40*d}, orb.Point{lng0, lat0})
	return orb.Polygon{r}
}

func syntheticCommunities() []LayoutCommunity {
	return []LayoutCommunity{
		{Code: "330101001001", Name: "东门社区居委会", StreetCode: "330101001"},
		{Code: "330101001002", Name: "西门社区居委会", StreetCode: "330101001"},
		{Code: "330101001201", Name: "山前村民委员会", StreetCode: "330101001"},
		{Code: "330101002001", Name: "河口社区居委会", StreetCode: "330101002"},
		{Code: "330101002201", Name: "河口村村民委员会", StreetCode: "330101002"},
	}
}

func TestLayoutSyntheticComb(t *testing.T) {
	for _, tc := range []struct {
		name string
		core orb.Bound
	}{
		{"uniform", orb.Bound{}},
		{"with urban core", orb.Bound{Min: orb.Point{120.0, 30.0}, Max: orb.Point{120.01, 30.01}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spec := LayoutSpec{DistrictName: "测试区", Outline: combOutline(), UrbanCore: tc.core,
				Communities: syntheticCommunities(), TargetGrids: 60, Seed: 7}
			res, err := Layout(spec)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(res.Grids); n < 57 || n > 63 {
				t.Fatalf("%d grids, want 60 ± 5%%", n)
			}
			checkLayoutGeometry(t, res.Grids, spec.Outline[0], 0.95)
			checkLayoutCommunities(t, res, spec.Communities, spec.Outline[0])
			checkLayoutBuildings(t, res, spec.Communities, spec.DistrictName, spec.Outline[0])
		})
	}
}

// A clockwise outline with a zero-width spike (as in the real 明山区 data)
// lays out like its clean counter-clockwise twin.
func TestLayoutCleansOutline(t *testing.T) {
	clean := combOutline()[0]
	spiky := orb.Ring{clean[0], clean[1], {clean[1][0] - 0.002, clean[1][1]}, clean[1]}
	spiky = append(spiky, clean[2:]...)
	for i, j := 0, len(spiky)-1; i < j; i, j = i+1, j-1 {
		spiky[i], spiky[j] = spiky[j], spiky[i]
	}
	spec := LayoutSpec{DistrictName: "测试区", Outline: orb.Polygon{clean}, Communities: syntheticCommunities(), TargetGrids: 40, Seed: 3}
	want, err := Layout(spec)
	if err != nil {
		t.Fatal(err)
	}
	spec.Outline = orb.Polygon{spiky}
	got, err := Layout(spec)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Grids) != len(want.Grids) {
		t.Fatalf("spiky outline gave %d grids, clean one %d", len(got.Grids), len(want.Grids))
	}
	checkLayoutGeometry(t, got.Grids, spiky, 0.95)
}

func TestLayoutRejectsBadInput(t *testing.T) {
	good := LayoutSpec{DistrictName: "测试区", Outline: combOutline(), Communities: syntheticCommunities(), TargetGrids: 40, Seed: 1}
	for _, tc := range []struct {
		name   string
		mutate func(*LayoutSpec)
		want   string
	}{
		{"no outline", func(s *LayoutSpec) { s.Outline = nil }, "one ring"},
		{"outline with a hole", func(s *LayoutSpec) { s.Outline = append(s.Outline, s.Outline[0]) }, "one ring"},
		{"too few points", func(s *LayoutSpec) { s.Outline = orb.Polygon{{{120, 30}, {121, 30}, {120, 30}}} }, "at least 4"},
		{"not lng/lat", func(s *LayoutSpec) { s.Outline = orb.Polygon{{{500, 30}, {501, 30}, {501, 31}, {500, 30}}} }, "WGS84"},
		{"flat outline", func(s *LayoutSpec) { s.Outline = orb.Polygon{{{120, 30}, {121, 30}, {122, 30}, {120, 30}}} }, "no area"},
		{"no communities", func(s *LayoutSpec) { s.Communities = nil }, "no communities"},
		{"duplicate community", func(s *LayoutSpec) { s.Communities = append(s.Communities, s.Communities[0]) }, "twice"},
		{"community without street", func(s *LayoutSpec) { s.Communities[0].StreetCode = "" }, "street code"},
		{"target below communities", func(s *LayoutSpec) { s.TargetGrids = 3 }, "target"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spec := good
			spec.Communities = append([]LayoutCommunity(nil), good.Communities...)
			tc.mutate(&spec)
			_, err := Layout(spec)
			if !errors.Is(err, ErrInvalidLayout) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want ErrInvalidLayout mentioning %q", err, tc.want)
			}
		})
	}
}

func TestCleanRingRemovesSpikesAndRepeats(t *testing.T) {
	a, b, c, d := orb.Point{0, 0}, orb.Point{1, 0}, orb.Point{1, 1}, orb.Point{0, 1}
	got := cleanRing(orb.Ring{a, b, a, b, b, c, d, a})
	want := orb.Ring{a, b, c, d, a}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("cleanRing = %v, want %v", got, want)
	}
}

func BenchmarkDefaultLayout(b *testing.B) {
	for b.Loop() {
		if _, err := DefaultLayout(); err != nil {
			b.Fatal(err)
		}
	}
}

// Other targets on the real outline: the spacing search must still land
// within 5% and the result must stay a valid, contiguous grid map.
func TestLayoutOtherTargets(t *testing.T) {
	_, spec := defaultLayoutForTest(t)
	for _, target := range []int{150, 1500} {
		spec.TargetGrids = target
		res, err := Layout(spec)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(res.Grids); n < target*95/100 || n > target*105/100 {
			t.Fatalf("%d grids, want %d ± 5%%", n, target)
		}
		checkLayoutGeometry(t, res.Grids, spec.Outline[0], 0.95)
		checkLayoutCommunities(t, res, spec.Communities, spec.Outline[0])
	}
}
