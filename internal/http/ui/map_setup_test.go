package ui

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"civicgrid/web"
)

// TestOneMapSetUp: only civicmap.js makes Leaflet maps and tile layers, so
// every map gets the same base layer, tiles and legend; a page script that
// set up its own would show a bare map when no tile server is set.
func TestOneMapSetUp(t *testing.T) {
	t.Parallel()
	setUp := regexp.MustCompile(`\bL\.(map|tileLayer)\(`)
	uses := 0
	err := fs.WalkDir(web.Files, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".js") {
			return err
		}
		b, err := fs.ReadFile(web.Files, p)
		if err != nil {
			return err
		}
		if p == "static/civicmap.js" {
			if !setUp.Match(b) {
				t.Errorf("%s makes no map: is the pattern still right?", p)
			}
			return nil
		}
		if m := setUp.Find(b); m != nil {
			t.Errorf("%s calls %s itself; use civicMap(el, options)", p, m)
		}
		if strings.Contains(string(b), "civicMap(") {
			uses++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if uses < 8 {
		t.Errorf("%d page scripts use civicMap, want the eight map pages' scripts", uses)
	}
}
