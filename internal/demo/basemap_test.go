package demo

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"civicgrid/internal/errs"
	"civicgrid/internal/org"
)

// TestBaseMapFileCurrent: the base layer the UI embeds is what BaseMap
// draws now. After a change to the layout or to BaseMap, rewrite it with
// CIVICGRID_UPDATE_BASEMAP=1 go test ./internal/demo -run TestBaseMapFileCurrent
func TestBaseMapFileCurrent(t *testing.T) {
	t.Parallel()
	want, err := BaseMap()
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("CIVICGRID_UPDATE_BASEMAP") != "" {
		if err := os.WriteFile(BaseMapFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes)", BaseMapFile, len(want))
	}
	got, err := os.ReadFile(BaseMapFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is out of date (%d bytes, BaseMap draws %d): rewrite it with CIVICGRID_UPDATE_BASEMAP=1", BaseMapFile, len(got), len(want))
	}
	if len(got) > 400<<10 {
		t.Fatalf("the base layer is %d KiB; every map page loads it, keep it under 400 KiB", len(got)>>10)
	}
}

type bmTestFC struct {
	Features []struct {
		Properties map[string]string `json:"properties"`
		Geometry   struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

// TestBaseMapContents: roads of every class, the river, and a name for
// every street, every community, and each urban community's 小区 and road
// (the road its demo addresses use), all inside the district's bounds.
func TestBaseMapContents(t *testing.T) {
	t.Parallel()
	raw, err := BaseMap()
	if err != nil {
		t.Fatal(err)
	}
	var fc bmTestFC
	if err := json.Unmarshal(raw, &fc); err != nil {
		t.Fatal(err)
	}
	spec, err := DefaultLayoutSpec()
	if err != nil {
		t.Fatal(err)
	}
	classes := map[string]int{}
	names := map[string]map[string]bool{}
	rivers, buildings := 0, 0
	bound := spec.Outline.Bound().Pad(0.01)
	for _, f := range fc.Features {
		p := f.Properties
		switch p["layer"] {
		case "road":
			classes[p["class"]]++
		case "river":
			rivers++
		case "buildings":
			var pts [][2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &pts); err != nil {
				t.Fatal(err)
			}
			buildings += len(pts)
		case "place":
			if names[p["rank"]] == nil {
				names[p["rank"]] = map[string]bool{}
			}
			names[p["rank"]][p["name"]] = true
			var pt [2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &pt); err != nil {
				t.Fatalf("label %s: %v", p["name"], err)
			}
			if !bound.Contains(pt) {
				t.Errorf("label %s at %v is outside the district", p["name"], pt)
			}
		default:
			t.Fatalf("unknown layer %q", p["layer"])
		}
	}
	for _, c := range []string{roadMain, roadRoad, roadLane} {
		if classes[c] != 1 {
			t.Errorf("%d features of road class %s, want one line set", classes[c], c)
		}
	}
	res, err := DefaultLayout()
	if err != nil {
		t.Fatal(err)
	}
	if buildings != len(res.Buildings) {
		t.Errorf("%d buildings on the base map, the layout has %d", buildings, len(res.Buildings))
	}
	if rivers != 1 {
		t.Errorf("%d rivers, want the 太子河", rivers)
	}
	for _, s := range []string{"北地街道", "高峪街道", "明山街道", "新明街道", "牛心台街道", "卧龙街道", "高台子街道"} {
		if !names["street"][s] {
			t.Errorf("no label for %s", s)
		}
	}
	urban := 0
	for _, c := range spec.Communities {
		display := org.CommitteeDisplayName(c.Name)
		if !names["community"][display] {
			t.Errorf("no label for %s", display)
		}
		if org.IsVillageCommittee(c.Name) {
			continue
		}
		urban++
		if !names["estate"][strings.TrimSuffix(display, "社区")+"小区"] {
			t.Errorf("no 小区 label for %s", display)
		}
	}
	// A community of one grid has no lane to name; every other one does.
	if n := len(names["road"]); n < urban*3/4 || classes["named"] != n {
		t.Errorf("%d road names on %d named lines for %d urban communities", n, classes["named"], urban)
	}
	if !names["road"]["永光路"] {
		t.Errorf("no 永光路, the road of 永光社区's addresses: %v", names["road"])
	}
}

// TestBaseMapNoGrids: nothing to draw from is refused as invalid input.
func TestBaseMapNoGrids(t *testing.T) {
	t.Parallel()
	spec, err := DefaultLayoutSpec()
	if err != nil {
		t.Fatal(err)
	}
	_, err = baseMapOf(spec, LayoutResult{}, nil)
	if errs.KindOf(err) != errs.Invalid || !errors.Is(err, ErrInvalidLayout) {
		t.Fatalf("no grids: %v, want an invalid-layout error", err)
	}
}
