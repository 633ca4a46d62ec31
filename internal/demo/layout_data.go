package demo

import (
	"bytes"
	"embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"

	"github.com/paulmach/orb"
)

// The demo district: 本溪市明山区 (210504), its outline and its NBS divisions.
//
//go:embed data/mingshan-outline.geojson data/divisions/streets.csv data/divisions/villages.csv
var layoutData embed.FS

const (
	layoutDistrictCode = "210504"
	// DefaultLayoutGrids is the number of grids 明山区 publishes.
	DefaultLayoutGrids = 702
	defaultLayoutSeed  = 210504
)

// layoutUrbanCore is the part of 明山区 that adjoins Benxi's city centre.
var layoutUrbanCore = orb.Bound{Min: orb.Point{123.78, 41.28}, Max: orb.Point{123.85, 41.33}}

// DefaultLayout lays out 明山区 with about 702 grids, always the same way.
func DefaultLayout() (LayoutResult, error) {
	spec, err := DefaultLayoutSpec()
	if err != nil {
		return LayoutResult{}, err
	}
	return Layout(spec)
}

// DefaultLayoutSpec is the spec DefaultLayout uses, read from the embedded data.
func DefaultLayoutSpec() (LayoutSpec, error) {
	raw, err := layoutData.ReadFile("data/mingshan-outline.geojson")
	if err != nil {
		return LayoutSpec{}, err
	}
	name, outline, err := parseLayoutOutline(raw)
	if err != nil {
		return LayoutSpec{}, err
	}
	communities, err := readLayoutCommunities()
	if err != nil {
		return LayoutSpec{}, err
	}
	return LayoutSpec{
		DistrictName: name,
		Outline:      outline,
		UrbanCore:    layoutUrbanCore,
		Communities:  communities,
		TargetGrids:  DefaultLayoutGrids,
		Seed:         defaultLayoutSeed,
	}, nil
}

// parseOutline reads a FeatureCollection whose first feature is the district Polygon.
func parseLayoutOutline(raw []byte) (string, orb.Polygon, error) {
	var fc struct {
		Features []struct {
			Properties struct {
				Name string `json:"name"`
			} `json:"properties"`
			Geometry struct {
				Type        string      `json:"type"`
				Coordinates orb.Polygon `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(raw, &fc); err != nil {
		return "", nil, fmt.Errorf("demo: outline: %w", err)
	}
	if len(fc.Features) == 0 || fc.Features[0].Geometry.Type != "Polygon" {
		return "", nil, fmt.Errorf("demo: outline: want a FeatureCollection holding a Polygon")
	}
	f := fc.Features[0]
	return f.Properties.Name, f.Geometry.Coordinates, nil
}

// readCommunities reads the district's communities and villages, checking
// each belongs to a street of the district.
func readLayoutCommunities() ([]LayoutCommunity, error) {
	streets, err := readLayoutCSV("data/divisions/streets.csv", "code", "areaCode")
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, s := range streets {
		if s["areaCode"] == layoutDistrictCode {
			known[s["code"]] = true
		}
	}
	villages, err := readLayoutCSV("data/divisions/villages.csv", "code", "name", "streetCode", "areaCode")
	if err != nil {
		return nil, err
	}
	var out []LayoutCommunity
	for _, v := range villages {
		if v["areaCode"] != layoutDistrictCode {
			continue
		}
		if !known[v["streetCode"]] {
			return nil, fmt.Errorf("demo: villages.csv: %s %s names unknown street %s", v["code"], v["name"], v["streetCode"])
		}
		out = append(out, LayoutCommunity{Code: v["code"], Name: v["name"], StreetCode: v["streetCode"]})
	}
	return out, nil
}

// readDivisionCSV reads an embedded CSV with a header row into one map per
// record, holding the named columns (all of which must be present).
func readLayoutCSV(path string, columns ...string) ([]map[string]string, error) {
	raw, err := layoutData.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(raw))
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("demo: %s: %w", path, err)
	}
	index := map[string]int{}
	for i, h := range header {
		index[h] = i
	}
	for _, c := range columns {
		if _, ok := index[c]; !ok {
			return nil, fmt.Errorf("demo: %s: no %q column", path, c)
		}
	}
	var out []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("demo: %s: %w", path, err)
		}
		row := make(map[string]string, len(columns))
		for _, c := range columns {
			row[c] = rec[index[c]]
		}
		out = append(out, row)
	}
}
