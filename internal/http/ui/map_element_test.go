package ui

import (
	"html/template"
	"strings"
	"testing"
)

// TestMapElement: the map partial's attributes are escaped, labels come in
// the page's language, and a bad call (odd pairs, a name that is no
// data- name, an unknown message key) is an error, not a broken page.
func TestMapElement(t *testing.T) {
	t.Parallel()
	zh := &page{Lang: LangZH}
	m, err := mapElement(zh, "report-map", "map portal-map", "map.label",
		"geojson", "/ui/grids.geojson?under=1&x=\"2\"", "label-error", "locate.error", "hidden", "")
	if err != nil {
		t.Fatal(err)
	}
	want := []template.HTMLAttr{`data-geojson="/ui/grids.geojson?under=1&amp;x=&#34;2&#34;"`,
		template.HTMLAttr(`data-label-error="` + LangZH.T("locate.error") + `"`), "hidden"}
	if m.Label != "网格地图" || len(m.Attrs) != len(want) {
		t.Fatalf("got %+v", m)
	}
	for i := range want {
		if m.Attrs[i] != want[i] {
			t.Errorf("attribute %d: %s, want %s", i, m.Attrs[i], want[i])
		}
	}
	for name, args := range map[string][]string{
		"odd pairs":     {"geojson"},
		"bad name":      {"on-click", "x", `x" onclick="alert(1)`, "y"},
		"upper case":    {"GeoJSON", "x"},
		"unknown label": {"label-error", "no.such.key"},
	} {
		if _, err := mapElement(zh, "m", "map", "map.label", args...); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := mapElement(zh, "m", "map", "no.such.key"); err == nil || !strings.Contains(err.Error(), "no.such.key") {
		t.Errorf("an unknown aria-label key: %v", err)
	}
}
